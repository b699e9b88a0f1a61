package dev.dit.influence.metrics;

import java.util.Arrays;

/**
 * Top-k selections of samples and the Jaccard overlap of two top-k sets.
 *
 * <p>Ties are broken by sample index (lower first), so a selection is always exactly {@code k}
 * samples. Because such a tie-break is arbitrary, overlaps are {@link Double#NaN} when either
 * vector has no ordering at all (all ranking keys equal) or contains a non-finite value.
 */
public final class TopK {

    private TopK() {
    }

    /**
     * The number of samples in the top {@code fraction} of {@code n}: {@code ceil(fraction * n)},
     * at least 1 and at most {@code n}.
     *
     * @param n number of samples, at least 1
     * @param fraction in (0, 1]
     * @return k in [1, n]
     */
    public static int kForFraction(int n, double fraction) {
        if (n < 1 || !(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("need n >= 1 and fraction in (0, 1], got " + n + ", " + fraction);
        }
        // the small tolerance keeps e.g. 0.1 * 30 = 3.0000000000000004 at 3
        return Math.max(1, Math.min(n, (int) Math.ceil(fraction * n - 1e-9)));
    }

    /**
     * The {@code k} first samples of the ranking by signed score.
     *
     * @param scores one score per sample
     * @param k in [1, n]
     * @param direction which end of the scale ranks first
     * @return sample indices in ranking order
     */
    public static int[] bySign(double[] scores, int k, Direction direction) {
        Checks.kInRange(k, scores.length);
        return Arrays.copyOf(Order.ranking(scores, direction), k);
    }

    /**
     * The {@code k} samples with the largest {@code |score|}.
     *
     * @param scores one score per sample
     * @param k in [1, n]
     * @return sample indices by decreasing magnitude
     */
    public static int[] byMagnitude(double[] scores, int k) {
        Checks.kInRange(k, scores.length);
        return Arrays.copyOf(Order.byMagnitude(scores), k);
    }

    /**
     * Jaccard overlap {@code |A ∩ B| / |A ∪ B|} of the top-k sets by signed score.
     *
     * @param a first score vector
     * @param b second score vector, aligned with {@code a}
     * @param k in [1, n]
     * @param direction which end of the scale ranks first (the project convention is
     *     {@link Direction#LOWEST_FIRST}: the k most harmful samples)
     * @return overlap in [0, 1], or NaN if either vector is constant or non-finite
     */
    public static double jaccardBySign(double[] a, double[] b, int k, Direction direction) {
        Checks.sameLength(a.length, b.length, "a and b");
        Checks.kInRange(k, a.length);
        if (!Checks.allFinite(a) || !Checks.allFinite(b) || Checks.constant(a) || Checks.constant(b)) {
            return Double.NaN;
        }
        return jaccard(bySign(a, k, direction), bySign(b, k, direction), a.length);
    }

    /**
     * Jaccard overlap {@code |A ∩ B| / |A ∪ B|} of the top-k sets by magnitude {@code |score|},
     * that is, of the most influential samples in either direction.
     *
     * @param a first score vector
     * @param b second score vector, aligned with {@code a}
     * @param k in [1, n]
     * @return overlap in [0, 1], or NaN if either vector has constant magnitude or is non-finite
     */
    public static double jaccardByMagnitude(double[] a, double[] b, int k) {
        Checks.sameLength(a.length, b.length, "a and b");
        Checks.kInRange(k, a.length);
        if (!Checks.allFinite(a) || !Checks.allFinite(b) || constantMagnitude(a) || constantMagnitude(b)) {
            return Double.NaN;
        }
        return jaccard(byMagnitude(a, k), byMagnitude(b, k), a.length);
    }

    private static boolean constantMagnitude(double[] v) {
        for (double d : v) {
            if (Math.abs(d) != Math.abs(v[0])) {
                return false;
            }
        }
        return true;
    }

    private static double jaccard(int[] setA, int[] setB, int n) {
        boolean[] inA = new boolean[n];
        for (int i : setA) {
            inA[i] = true;
        }
        int both = 0;
        for (int i : setB) {
            if (inA[i]) {
                both++;
            }
        }
        return (double) both / (setA.length + setB.length - both);
    }
}
