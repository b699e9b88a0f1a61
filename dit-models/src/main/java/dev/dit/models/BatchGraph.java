package dev.dit.models;

import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Input;
import dev.dit.autodiff.Node;
import dev.dit.autodiff.kernel.Parallel;
import dev.dit.models.data.Dataset;
import java.util.function.IntConsumer;

/** A model's graph for one batch size: inputs, logits and the per-sample loss vector. */
public final class BatchGraph {
    final Graph graph;
    final Input x;
    final Input y;
    final Node logits;
    final Node loss;
    final int batch;

    BatchGraph(Graph graph, Input x, Input y, Node logits, Node loss, int batch) {
        this.graph = graph;
        this.x = x;
        this.y = y;
        this.logits = logits;
        this.loss = loss;
        this.batch = batch;
    }

    /** {@return the underlying graph} */
    public Graph graph() {
        return graph;
    }

    /** {@return the logits node, {@code [B, outputs]}} */
    public Node logits() {
        return logits;
    }

    /** {@return the per-sample loss node, {@code [B]}} */
    public Node loss() {
        return loss;
    }

    /** {@return the batch size} */
    public int batchSize() {
        return batch;
    }

    /**
     * Batches of at least this many doubles are copied by two kernel threads when those are
     * awake (a CNN's layers just used them): a CNN step's 50 176 took about 50 µs on one while
     * the other only waited. An MLP leaves them parked, and waking one cost more than the copy.
     */
    private static final int PARALLEL_MIN_DOUBLES = 1 << 15;

    /**
     * Copies samples {@code idx[from .. from+B)} of {@code data} into the inputs.
     *
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} the batch starts
     */
    public void load(Dataset data, int[] idx, int from) {
        int d = data.featureCount();
        if (d * batch != x.size()) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' has " + d
                    + " features per sample; the model was built for " + x.size() / batch);
        }
        loading = data;
        loadingIdx = idx;
        loadingFrom = from;
        // a bad row index fails in Dataset.copyRow, on whichever thread; Parallel rethrows it here
        loadingParts = d * batch >= PARALLEL_MIN_DOUBLES ? Math.min(2, Parallel.threads()) : 1;
        Parallel.runIfAwake(loadingParts, copyRows);
    }

    /** The load in progress, read by {@link #copyRows} (kept in fields: a step allocates nothing). */
    private Dataset loading;
    private int[] loadingIdx;
    private int loadingFrom;
    private int loadingParts;
    /** Part p of {@code loadingParts} of the rows: a plain copy, so the split never changes a value. */
    private final IntConsumer copyRows = this::copyRows;

    private void copyRows(int part) {
        int d = loading.featureCount();
        double[] xs = x.data();
        double[] ys = y.data();
        int lo = part * batch / loadingParts;
        int hi = (part + 1) * batch / loadingParts;
        for (int i = lo; i < hi; i++) {
            int s = loadingIdx[loadingFrom + i];
            loading.copyRow(s, xs, i * d);
            ys[i] = loading.label(s);
        }
    }
}
