package dev.dit.influence.analysis;

import java.util.EnumMap;
import java.util.Map;

/**
 * Classifies samples by how their influence changes over consecutive windows (method.md §7,
 * claim 1): each window (column) is z-scored across samples; per sample an OLS slope of its
 * z-scores against the window index 0 … E−1 is fitted and tested with a two-sided t test on E−2
 * degrees of freedom; sign changes of the z-scores are counted over the E−1 consecutive pairs.
 *
 * <p>Rule, in order: Highly Fluctuating if sign changes ≥ {@code fluctuationThreshold · (E−1)};
 * else Early Influencer if the slope is negative with p &lt; {@code alpha}; else Late Bloomer if it
 * is positive with p &lt; {@code alpha}; else Stable Influencer.
 *
 * <p><b>Sign.</b> By default the <em>signed</em> influences are z-scored, as method.md words it, so
 * "early influencer" means the sample's influence <em>relative to the other samples</em> decreases
 * over training (for a loss query: it becomes relatively more harmful or less helpful), which is
 * not the same as its magnitude fading. With {@link Options#magnitude()} the absolute values
 * {@code |influence|} are z-scored instead, so the trend is one of strength regardless of
 * direction; then "early" means the sample's strength fades. A pair of windows counts as a sign
 * change when the z-scores have strictly opposite signs (an exact zero never counts).
 */
public final class Patterns {

    /**
     * @param fluctuationThreshold share of the E−1 consecutive pairs with a sign change from which a
     *     sample is Highly Fluctuating (default 0.45)
     * @param alpha significance level of the slope test (default 0.05)
     * @param magnitude z-score {@code |influence|} instead of the signed influence
     */
    public record Options(double fluctuationThreshold, double alpha, boolean magnitude) {
        /** The defaults: threshold 0.45, alpha 0.05, signed influences. */
        public static final Options DEFAULT = new Options(0.45, 0.05, false);

        /**
         * Checks the ranges.
         *
         * @param fluctuationThreshold share of the E−1 consecutive pairs with a sign change from which a
         *     sample is Highly Fluctuating, in [0, 1]
         * @param alpha significance level of the slope test, in (0, 1)
         * @param magnitude z-score {@code |influence|} instead of the signed influence
         */
        public Options {
            if (!(fluctuationThreshold > 0 && fluctuationThreshold <= 1)) {
                throw new IllegalArgumentException("fluctuation threshold must be in (0, 1], got " + fluctuationThreshold);
            }
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
            }
        }
    }

    /**
     * One sample's classification.
     *
     * @param slope OLS slope of its z-scores per window
     * @param pValue two-sided p-value of the slope (NaN with fewer than 3 windows)
     * @param signChanges number of consecutive window pairs whose z-scores have opposite signs
     * @param changeFraction {@code signChanges / (E−1)} (0 with one window)
     * @param pattern the class
     */
    public record Sample(double slope, double pValue, int signChanges, double changeFraction, Pattern pattern) {
    }

    /**
     * The classification of all samples.
     *
     * @param z z-scores, {@code z[sample][window]}
     * @param samples per-sample results, aligned with the input rows
     * @param counts number of samples per pattern (every pattern present, possibly 0)
     */
    public record Result(double[][] z, Sample[] samples, Map<Pattern, Integer> counts) {
        /**
         * Share of the samples in {@code p}, in [0, 1].
         *
         * @param p the pattern
         * @return its share of all samples
         */
        public double share(Pattern p) {
            return samples.length == 0 ? Double.NaN : (double) counts.get(p) / samples.length;
        }
    }

    private Patterns() {
    }

    /**
     * Classifies every row of {@code influence} ({@code n × E}, finite values, E ≥ 1 windows in
     * time order).
     *
     * @param influence per-sample influence, one column per window
     * @param options threshold, significance level and sign handling
     * @return the z-scores, each sample's pattern and the counts
     */
    public static Result classify(double[][] influence, Options options) {
        double[][] z = zScores(influence, options.magnitude());
        Sample[] out = new Sample[z.length];
        Map<Pattern, Integer> counts = new EnumMap<>(Pattern.class);
        for (Pattern p : Pattern.values()) {
            counts.put(p, 0);
        }
        for (int i = 0; i < z.length; i++) {
            out[i] = classifyRow(z[i], options);
            counts.merge(out[i].pattern(), 1, Integer::sum);
        }
        return new Result(z, out, counts);
    }

    /**
     * Column-wise z-scores {@code (x − mean) / sd} with the sample standard deviation (n−1); a
     * column with zero spread (or a single row) becomes all zeros.
     *
     * @param influence an {@code n × E} matrix
     * @param magnitude whether to z-score the absolute values
     * @return a new {@code n × E} matrix
     */
    public static double[][] zScores(double[][] influence, boolean magnitude) {
        int n = influence.length;
        int e = n == 0 ? 0 : influence[0].length;
        double[][] z = new double[n][e];
        for (int w = 0; w < e; w++) {
            double mean = 0;
            for (double[] row : influence) {
                if (row.length != e) {
                    throw new IllegalArgumentException("rows have different numbers of windows");
                }
                double v = magnitude ? Math.abs(row[w]) : row[w];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("non-finite influence " + v + " in window " + w);
                }
                mean += v;
            }
            mean /= n;
            double ss = 0;
            for (double[] row : influence) {
                double d = (magnitude ? Math.abs(row[w]) : row[w]) - mean;
                ss += d * d;
            }
            double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
            for (int i = 0; i < n; i++) {
                double v = magnitude ? Math.abs(influence[i][w]) : influence[i][w];
                z[i][w] = sd > 0 ? (v - mean) / sd : 0.0;
            }
        }
        return z;
    }

    /** Slope, p-value, sign changes and class of one sample's z-scores over E windows. */
    static Sample classifyRow(double[] z, Options options) {
        int e = z.length;
        Trend trend = Trend.of(z);
        int changes = 0;
        for (int w = 0; w + 1 < e; w++) {
            if (z[w] * z[w + 1] < 0) {
                changes++;
            }
        }
        double fraction = e > 1 ? (double) changes / (e - 1) : 0.0;
        Pattern p;
        if (e > 1 && fraction >= options.fluctuationThreshold()) {
            p = Pattern.FLUCTUATING;
        } else if (trend.pValue() < options.alpha() && trend.slope() < 0) {
            p = Pattern.EARLY;
        } else if (trend.pValue() < options.alpha() && trend.slope() > 0) {
            p = Pattern.LATE;
        } else {
            p = Pattern.STABLE;
        }
        return new Sample(trend.slope(), trend.pValue(), changes, fraction, p);
    }
}
