package dev.dit.models.data;

import java.util.SplittableRandom;

/**
 * Seeded random numbers whose sequence depends only on {@link SplittableRandom#nextLong()}
 * (the SplitMix64 algorithm, fixed by its specification), so that shuffles, splits and
 * synthetic data are identical on every JVM. Bounded integers, doubles and Gaussians are
 * derived here rather than through JDK helpers whose algorithms may change between releases.
 */
final class Rng {

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpare;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    long nextLong() {
        return random.nextLong();
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), bound in [1, 2^31); bias below bound / 2^32. */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) (((random.nextLong() >>> 32) * bound) >>> 32);
    }

    /** Standard normal by the Box-Muller transform. */
    double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1 = 1.0 - nextDouble(); // in (0, 1]: log is finite
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double theta = 2.0 * Math.PI * u2;
        spareGaussian = r * StrictMath.sin(theta);
        hasSpare = true;
        return r * StrictMath.cos(theta);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
