package dev.dit.influence.estimate;

import java.util.Locale;

/** The two window definitions of method.md §3. Never compare one with the other's ground truth. */
public enum Definition {
    /** G: j removed from the whole run; the window's share of the query's change. */
    GLOBAL,
    /** L: the original run up to the window's start, j removed only inside the window. */
    LOCAL;

    /** {@return {@code global} or {@code local}} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code global|G|local|L}.
     *
     * @param s the name, case-insensitive
     * @return the definition
     * @throws IllegalArgumentException for any other name
     */
    public static Definition parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "global":
            case "g":
                return GLOBAL;
            case "local":
            case "l":
                return LOCAL;
            default:
                throw new IllegalArgumentException("unknown definition '" + s + "' (global or local)");
        }
    }
}
