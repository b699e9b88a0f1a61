package dev.dit.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits the samples into contiguous, nearly equal ranges: one Spark partition (task) each. */
final class Chunks {
    private Chunks() {
    }

    /**
     * {@code samples} in at most {@code parts} contiguous pieces, in order, sizes differing by at
     * most one (no empty piece).
     */
    static List<int[]> split(int[] samples, int parts) {
        int p = Math.max(1, Math.min(parts, samples.length));
        List<int[]> out = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            int from = (int) ((long) samples.length * i / p);
            int to = (int) ((long) samples.length * (i + 1) / p);
            if (to > from) {
                out.add(Arrays.copyOfRange(samples, from, to));
            }
        }
        return out;
    }
}
