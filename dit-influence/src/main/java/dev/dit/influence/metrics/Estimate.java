package dev.dit.influence.metrics;

/**
 * A statistic's point value with its bootstrap percentile interval {@code [lo, hi]}. Any of the
 * three may be NaN when undefined for the data.
 *
 * @param value the statistic on the full sample
 * @param lo lower end of the interval
 * @param hi upper end of the interval
 */
public record Estimate(double value, double lo, double hi) {

    /** An estimate that could not be computed at all. */
    public static final Estimate UNDEFINED = new Estimate(Double.NaN, Double.NaN, Double.NaN);

    /**
     * Combines a point value and an interval.
     *
     * @param value the statistic on the full sample
     * @param interval its interval
     * @return the estimate
     */
    public static Estimate of(double value, Interval interval) {
        return new Estimate(value, interval.lo(), interval.hi());
    }

    /**
     * The interval part.
     *
     * @return {@code [lo, hi]}
     */
    public Interval interval() {
        return new Interval(lo, hi);
    }
}
