package dev.dit.influence.metrics;

/**
 * Correlation coefficients between two aligned score vectors.
 *
 * <p>Every method returns {@link Double#NaN} when the coefficient is undefined or meaningless:
 * fewer than 3 samples, a non-finite value in either vector, or either vector constant. Arrays of
 * different lengths are a programming error and throw {@link IllegalArgumentException}.
 */
public final class Correlation {

    private Correlation() {
    }

    /**
     * Pearson's product-moment correlation coefficient.
     *
     * @param x first vector
     * @param y second vector, aligned with {@code x}
     * @return r in [-1, 1], or NaN for degenerate input
     */
    public static double pearson(double[] x, double[] y) {
        Checks.sameLength(x.length, y.length, "x and y");
        if (Checks.degenerate(x, y)) {
            return Double.NaN;
        }
        return centeredPearson(x, y);
    }

    /**
     * Spearman's rank correlation: Pearson's r of the ranks, tied values receiving the average of
     * the ranks they span.
     *
     * @param x first vector
     * @param y second vector, aligned with {@code x}
     * @return rho in [-1, 1], or NaN for degenerate input
     */
    public static double spearman(double[] x, double[] y) {
        Checks.sameLength(x.length, y.length, "x and y");
        if (Checks.degenerate(x, y)) {
            return Double.NaN;
        }
        return centeredPearson(Ranks.averaged(x), Ranks.averaged(y));
    }

    /**
     * Kendall's tau-b, which corrects for ties in either vector:
     * {@code (nc - nd) / sqrt((n0 - n1) (n0 - n2))} with {@code n0 = n(n-1)/2} pairs, {@code n1}
     * pairs tied in x and {@code n2} pairs tied in y. Runs in O(n log n).
     *
     * @param x first vector
     * @param y second vector, aligned with {@code x}
     * @return tau-b in [-1, 1], or NaN for degenerate input
     */
    public static double kendallTauB(double[] x, double[] y) {
        Checks.sameLength(x.length, y.length, "x and y");
        if (Checks.degenerate(x, y)) {
            return Double.NaN;
        }
        return KendallTau.tauB(x, y);
    }

    private static double centeredPearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1.0, Math.min(1.0, sxy / Math.sqrt(sxx * syy)));
    }
}
