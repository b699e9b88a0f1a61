package dev.dit.influence.metrics;

/**
 * How well two aligned influence score vectors agree in one window (for example DIT estimates
 * against leave-one-out ground truth), each statistic with a bootstrap percentile interval.
 *
 * <p>{@code jaccardTop10} is the Jaccard overlap of the top 10 % of samples <em>by magnitude</em>
 * {@code |score|} (the most influential samples in either direction), with
 * {@code k = ceil(0.10 n)} as in {@link TopK#kForFraction}.
 *
 * <p>Degenerate input never throws: with fewer than 3 samples, a non-finite value, or a constant
 * vector, every statistic and interval is NaN (only {@code n} is meaningful). Arrays of different
 * lengths are a programming error and throw {@link IllegalArgumentException}.
 *
 * @param n number of samples
 * @param pearson Pearson's r
 * @param spearman Spearman's rho (average ranks for ties)
 * @param kendall Kendall's tau-b
 * @param jaccardTop10 Jaccard overlap of the top-10 % sets by magnitude
 */
public record Agreement(int n, Estimate pearson, Estimate spearman, Estimate kendall, Estimate jaccardTop10) {

    /** Fraction of samples in the top set of {@link #jaccardTop10}. */
    public static final double TOP_FRACTION = 0.10;
    /** Seed of the bootstrap used by {@link #of(double[], double[])}. */
    public static final long DEFAULT_SEED = 20240601L;

    /**
     * Agreement with a 95 % bootstrap of {@value Bootstrap#DEFAULT_RESAMPLES} resamples seeded with
     * {@link #DEFAULT_SEED}.
     *
     * @param a first score vector
     * @param b second score vector, aligned with {@code a}
     * @return the summary
     */
    public static Agreement of(double[] a, double[] b) {
        return of(a, b, new Bootstrap(DEFAULT_SEED));
    }

    /**
     * Agreement with the given bootstrap. All four intervals are computed on the same resamples.
     *
     * @param a first score vector
     * @param b second score vector, aligned with {@code a}
     * @param bootstrap the bootstrap that produces the intervals
     * @return the summary
     */
    public static Agreement of(double[] a, double[] b, Bootstrap bootstrap) {
        Checks.sameLength(a.length, b.length, "a and b");
        int n = a.length;
        if (Checks.degenerate(a, b)) {
            return new Agreement(n, Estimate.UNDEFINED, Estimate.UNDEFINED, Estimate.UNDEFINED, Estimate.UNDEFINED);
        }
        return new Agreement(n,
                estimate(a, b, bootstrap, Correlation::pearson),
                estimate(a, b, bootstrap, Correlation::spearman),
                estimate(a, b, bootstrap, Correlation::kendallTauB),
                estimate(a, b, bootstrap, Agreement::jaccardTopFraction));
    }

    private static Estimate estimate(double[] a, double[] b, Bootstrap bootstrap, Bootstrap.Paired statistic) {
        return Estimate.of(statistic.compute(a, b), bootstrap.interval(a, b, statistic));
    }

    private static double jaccardTopFraction(double[] a, double[] b) {
        return TopK.jaccardByMagnitude(a, b, TopK.kForFraction(a.length, TOP_FRACTION));
    }
}
