package dev.dit.influence.metrics;

/** Argument checks and degeneracy tests shared by the metrics. */
final class Checks {

    private Checks() {
    }

    static void sameLength(int a, int b, String what) {
        if (a != b) {
            throw new IllegalArgumentException(what + " have different lengths: " + a + " and " + b);
        }
    }

    static void kInRange(int k, int n) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
        }
    }

    static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    static boolean constant(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (Double.compare(v[i], v[0]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** True when a correlation between {@code x} and {@code y} is undefined. */
    static boolean degenerate(double[] x, double[] y) {
        return x.length < 3 || !allFinite(x) || !allFinite(y) || constant(x) || constant(y);
    }
}
