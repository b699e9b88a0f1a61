package dev.dit.influence.metrics;

import it.unimi.dsi.fastutil.ints.IntArrays;

/** Index orderings of score vectors; ties keep index order (the sorts are stable). */
final class Order {

    private Order() {
    }

    /** Indices of {@code keys} in ascending key order, ties by index. */
    static int[] ascending(double[] keys) {
        int[] idx = identity(keys.length);
        IntArrays.mergeSort(idx, (i, j) -> Double.compare(keys[i], keys[j]));
        return idx;
    }

    /** Indices in ranking order for {@code direction}, ties by index. */
    static int[] ranking(double[] scores, Direction direction) {
        double[] keys = new double[scores.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = direction.key(scores[i]);
        }
        return ascending(keys);
    }

    /** Indices by decreasing {@code |score|}, ties by index. */
    static int[] byMagnitude(double[] scores) {
        double[] keys = new double[scores.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = -Math.abs(scores[i]);
        }
        return ascending(keys);
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
