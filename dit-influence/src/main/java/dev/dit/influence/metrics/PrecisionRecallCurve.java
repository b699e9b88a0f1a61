package dev.dit.influence.metrics;

/**
 * Precision and recall of the top-k of a ranking for every k = 1..n.
 *
 * <p>Element {@code k - 1} of each array belongs to cut-off {@code k}. The arrays are shared, not
 * copied: do not modify them. Recall is NaN throughout when there are no positives.
 *
 * @param precision precision@k for k = 1..n
 * @param recall recall@k for k = 1..n
 */
public record PrecisionRecallCurve(double[] precision, double[] recall) {

    /**
     * Checks that both arrays have the same length.
     *
     * @param precision precision@k for k = 1..n
     * @param recall recall@k for k = 1..n
     */
    public PrecisionRecallCurve {
        Checks.sameLength(precision.length, recall.length, "precision and recall");
    }

    /**
     * The cut-offs 1..n as doubles, convenient as the x axis of a plot.
     *
     * @return {@code {1, 2, ..., n}}
     */
    public double[] cutoffs() {
        double[] k = new double[precision.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = i + 1;
        }
        return k;
    }
}
