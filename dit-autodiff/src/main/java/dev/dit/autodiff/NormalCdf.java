package dev.dit.autodiff;

/**
 * The standard normal distribution function {@code Φ(x) = erfc(-x/√2) / 2} in double precision,
 * for the exact (erf) form of GELU. Java has no erf: a positive-term series serves small
 * arguments (no cancellation) and Laplace's continued fraction the tails, where Φ is tiny and
 * must keep its relative precision.
 */
final class NormalCdf {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    /** Below this argument the series converges in a few dozen terms; above it the fraction does. */
    private static final double SPLIT = 1.5;

    private NormalCdf() {
    }

    /** {@code Φ(x)}. */
    static double cdf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        return 0.5 * erfc(-x * SQRT_HALF);
    }

    /** {@code φ(x) = exp(-x²/2) / √(2π)}. */
    static double pdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** {@code erfc(z)}, relative error below 1e-14 on the whole line (1 − erf loses a digit near z = 2). */
    static double erfc(double z) {
        if (z < 0) {
            return 2.0 - erfc(-z);
        }
        if (z < SPLIT) {
            return 1.0 - erfSeries(z);
        }
        if (z > 27.3) {
            return 0.0; // below the smallest double
        }
        // erfc(z) = exp(-z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))), evaluated from the tail
        double t = z;
        // 100 terms reach double precision from z = 1.5, 40 from z = 2.5 (checked against CPython's erfc)
        for (int k = z < 2.5 ? 100 : 40; k >= 1; k--) {
            t = z + (k * 0.5) / t;
        }
        return Math.exp(-z * z) * INV_SQRT_PI / t;
    }

    /** {@code erf(z) = 2/√π · exp(-z²) · Σ (2z²)ⁿ z / (1·3·…·(2n+1))}: all terms positive for z ≥ 0. */
    private static double erfSeries(double z) {
        double z2 = 2.0 * z * z;
        double term = z;
        double sum = z;
        for (int n = 1; n < 200; n++) {
            term *= z2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-z * z) * sum;
    }
}
