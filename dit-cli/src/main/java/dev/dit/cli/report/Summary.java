package dev.dit.cli.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The block a report opens with: what a reader should take in at a glance, one entry per
 * {@link Topic}, shown in the topics' order whatever the order they were added in. An entry is a
 * sentence or a small table (cells as in {@link HtmlReport.Builder#table}: {@code NaN} and
 * {@link NoValue} cells become {@code —} with a footnote). Instances are immutable.
 */
public final class Summary {

    /** What an entry is about; the declaration order is the display order. */
    public enum Topic {
        /** The data: source, split sizes, flipped labels, query. */
        DATA("Data"),
        /** The model and its training hyper-parameters. */
        MODEL("Model"),
        /** Accuracy and loss at the end of training. */
        TRAINING("Training"),
        /** Agreement of the estimates with exact retraining, per definition and window. */
        AGREEMENT("Agreement with retraining"),
        /** How well the rankings find the flipped labels. */
        DETECTION("Flipped labels"),
        /** A study's own headline result (stages, patterns). */
        RESULT("Result"),
        /**
         * Reserved for verdicts on whether an estimate can be trusted for this run. Nothing
         * produces them yet; the entry then sits after the measured results.
         */
        TRUST("Trust");

        private final String label;

        Topic(String label) {
            this.label = label;
        }

        /**
         * The heading shown for the entry.
         *
         * @return the label
         */
        public String label() {
            return label;
        }
    }

    /** One entry: a sentence, a table, or both (sentence first). */
    record Entry(String text, Block.Table table) {
    }

    private final Map<Topic, Entry> entries;

    private Summary(Map<Topic, Entry> entries) {
        this.entries = new EnumMap<>(entries);
    }

    /**
     * Starts an empty summary.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The entries, in topic order. */
    Map<Topic, Entry> entries() {
        return entries;
    }

    /** Collects the entries. Not thread-safe. */
    public static final class Builder {
        private final Map<Topic, Entry> entries = new EnumMap<>(Topic.class);

        private Builder() {
        }

        /**
         * Adds a sentence.
         *
         * @param topic what it is about; each topic at most once
         * @param text plain text (escaped)
         * @return this builder
         * @throws IllegalStateException if the topic already has an entry
         */
        public Builder text(Topic topic, String text) {
            return put(topic, new Entry(Objects.requireNonNull(text, "text"), null));
        }

        /**
         * Adds a sentence followed by a small table.
         *
         * @param topic what it is about; each topic at most once
         * @param text plain text shown before the table (may be empty)
         * @param header column names
         * @param rows rows, one cell per column
         * @param noValueReason footnote for {@code NaN} cells
         * @return this builder
         * @throws IllegalStateException if the topic already has an entry
         */
        public Builder table(Topic topic, String text, List<String> header, List<? extends List<?>> rows,
                             String noValueReason) {
            return put(topic, new Entry(Objects.requireNonNull(text, "text"),
                    Block.Table.of(null, header, rows, null, noValueReason)));
        }

        private Builder put(Topic topic, Entry entry) {
            if (entries.putIfAbsent(Objects.requireNonNull(topic, "topic"), entry) != null) {
                throw new IllegalStateException("summary already has a " + topic.label() + " entry");
            }
            return this;
        }

        /**
         * Freezes the entries.
         *
         * @return the summary
         */
        public Summary build() {
            return new Summary(entries);
        }
    }
}
