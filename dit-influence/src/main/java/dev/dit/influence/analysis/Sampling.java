package dev.dit.influence.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded random choices used by the experiments: which samples to retrain, random rankings. */
public final class Sampling {
    private Sampling() {
    }

    /**
     * {@code k} distinct indices of {@code 0 … n−1}, uniformly by a seeded partial Fisher-Yates
     * shuffle, sorted ascending; all of them when {@code k ≥ n} or {@code k ≤ 0}.
     *
     * @param n the population size
     * @param k how many to choose
     * @param seed the seed
     * @return the chosen indices, ascending
     */
    public static int[] choose(int n, int k, long seed) {
        return choose0(n, k, seed);
    }

    /**
     * How many indices {@link #choose} returns for {@code n} and {@code k}.
     *
     * @param n the population size
     * @param k how many were asked for
     * @return {@code n} when k ≤ 0 or k ≥ n, else {@code k}
     */
    public static int effectiveCount(int n, int k) {
        return k <= 0 || k >= n ? n : k;
    }

    private static int[] choose0(int n, int k, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (k <= 0 || k >= n) {
            return idx;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, k);
        Arrays.sort(out);
        return out;
    }

    /**
     * {@code n} independent uniform numbers in [−1, 1) from {@code seed}.
     *
     * @param n how many
     * @param seed the seed
     * @return the numbers
     */
    public static double[] uniform(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = 2 * r.nextDouble() - 1;
        }
        return out;
    }
}
