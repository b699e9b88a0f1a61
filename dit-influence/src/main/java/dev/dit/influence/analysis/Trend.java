package dev.dit.influence.analysis;

/**
 * OLS line through {@code (k, y_k)}, k = 0 … m−1, with the two-sided p-value of the slope from a
 * t test on m−2 degrees of freedom.
 *
 * @param slope the least-squares slope (NaN with fewer than 2 points)
 * @param pValue p-value of slope ≠ 0 (NaN with fewer than 3 points; 0 for an exact non-flat line;
 *     1 for an exactly flat one)
 */
record Trend(double slope, double pValue) {

    static Trend of(double[] y) {
        int m = y.length;
        if (m < 2) {
            return new Trend(Double.NaN, Double.NaN);
        }
        double xMean = (m - 1) / 2.0;
        double yMean = 0;
        for (double v : y) {
            yMean += v;
        }
        yMean /= m;
        double sxx = 0;
        double sxy = 0;
        for (int k = 0; k < m; k++) {
            sxx += (k - xMean) * (k - xMean);
            sxy += (k - xMean) * (y[k] - yMean);
        }
        double slope = sxy / sxx;
        if (m < 3) {
            return new Trend(slope, Double.NaN);
        }
        double rss = 0;
        for (int k = 0; k < m; k++) {
            double r = y[k] - yMean - slope * (k - xMean);
            rss += r * r;
        }
        double tss = 0;
        for (double v : y) {
            tss += (v - yMean) * (v - yMean);
        }
        if (rss <= 1e-24 * Math.max(tss, Double.MIN_NORMAL)) {
            // an exact line: flat means no evidence of a trend, otherwise certain
            return new Trend(slope, Math.abs(slope) > 0 && tss > 0 ? 0.0 : 1.0);
        }
        double se = Math.sqrt(rss / (m - 2) / sxx);
        return new Trend(slope, StudentT.twoSidedP(slope / se, m - 2));
    }
}
