package dev.dit.influence.metrics;

/**
 * How well a score ranking retrieves known positives (for example samples whose labels were
 * deliberately corrupted).
 *
 * <p>{@code positive[i]} marks sample {@code i} as a positive. The {@link Direction} says which end
 * of the score scale is ranked first, that is, is considered the most likely positive; the project
 * convention is {@link Direction#LOWEST_FIRST} (most negative = most harmful). Ties in the ranking
 * are broken by sample index for precision and recall; ROC-AUC counts tied positive/negative pairs
 * as 1/2 instead.
 */
public final class Retrieval {

    private Retrieval() {
    }

    /**
     * Fraction of the top {@code k} samples that are positives.
     *
     * @param scores one score per sample
     * @param positive which samples are positives, aligned with {@code scores}
     * @param k cut-off in [1, n]
     * @param direction which end of the scale ranks first
     * @return precision@k in [0, 1]
     */
    public static double precisionAtK(double[] scores, boolean[] positive, int k, Direction direction) {
        Checks.sameLength(scores.length, positive.length, "scores and positive");
        Checks.kInRange(k, scores.length);
        return (double) hits(Order.ranking(scores, direction), positive, k) / k;
    }

    /**
     * Fraction of all positives that are among the top {@code k} samples.
     *
     * @param scores one score per sample
     * @param positive which samples are positives, aligned with {@code scores}
     * @param k cut-off in [1, n]
     * @param direction which end of the scale ranks first
     * @return recall@k in [0, 1], or NaN when there are no positives
     */
    public static double recallAtK(double[] scores, boolean[] positive, int k, Direction direction) {
        Checks.sameLength(scores.length, positive.length, "scores and positive");
        Checks.kInRange(k, scores.length);
        int total = count(positive);
        return total == 0 ? Double.NaN : (double) hits(Order.ranking(scores, direction), positive, k) / total;
    }

    /**
     * Precision@k and recall@k for every k = 1..n in one O(n log n) pass.
     *
     * @param scores one score per sample
     * @param positive which samples are positives, aligned with {@code scores}
     * @param direction which end of the scale ranks first
     * @return the curve; empty arrays for empty input
     */
    public static PrecisionRecallCurve precisionRecallCurve(double[] scores, boolean[] positive, Direction direction) {
        Checks.sameLength(scores.length, positive.length, "scores and positive");
        int n = scores.length;
        int total = count(positive);
        int[] order = Order.ranking(scores, direction);
        double[] precision = new double[n];
        double[] recall = new double[n];
        int hits = 0;
        for (int k = 1; k <= n; k++) {
            if (positive[order[k - 1]]) {
                hits++;
            }
            precision[k - 1] = (double) hits / k;
            recall[k - 1] = total == 0 ? Double.NaN : (double) hits / total;
        }
        return new PrecisionRecallCurve(precision, recall);
    }

    /**
     * Area under the ROC curve: the probability that a random positive is ranked before a random
     * negative, tied pairs counting 1/2 (the Mann-Whitney U statistic divided by
     * {@code positives * negatives}).
     *
     * @param scores one score per sample
     * @param positive which samples are positives, aligned with {@code scores}
     * @param direction which end of the scale is the most likely positive
     * @return AUC in [0, 1]; NaN without positives, without negatives, or with a non-finite score
     */
    public static double rocAuc(double[] scores, boolean[] positive, Direction direction) {
        Checks.sameLength(scores.length, positive.length, "scores and positive");
        long pos = count(positive);
        long neg = scores.length - pos;
        if (pos == 0 || neg == 0 || !Checks.allFinite(scores)) {
            return Double.NaN;
        }
        // rank by "positiveness": ascending key = ranked first = most positive, so negate
        double[] positiveness = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            positiveness[i] = -direction.key(scores[i]);
        }
        double[] ranks = Ranks.averaged(positiveness);
        double rankSum = 0;
        for (int i = 0; i < ranks.length; i++) {
            if (positive[i]) {
                rankSum += ranks[i];
            }
        }
        double u = rankSum - pos * (pos + 1) / 2.0;
        return u / ((double) pos * neg);
    }

    private static int hits(int[] order, boolean[] positive, int k) {
        int hits = 0;
        for (int r = 0; r < k; r++) {
            if (positive[order[r]]) {
                hits++;
            }
        }
        return hits;
    }

    private static int count(boolean[] positive) {
        int c = 0;
        for (boolean p : positive) {
            if (p) {
                c++;
            }
        }
        return c;
    }
}
