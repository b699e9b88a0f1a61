package dev.dit.models.data;

import java.util.List;

/**
 * Seeded synthetic classification data, identical on every JVM for the same arguments.
 * Sample {@code i} has class {@code i mod k}, so classes are balanced and interleaved.
 */
public final class Synthetic {

    private Synthetic() {
    }

    /**
     * Isotropic Gaussian blobs with unit variance around {@code k} class centres placed so that
     * neighbouring centres are exactly {@code separation} apart: for {@code d = 1} on a line
     * centred at 0; for {@code d ≥ 2} evenly on a circle in the first two coordinates (for
     * {@code k = 2}: at {@code ±separation/2} on the first axis).
     *
     * @param n          number of samples, ≥ 0
     * @param d          number of features, ≥ 1
     * @param k          number of classes, ≥ 2
     * @param separation distance between neighbouring centres, ≥ 0
     * @param seed       random seed
     * @return a dataset named like its spec, e.g. {@code blobs:n=600,d=10,k=2,sep=2.0,seed=0}
     */
    public static Dataset blobs(int n, int d, int k, double separation, long seed) {
        if (n < 0 || d < 1 || k < 2 || !(separation >= 0) || Double.isInfinite(separation)) {
            throw new IllegalArgumentException("blobs needs n >= 0, d >= 1, k >= 2, finite sep >= 0; got n=" + n
                    + ", d=" + d + ", k=" + k + ", sep=" + separation);
        }
        double[][] centres = new double[k][d];
        for (int c = 0; c < k; c++) {
            if (d == 1) {
                centres[c][0] = separation * (c - (k - 1) / 2.0);
            } else {
                double radius = separation / (2 * StrictMath.sin(Math.PI / k));
                double angle = 2 * Math.PI * c / k;
                centres[c][0] = radius * StrictMath.cos(angle);
                centres[c][1] = radius * StrictMath.sin(angle);
            }
        }
        Rng rng = new Rng(seed);
        double[] x = new double[Math.multiplyExact(n, d)];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centres[y[i]][j] + rng.nextGaussian();
            }
        }
        String name = "blobs:n=" + n + ",d=" + d + ",k=" + k + ",sep=" + separation + ",seed=" + seed;
        return Dataset.wrap(name, x, y, new int[] {d}, k, Dataset.numberedClassNames(k));
    }

    /**
     * Two interleaving half circles in 2-D: class 0 on {@code (cos t, sin t)}, class 1 on
     * {@code (1 − cos t, 0.5 − sin t)}, {@code t} uniform in [0, π], plus Gaussian noise of
     * standard deviation {@code noise} on both coordinates.
     *
     * @param n     number of samples, ≥ 0
     * @param noise noise standard deviation, ≥ 0
     * @param seed  random seed
     * @return a dataset named like its spec, e.g. {@code moons:n=600,noise=0.2,seed=0}
     */
    public static Dataset moons(int n, double noise, long seed) {
        if (n < 0 || !(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("moons needs n >= 0 and finite noise >= 0; got n=" + n + ", noise=" + noise);
        }
        Rng rng = new Rng(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double t = Math.PI * rng.nextDouble();
            double cx = y[i] == 0 ? StrictMath.cos(t) : 1 - StrictMath.cos(t);
            double cy = y[i] == 0 ? StrictMath.sin(t) : 0.5 - StrictMath.sin(t);
            x[2 * i] = cx + noise * rng.nextGaussian();
            x[2 * i + 1] = cy + noise * rng.nextGaussian();
        }
        String name = "moons:n=" + n + ",noise=" + noise + ",seed=" + seed;
        return Dataset.wrap(name, x, y, new int[] {2}, 2, List.of("0", "1"));
    }
}
