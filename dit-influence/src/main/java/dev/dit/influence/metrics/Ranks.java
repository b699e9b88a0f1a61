package dev.dit.influence.metrics;

/** Fractional ranks: 1-based, tied values share the average of the ranks they span. */
final class Ranks {

    private Ranks() {
    }

    static double[] averaged(double[] v) {
        int[] order = Order.ascending(v);
        double[] ranks = new double[v.length];
        int start = 0;
        while (start < order.length) {
            int end = start + 1;
            while (end < order.length && Double.compare(v[order[end]], v[order[start]]) == 0) {
                end++;
            }
            // positions start..end-1 hold ranks start+1..end; their mean is (start+1+end)/2
            double rank = (start + 1 + end) / 2.0;
            for (int p = start; p < end; p++) {
                ranks[order[p]] = rank;
            }
            start = end;
        }
        return ranks;
    }
}
