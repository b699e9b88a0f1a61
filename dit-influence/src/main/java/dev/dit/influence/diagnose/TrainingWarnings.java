package dev.dit.influence.diagnose;

import dev.dit.models.data.Dataset;
import dev.dit.models.train.TrainMetrics;
import dev.dit.models.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cheap warnings about a finished training run that make its influence numbers suspect (issue 12's
 * "warnings where they matter"): an epoch whose training loss rose, and features far from unit
 * scale after preprocessing. They do not stop anything; {@code dit train} prints them.
 */
public final class TrainingWarnings {
    /** A rise of the epoch training loss by more than this fraction is reported (smaller ones are SGD noise). */
    public static final double LOSS_RISE = 0.01;
    /** Features larger than this in magnitude, after preprocessing, are called badly scaled. */
    public static final double MAX_FEATURE = 100;

    private TrainingWarnings() {
    }

    /**
     * The warnings for a run whose log holds {@link TrainMetrics#EXACT} training losses.
     *
     * @param log the per-epoch training log, in order
     * @param train the training split as trained on (after standardisation, if any)
     * @return the warnings; empty when there is nothing to say
     */
    public static List<String> of(List<Trainer.EpochLog> log, Dataset train) {
        return of(log, TrainMetrics.EXACT, train);
    }

    /**
     * The warnings for a run, one sentence each, in a fixed order (loss rises by epoch, then scale).
     * A rise is named as the log's loss is: the training loss at the epoch's end, or the mean over
     * the epoch's batches.
     *
     * @param log the per-epoch training log, in order
     * @param metrics what the log's training losses are
     * @param train the training split as trained on (after standardisation, if any)
     * @return the warnings; empty when there is nothing to say
     */
    public static List<String> of(List<Trainer.EpochLog> log, TrainMetrics metrics, Dataset train) {
        List<String> out = new ArrayList<>();
        for (int e = 1; e < log.size(); e++) {
            double before = log.get(e - 1).trainLoss();
            double now = log.get(e).trainLoss();
            if (now > before * (1 + LOSS_RISE)) {
                String what = metrics == TrainMetrics.BATCH_MEAN
                        ? String.format(Locale.ROOT, "the mean training loss over the batches of epoch %d rose",
                                log.get(e).epoch())
                        : String.format(Locale.ROOT, "the training loss rose in epoch %d", log.get(e).epoch());
                out.add(String.format(Locale.ROOT, "%s (%.4g after %.4g in epoch %d);"
                        + " the linearisation behind DIT may not hold there (check with dit diagnose, or lower --lr)",
                        what, now, before, log.get(e - 1).epoch()));
            }
        }
        double max = maxAbsFeature(train);
        if (max > MAX_FEATURE) {
            out.add(String.format(Locale.ROOT, "features are badly scaled: the largest |feature| of the training split"
                    + " is %.4g (> %.0f); influence on raw features is hard to trust (use --standardize z)",
                    max, MAX_FEATURE));
        }
        return out;
    }

    /**
     * The largest absolute feature value of a data set.
     *
     * @param data the data set
     * @return max |x| over every sample and feature (0 for an empty set)
     */
    public static double maxAbsFeature(Dataset data) {
        double max = 0;
        int d = data.featureCount();
        double[] row = new double[d];
        for (int i = 0; i < data.size(); i++) {
            data.copyRow(i, row, 0);
            for (double x : row) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max;
    }
}
