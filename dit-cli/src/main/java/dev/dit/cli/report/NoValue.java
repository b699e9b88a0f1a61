package dev.dit.cli.report;

import java.util.Objects;

/**
 * A table cell that has no number, with the reason. The report shows it as {@code —} with a
 * numbered footnote giving {@code reason}; a {@code NaN} cell handed to a table is shown the same
 * way with the table's default reason, so the page never says "NaN".
 *
 * @param reason why there is no value, as a short sentence for the footnote
 */
public record NoValue(String reason) {

    /** The reason given to a {@code NaN} cell when its table names none. */
    public static final String UNDEFINED = "no value: the statistic is undefined for this row";

    /**
     * Checks the reason.
     *
     * @param reason why there is no value; not blank
     */
    public NoValue {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a missing value needs a reason");
        }
    }
}
