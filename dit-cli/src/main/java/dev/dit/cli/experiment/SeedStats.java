package dev.dit.cli.experiment;

/**
 * A number measured once per seed, summarised: the mean over seeds and its 95 % Student-t
 * interval {@code mean ± t(0.975, n−1) · sd / √n}. With one seed the interval is undefined (NaN).
 *
 * @param mean mean over seeds
 * @param lo lower end of the 95 % interval
 * @param hi upper end
 * @param n number of seeds with a finite value
 */
record SeedStats(double mean, double lo, double hi, int n) {
    /** t(0.975, dof) for dof = 1 … 30 (standard table values); beyond 30 the normal 1.96 is within 4 %. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
        2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
        2.045, 2.042};

    /** For tests and rules: a cell given by hand. */
    static SeedStats of(double mean, double lo, double hi) {
        return new SeedStats(mean, lo, hi, 2);
    }

    /** The summary of {@code values} (non-finite values are left out, so {@code n} counts the rest). */
    static SeedStats over(double[] values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new SeedStats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        if (n == 1) {
            return new SeedStats(mean, Double.NaN, Double.NaN, 1);
        }
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        double half = t975(n - 1) * Math.sqrt(ss / (n - 1) / n);
        return new SeedStats(mean, mean - half, mean + half, n);
    }

    static double t975(int dof) {
        return dof <= T975.length ? T975[dof - 1] : 1.96;
    }

    /** e.g. {@code 0.912 [0.874, 0.950]}. */
    String text(int digits) {
        String f = "%." + digits + "f";
        return String.format(java.util.Locale.ROOT, f + " [" + f + ", " + f + "]", mean, lo, hi);
    }
}
