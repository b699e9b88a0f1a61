package dev.dit.models;

import dev.dit.models.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small random datasets for tests. */
public final class TinyData {
    private TinyData() {
    }

    /** n samples of the given shape, labels from a random linear rule with some noise. */
    public static Dataset make(int n, int[] shape, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 1;
        for (int s : shape) {
            d *= s;
        }
        double[] x = new double[n * d];
        int[] y = new int[n];
        double[][] w = new double[classes][d];
        for (double[] row : w) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0.3 * r.nextGaussian();
                for (int j = 0; j < d; j++) {
                    if (c == 0) {
                        x[i * d + j] = r.nextGaussian();
                    }
                    s += w[c][j] * x[i * d + j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[i] = best;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return new Dataset("tiny", x, y, shape, classes, names);
    }
}
