package dev.dit.models;

/**
 * Running sums over batch entries of the per-sample loss and of correct predictions, filled from
 * the forward pass of a gradient ({@link Evaluator#gradient(double[], dev.dit.models.data.Dataset,
 * int[], int, int, double[], double[], BatchTally)}) so that a training step reports its batch's
 * loss without a second forward pass. Sums are taken entry by entry in batch order, so they do
 * not depend on the thread count. Not thread-safe.
 */
public final class BatchTally {
    private double lossSum;
    private long correct;
    private long entries;

    /** An empty tally. */
    public BatchTally() {
    }

    /** Forgets everything added so far. */
    public void clear() {
        lossSum = 0;
        correct = 0;
        entries = 0;
    }

    void add(double loss, boolean right) {
        lossSum += loss;
        if (right) {
            correct++;
        }
        entries++;
    }

    /** {@return the sum of the per-sample losses of the entries added} */
    public double lossSum() {
        return lossSum;
    }

    /** {@return how many of the entries added were classified correctly} */
    public long correct() {
        return correct;
    }

    /** {@return how many batch entries were added} */
    public long entries() {
        return entries;
    }

    /** {@return the mean loss over the entries added (NaN if none)} */
    public double meanLoss() {
        return entries == 0 ? Double.NaN : lossSum / entries;
    }

    /** {@return the fraction of the entries added classified correctly (NaN if none)} */
    public double accuracy() {
        return entries == 0 ? Double.NaN : (double) correct / entries;
    }
}
