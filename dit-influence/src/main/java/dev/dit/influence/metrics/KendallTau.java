package dev.dit.influence.metrics;

import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * Kendall's tau-b in O(n log n): sort by (x, y), count ties, then count the discordant pairs as
 * the inversions of y met by a merge sort.
 */
final class KendallTau {

    private KendallTau() {
    }

    /** tau-b of finite, non-constant vectors of equal length at least 2. */
    static double tauB(double[] x, double[] y) {
        int n = x.length;
        int[] idx = Order.identity(n);
        IntArrays.mergeSort(idx, (i, j) -> {
            int c = Double.compare(x[i], x[j]);
            return c != 0 ? c : Double.compare(y[i], y[j]);
        });
        long tiesX = 0;
        long tiesXY = 0;
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && x[idx[end]] == x[idx[start]]) {
                end++;
            }
            tiesX += pairs(end - start);
            tiesXY += tiedRunPairs(y, idx, start, end);
            start = end;
        }
        double[] ys = new double[n];
        for (int p = 0; p < n; p++) {
            ys[p] = y[idx[p]];
        }
        long discordant = inversions(ys, new double[n], 0, n);
        long tiesY = tiedRunPairs(ys);
        long total = pairs(n);
        long numerator = total - tiesX - tiesY + tiesXY - 2 * discordant;
        double denominator = Math.sqrt((double) (total - tiesX) * (double) (total - tiesY));
        return Math.max(-1.0, Math.min(1.0, numerator / denominator));
    }

    static long pairs(long t) {
        return t * (t - 1) / 2;
    }

    /** Tied pairs in {@code y[idx[start..end)]}, which is sorted ascending. */
    private static long tiedRunPairs(double[] y, int[] idx, int start, int end) {
        long ties = 0;
        int s = start;
        while (s < end) {
            int e = s + 1;
            while (e < end && y[idx[e]] == y[idx[s]]) {
                e++;
            }
            ties += pairs(e - s);
            s = e;
        }
        return ties;
    }

    /** Tied pairs in a sorted array. */
    private static long tiedRunPairs(double[] sorted) {
        long ties = 0;
        int s = 0;
        while (s < sorted.length) {
            int e = s + 1;
            while (e < sorted.length && sorted[e] == sorted[s]) {
                e++;
            }
            ties += pairs(e - s);
            s = e;
        }
        return ties;
    }

    /** Sorts {@code a[lo..hi)} ascending and returns the number of strict inversions it had. */
    private static long inversions(double[] a, double[] buf, int lo, int hi) {
        if (hi - lo < 2) {
            return 0;
        }
        int mid = (lo + hi) >>> 1;
        long count = inversions(a, buf, lo, mid) + inversions(a, buf, mid, hi);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            if (a[i] <= a[j]) {
                buf[k++] = a[i++];
            } else {
                count += mid - i;
                buf[k++] = a[j++];
            }
        }
        while (i < mid) {
            buf[k++] = a[i++];
        }
        while (j < hi) {
            buf[k++] = a[j++];
        }
        System.arraycopy(buf, lo, a, lo, hi - lo);
        return count;
    }
}
