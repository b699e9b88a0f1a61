package dev.dit.models.data;

import java.util.Arrays;

/**
 * Per-feature standardisation {@code x' = (x − mean) / std}, fitted on one dataset (the training
 * split only, so no information leaks from validation or test data) and applied to any dataset
 * with the same number of features. The standard deviation is the population one (divide by
 * n); a feature with zero spread gets scale 1, so it is only centred (never divided by 0). The
 * result is exactly reproducible from {@link #mean()} and {@link #scale()}: each value is
 * {@code (x - mean[j]) / scale[j]} in IEEE double arithmetic.
 */
public final class Standardizer {

    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Computes mean and standard deviation of every feature.
     *
     * @param train the data to fit on, at least one sample
     * @return the fitted standardiser
     */
    public static Standardizer fit(Dataset train) {
        int n = train.size();
        int d = train.featureCount();
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a Standardizer on the empty dataset '" + train.name() + "'");
        }
        double[] mean = new double[d];
        double[] m2 = new double[d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            train.copyRow(i, row, 0);
            for (int j = 0; j < d; j++) { // Welford's update: stable for large offsets
                double delta = row[j] - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (row[j] - mean[j]);
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(m2[j] / n);
            std[j] = s > 0 && Double.isFinite(s) ? s : 1.0;
        }
        return new Standardizer(mean, std);
    }

    /**
     * A standardiser with given statistics, e.g. as recorded in a run directory.
     *
     * @param mean  per-feature means, finite
     * @param scale per-feature divisors, finite and positive, as many as means
     * @return a standardiser computing {@code (x - mean[j]) / scale[j]}, holding copies of both arrays
     * @throws IllegalArgumentException if they are not (the message names the feature)
     */
    public static Standardizer of(double[] mean, double[] scale) {
        if (mean.length != scale.length || mean.length == 0) {
            throw new IllegalArgumentException(mean.length + " means and " + scale.length
                    + " scales; need one of each per feature");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("mean of feature " + j + " is " + mean[j] + " (must be finite)");
            }
            if (!(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException("scale of feature " + j + " is " + scale[j]
                        + " (must be finite and > 0)");
            }
        }
        return new Standardizer(mean.clone(), scale.clone());
    }

    /**
     * Checks that {@code data} looks like the output of a standardiser fitted on it: every
     * feature has mean 0 and population standard deviation 1 (or is constant 0 where the scale is
     * 1), up to a tolerance of 1e-6 that grows with |mean| / scale to allow for rounding.
     *
     * @param data the dataset to check; an empty one passes, one with another feature count fails at
     *             feature 0
     * @return the first feature that is not standardised, or -1 if all are
     */
    public int firstUnstandardisedFeature(Dataset data) {
        int n = data.size();
        int d = mean.length;
        if (data.featureCount() != d || n == 0) {
            return n == 0 ? -1 : 0;
        }
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            data.copyRow(i, row, 0);
            for (int j = 0; j < d; j++) {
                sum[j] += row[j];
                sumSq[j] += row[j] * row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            double tol = 1e-6 * Math.max(1, Math.abs(mean[j]) / std[j]);
            double m = sum[j] / n;
            double sd = Math.sqrt(Math.max(0, sumSq[j] / n - m * m));
            boolean unit = Math.abs(sd - 1) <= tol;
            boolean constant = sd <= tol && std[j] == 1.0;
            if (!(Math.abs(m) <= tol) || !(unit || constant)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * @param data a dataset with {@link #featureCount()} features
     * @return a new dataset with standardised features, same labels, shape, name and classes
     */
    public Dataset apply(Dataset data) {
        int d = mean.length;
        if (data.featureCount() != d) {
            throw new IllegalArgumentException("Standardizer fitted on " + d + " features cannot apply to '"
                    + data.name() + "' with " + data.featureCount());
        }
        double[] f = data.features();
        for (int k = 0; k < f.length; k++) {
            int j = k % d;
            f[k] = (f[k] - mean[j]) / std[j];
        }
        return data.withFeatures(f);
    }

    /** @return the number of features this was fitted on */
    public int featureCount() {
        return mean.length;
    }

    /** @return a copy of the per-feature means */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the per-feature standard deviations (1 where the feature was constant) */
    public double[] std() {
        return std.clone();
    }

    /** @return a copy of the per-feature divisors: the standard deviations, 1 where a feature was constant */
    public double[] scale() {
        return std.clone();
    }

    /** Equal statistics, compared bit for bit. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(s.mean, mean) && Arrays.equals(s.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + " features]";
    }
}
