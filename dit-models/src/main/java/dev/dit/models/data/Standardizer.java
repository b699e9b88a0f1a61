package dev.dit.models.data;

/**
 * Per-feature standardisation {@code x' = (x − mean) / std}, fitted on one dataset (the training
 * split only, so no information leaks from validation or test data) and applied to any dataset
 * with the same number of features. The standard deviation is the population one (divide by
 * n); a feature with zero spread gets std 1, so it is only centred.
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
}
