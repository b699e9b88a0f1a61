package dev.dit.models.train;

import java.util.Locale;

/**
 * What the training loss and accuracy of an epoch's {@link Trainer.EpochLog} are. The validation
 * loss and accuracy are always exact (at the epoch's last θ, over the whole validation set).
 */
public enum TrainMetrics {
    /**
     * The mean over the epoch's batch entries of the per-sample loss ℓ(z; θ_t), and the fraction
     * of those entries classified correctly, each taken from the forward pass of the step that
     * used the batch (at θ_t, before its update): no extra forward pass. An entry is one position
     * of a batch S_t, so a sample that the schedule puts twice into the epoch counts twice, as
     * the steps saw it; entries left out of a step (a leave-one-out retraining) are not counted.
     * The convention of Keras and PyTorch Lightning.
     */
    BATCH_MEAN("batch-mean"),
    /**
     * The mean loss L(θ) and the accuracy over every training sample at θ after the epoch's last
     * step: a forward pass over the whole training set at each epoch's end.
     */
    EXACT("exact");

    private final String id;

    TrainMetrics(String id) {
        this.id = id;
    }

    /** {@return the name on the command line and in {@code run.json}: {@code batch-mean} or {@code exact}} */
    public String id() {
        return id;
    }

    /**
     * The metrics of an {@link #id()}.
     *
     * @param id {@code batch-mean} or {@code exact} (case-insensitive)
     * @return the metrics
     * @throws IllegalArgumentException for any other text
     */
    public static TrainMetrics parse(String id) {
        for (TrainMetrics m : values()) {
            if (m.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown training metrics '" + id + "' (expected batch-mean or exact)");
    }

    /**
     * How an epoch's training loss is named in messages.
     *
     * @return e.g. {@code "mean training loss over the epoch's batches"}
     */
    public String lossName() {
        return this == BATCH_MEAN ? "mean training loss over the epoch's batches" : "training loss";
    }
}
