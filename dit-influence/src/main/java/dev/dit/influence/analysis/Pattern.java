package dev.dit.influence.analysis;

/** The four temporal influence patterns named by the DIT paper (method.md §7, claim 1). */
public enum Pattern {
    /** No significant trend and few sign changes. */
    STABLE("Stable Influencer"),
    /** Significantly negative slope of the z-scores over windows. */
    EARLY("Early Influencer"),
    /** Significantly positive slope of the z-scores over windows. */
    LATE("Late Bloomer"),
    /** The z-score changes sign in at least the threshold share of consecutive windows. */
    FLUCTUATING("Highly Fluctuating");

    private final String label;

    Pattern(String label) {
        this.label = label;
    }

    /** {@return the paper's name, e.g. {@code Late Bloomer}} */
    public String label() {
        return label;
    }

    /** {@return a short identifier for files: {@code stable}, {@code early}, {@code late}, {@code fluctuating}} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
