package dev.dit.models;

import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Input;
import dev.dit.autodiff.Node;
import dev.dit.models.data.Dataset;

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

    /** The underlying graph. */
    public Graph graph() {
        return graph;
    }

    /** The logits node, {@code [B, outputs]}. */
    public Node logits() {
        return logits;
    }

    /** The per-sample loss node, {@code [B]}. */
    public Node loss() {
        return loss;
    }

    /** Batch size. */
    public int batchSize() {
        return batch;
    }

    /** Copies samples {@code idx[from .. from+B)} of {@code data} into the inputs. */
    public void load(Dataset data, int[] idx, int from) {
        int d = data.featureCount();
        if (d * batch != x.size()) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' has " + d
                    + " features per sample; the model was built for " + x.size() / batch);
        }
        double[] xs = x.data();
        double[] ys = y.data();
        for (int i = 0; i < batch; i++) {
            int s = idx[from + i];
            data.copyRow(s, xs, i * d);
            ys[i] = data.label(s);
        }
    }
}
