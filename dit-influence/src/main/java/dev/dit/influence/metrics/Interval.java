package dev.dit.influence.metrics;

/**
 * A closed interval {@code [lo, hi]}, typically a bootstrap confidence interval. Both ends are NaN
 * when the interval could not be computed.
 *
 * @param lo lower end
 * @param hi upper end
 */
public record Interval(double lo, double hi) {

    /** The interval that could not be computed. */
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    /**
     * Whether both ends are numbers.
     *
     * @return false for {@link #UNDEFINED}
     */
    public boolean isDefined() {
        return !Double.isNaN(lo) && !Double.isNaN(hi);
    }

    /**
     * Whether {@code value} lies in the interval (ends included).
     *
     * @param value a value
     * @return false when undefined or when {@code value} is NaN
     */
    public boolean contains(double value) {
        return value >= lo && value <= hi;
    }
}
