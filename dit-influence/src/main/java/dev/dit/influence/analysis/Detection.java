package dev.dit.influence.analysis;

import dev.dit.influence.metrics.Direction;
import dev.dit.influence.metrics.PrecisionRecallCurve;
import dev.dit.influence.metrics.Retrieval;
import dev.dit.influence.metrics.TopK;

/**
 * Finding corrupted training samples by ranking their influence on the validation loss
 * (method.md §7, corruption protocol): ascending, so the most negative (most harmful) sample is
 * flagged first; k is the number of corrupted samples.
 */
public final class Detection {

    /**
     * How well one score vector retrieves the corrupted samples.
     *
     * @param k the cut-off: number of corrupted samples
     * @param precisionAtK share of the k lowest scores that are corrupted
     * @param recallAtK share of the corrupted samples among the k lowest (equal to precision at this k)
     * @param rocAuc probability that a corrupted sample scores below a clean one (ties 1/2)
     * @param curve precision and recall for every cut-off 1 … n
     * @param flagged the k flagged samples, most harmful first
     */
    public record Result(int k, double precisionAtK, double recallAtK, double rocAuc, PrecisionRecallCurve curve,
                         int[] flagged) {
    }

    private Detection() {
    }

    /**
     * Evaluates {@code scores} (one per training sample) against {@code corrupted}; needs ≥ 1 corrupted.
     *
     * @param scores one score per training sample; the lowest are flagged first
     * @param corrupted which training samples are corrupted
     * @return precision and recall at k (the number of corrupted samples) and at every cut-off,
     *     ROC-AUC and the flagged samples
     */
    public static Result evaluate(double[] scores, boolean[] corrupted) {
        if (scores.length != corrupted.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + corrupted.length + " samples");
        }
        int k = 0;
        for (boolean c : corrupted) {
            if (c) {
                k++;
            }
        }
        if (k == 0) {
            throw new IllegalArgumentException("no corrupted samples to detect");
        }
        Direction dir = Direction.LOWEST_FIRST;
        return new Result(k, Retrieval.precisionAtK(scores, corrupted, k, dir), Retrieval.recallAtK(scores, corrupted, k, dir),
                Retrieval.rocAuc(scores, corrupted, dir), Retrieval.precisionRecallCurve(scores, corrupted, dir),
                TopK.bySign(scores, k, dir));
    }
}
