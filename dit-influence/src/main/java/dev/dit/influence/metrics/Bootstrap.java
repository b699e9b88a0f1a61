package dev.dit.influence.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Nonparametric bootstrap percentile intervals for any statistic of aligned per-sample data.
 *
 * <p>Each replicate draws {@code n} sample indices uniformly with replacement and recomputes the
 * statistic on the resampled data; the interval is the pair of empirical quantiles
 * {@code (1 - level) / 2} and {@code (1 + level) / 2} of the replicates (linear interpolation
 * between order statistics). Replicates where the statistic is NaN (for example a resample that
 * happens to be constant) are dropped; if more than half are dropped the interval is
 * {@link Interval#UNDEFINED}.
 *
 * <p>Deterministic: every call starts a fresh generator from the seed, so the same call gives the
 * same interval, and two statistics evaluated on the same {@code n} see the very same resamples
 * (paired intervals). Instances are immutable and thread-safe.
 */
public final class Bootstrap {

    /** Default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 1000;
    /** Default confidence level. */
    public static final double DEFAULT_LEVEL = 0.95;

    /** A statistic of the samples selected by an index array (indices may repeat). */
    @FunctionalInterface
    public interface Indexed {
        /**
         * Computes the statistic.
         *
         * @param sampleIndices the selected samples, with repetitions
         * @return the statistic, NaN if undefined
         */
        double compute(int[] sampleIndices);
    }

    /** A statistic of two aligned score vectors, such as {@link Correlation#pearson}. */
    @FunctionalInterface
    public interface Paired {
        /**
         * Computes the statistic.
         *
         * @param x first vector
         * @param y second vector, aligned
         * @return the statistic, NaN if undefined
         */
        double compute(double[] x, double[] y);
    }

    /** A statistic of scores and a positive mask, such as {@link Retrieval#rocAuc}. */
    @FunctionalInterface
    public interface Labelled {
        /**
         * Computes the statistic.
         *
         * @param scores one score per sample
         * @param positive aligned positive mask
         * @return the statistic, NaN if undefined
         */
        double compute(double[] scores, boolean[] positive);
    }

    private final long seed;
    private final int resamples;
    private final double level;

    /**
     * A 95 % bootstrap with {@value #DEFAULT_RESAMPLES} resamples.
     *
     * @param seed random seed
     */
    public Bootstrap(long seed) {
        this(seed, DEFAULT_RESAMPLES, DEFAULT_LEVEL);
    }

    /**
     * A 95 % bootstrap.
     *
     * @param seed random seed
     * @param resamples number of resamples, at least 1
     */
    public Bootstrap(long seed, int resamples) {
        this(seed, resamples, DEFAULT_LEVEL);
    }

    /**
     * A bootstrap at any confidence level.
     *
     * @param seed random seed
     * @param resamples number of resamples, at least 1
     * @param level confidence level in (0, 1)
     */
    public Bootstrap(long seed, int resamples, double level) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        this.seed = seed;
        this.resamples = resamples;
        this.level = level;
    }

    /**
     * Percentile interval of a statistic over {@code n} samples.
     *
     * @param n number of samples; 0 gives {@link Interval#UNDEFINED}
     * @param statistic the statistic of a selection of samples
     * @return the interval
     */
    public Interval interval(int n, Indexed statistic) {
        if (n < 1) {
            return Interval.UNDEFINED;
        }
        return percentiles(replicates(n, statistic));
    }

    /**
     * Percentile interval of a statistic of two aligned vectors, resampling sample indices.
     *
     * @param x first vector
     * @param y second vector, aligned with {@code x}
     * @param statistic the statistic
     * @return the interval
     */
    public Interval interval(double[] x, double[] y, Paired statistic) {
        Checks.sameLength(x.length, y.length, "x and y");
        return interval(x.length, idx -> statistic.compute(select(x, idx), select(y, idx)));
    }

    /**
     * Percentile interval of a statistic of scores and a positive mask, resampling sample indices.
     *
     * @param scores one score per sample
     * @param positive aligned positive mask
     * @param statistic the statistic
     * @return the interval
     */
    public Interval interval(double[] scores, boolean[] positive, Labelled statistic) {
        Checks.sameLength(scores.length, positive.length, "scores and positive");
        return interval(scores.length, idx -> {
            boolean[] p = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                p[i] = positive[idx[i]];
            }
            return statistic.compute(select(scores, idx), p);
        });
    }

    /** The replicate values in draw order, NaNs included. */
    double[] replicates(int n, Indexed statistic) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int[] idx = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                idx[i] = random.nextInt(n);
            }
            values[b] = statistic.compute(idx.clone());
        }
        return values;
    }

    private Interval percentiles(double[] values) {
        double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (finite.length == 0 || 2 * finite.length < values.length) {
            return Interval.UNDEFINED;
        }
        double tail = (1 - level) / 2;
        return new Interval(quantile(finite, tail), quantile(finite, 1 - tail));
    }

    /** Quantile of sorted data by linear interpolation between order statistics. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    static double[] select(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }
}
