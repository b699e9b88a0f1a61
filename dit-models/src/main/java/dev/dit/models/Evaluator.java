package dev.dit.models;

import dev.dit.models.data.Dataset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluates a {@link Model} on batches: losses, logits, weighted gradients and exact
 * Hessian-vector products. Keeps one graph per batch size, so repeated calls allocate nothing.
 * Not thread-safe: use one evaluator per thread.
 *
 * <p>All derivatives are of the weighted loss {@code Σ_i w_i ℓ(z_{idx[from+i]}; θ)} — the
 * regulariser is not included (it belongs to the objective: see {@link dev.dit.models.train.Sgd}).
 */
public final class Evaluator {
    /** Largest batch used when a whole dataset is evaluated in chunks. */
    public static final int CHUNK = 256;

    private final Model model;
    private final Map<Integer, BatchGraph> graphs = new HashMap<>();
    private BatchGraph lastGraph;
    private double[] chunkGrad;
    private double[] chunkWeights;
    private int[] allIndices;
    private double[] tallyLogits;

    /**
     * An evaluator for {@code model}.
     *
     * @param model the model
     */
    public Evaluator(Model model) {
        this.model = model;
    }

    /** {@return the model} */
    public Model model() {
        return model;
    }

    /**
     * The (cached) graph for batches of {@code size}.
     *
     * @param size the batch size
     * @return the graph
     */
    public BatchGraph graph(int size) {
        // Callers use one batch size for long runs (every SGD step of a trajectory): answer
        // those from a field, without boxing the size or allocating the builder reference.
        BatchGraph bg = lastGraph;
        if (bg == null || bg.batch != size) {
            bg = graphs.computeIfAbsent(size, model::build);
            lastGraph = bg;
        }
        return bg;
    }

    private BatchGraph loaded(Dataset data, int[] idx, int from, int len) {
        BatchGraph bg = graph(len);
        bg.load(data, idx, from);
        return bg;
    }

    /**
     * Per-sample losses of samples {@code idx[from .. from+len)} into {@code out[0..len)}.
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param out receives the losses
     */
    public void losses(double[] theta, Dataset data, int[] idx, int from, int len, double[] out) {
        BatchGraph bg = loaded(data, idx, from, len);
        bg.graph.forward(theta);
        bg.loss.copyValue(out, 0);
    }

    /**
     * Logits of samples {@code idx[from .. from+len)} into {@code out} ({@code len × outputs}).
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param out receives the logits, row-major
     */
    public void logits(double[] theta, Dataset data, int[] idx, int from, int len, double[] out) {
        BatchGraph bg = loaded(data, idx, from, len);
        bg.graph.forward(theta);
        bg.logits.copyValue(out, 0);
    }

    /**
     * Gradient of {@code Σ_i w[i] ℓ_{idx[from+i]}} into {@code grad} (overwritten).
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param w the weight of each sample's loss
     * @param grad receives the gradient
     */
    public void gradient(double[] theta, Dataset data, int[] idx, int from, int len, double[] w, double[] grad) {
        gradient(theta, data, idx, from, len, w, grad, null);
    }

    /**
     * {@link #gradient(double[], Dataset, int[], int, int, double[], double[])}, also adding to
     * {@code tally} the loss and the correctness of every entry whose weight is not 0, read off
     * the same forward pass (the gradient is bit for bit the same as without a tally).
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param w the weight of each sample's loss
     * @param grad receives the gradient
     * @param tally receives the entries' losses and correct predictions, or null
     */
    public void gradient(double[] theta, Dataset data, int[] idx, int from, int len, double[] w, double[] grad,
                         BatchTally tally) {
        BatchGraph bg = loaded(data, idx, from, len);
        bg.graph.forward(theta);
        if (tally != null) { // before the reverse sweep, which only writes adjoints, but need not keep values
            tally(bg, data, idx, from, len, w, tally);
        }
        bg.graph.gradient(bg.loss, w, grad);
    }

    /**
     * Adds to {@code tally} the loss and the correctness of every sample {@code idx[from …
     * from+len)} at θ, from one forward pass, in the order a training step's tally adds them (so
     * an epoch's batch mean can be recomputed bit for bit from its trajectory).
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param tally receives the samples' losses and correct predictions
     */
    public void tally(double[] theta, Dataset data, int[] idx, int from, int len, BatchTally tally) {
        BatchGraph bg = loaded(data, idx, from, len);
        bg.graph.forward(theta);
        tally(bg, data, idx, from, len, null, tally);
    }

    /** The tally of a forward pass just run; entries whose weight is 0 are left out ({@code w} null: none). */
    private void tally(BatchGraph bg, Dataset data, int[] idx, int from, int len, double[] w, BatchTally tally) {
        int k = model.outputs();
        if (tallyLogits == null || tallyLogits.length < len * k) {
            tallyLogits = new double[len * k];
        }
        bg.logits.copyValue(tallyLogits, 0);
        for (int i = 0; i < len; i++) {
            if (w == null || w[i] != 0.0) {
                tally.add(bg.loss.value(i), predict(tallyLogits, i, k) == data.label(idx[from + i]));
            }
        }
    }

    /**
     * Gradient of {@code Σ_{i,c} seed[i·k + c] · logit_c(z_{idx[from+i]})} into {@code grad}
     * (k = {@link Model#outputs()}): the gradient of any linear function of the logits.
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param seed the weight of each logit, {@code len × k}
     * @param grad receives the gradient
     */
    public void logitGradient(double[] theta, Dataset data, int[] idx, int from, int len, double[] seed, double[] grad) {
        BatchGraph bg = loaded(data, idx, from, len);
        bg.graph.forward(theta);
        bg.graph.gradient(bg.logits, seed, grad);
    }

    /**
     * Exact {@code H v} of {@code Σ_i w[i] ℓ_{idx[from+i]}} into {@code hv}; when
     * {@code directional} is not null, also {@code ⟨v, ∇ℓ_{idx[from+i]}⟩} into
     * {@code directional[i]} (from the same forward pass, no per-sample gradients).
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param w the weight of each sample's loss
     * @param v the direction
     * @param hv receives {@code H v}
     * @param directional receives the per-sample directional derivatives, or null
     */
    public void hvp(double[] theta, Dataset data, int[] idx, int from, int len, double[] w, double[] v,
                    double[] hv, double[] directional) {
        BatchGraph bg = loaded(data, idx, from, len);
        bg.graph.hvp(bg.loss, w, theta, v, hv, null);
        if (directional != null) {
            bg.loss.copyTangent(directional, 0);
        }
    }

    /**
     * {@link #hvp} along several directions at one θ and batch: the batch is loaded and the values
     * computed once, then each direction costs only its tangents and reverse sweep. Bit for bit
     * what {@code count} calls of {@link #hvp} give.
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param w the weight of each sample's loss
     * @param v the directions {@code v[0 … count)}
     * @param hv receives {@code H v[k]} into {@code hv[k]}
     * @param directional receives the per-sample directional derivatives along {@code v[k]} into
     *                    {@code directional[k]}
     * @param count how many directions
     */
    public void hvps(double[] theta, Dataset data, int[] idx, int from, int len, double[] w, double[][] v,
                     double[][] hv, double[][] directional, int count) {
        if (count == 0) {
            return;
        }
        BatchGraph bg = loaded(data, idx, from, len);
        bg.graph.hvp(bg.loss, w, theta, v[0], hv[0], null);
        bg.loss.copyTangent(directional[0], 0);
        for (int k = 1; k < count; k++) {
            bg.graph.hvpAtSameValues(bg.loss, w, v[k], hv[k]);
            bg.loss.copyTangent(directional[k], 0);
        }
    }

    /**
     * {@code ⟨v, ∇ℓ_{idx[from+i]}⟩} for every i into {@code out} (one forward-mode pass).
     *
     * @param theta the parameters
     * @param data the dataset
     * @param idx sample indices
     * @param from where in {@code idx} to start
     * @param len how many samples
     * @param v the direction
     * @param out receives one value per sample
     */
    public void directional(double[] theta, Dataset data, int[] idx, int from, int len, double[] v, double[] out) {
        BatchGraph bg = loaded(data, idx, from, len);
        bg.graph.jvp(theta, v);
        bg.loss.copyTangent(out, 0);
    }

    /**
     * Mean loss over all of {@code data}.
     *
     * @param theta the parameters
     * @param data the dataset
     * @return the mean per-sample loss
     */
    public double meanLoss(double[] theta, Dataset data) {
        int n = data.size();
        int[] idx = indices(n);
        double[] out = new double[Math.min(CHUNK, n)];
        double s = 0.0;
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            losses(theta, data, idx, from, len, out);
            for (int i = 0; i < len; i++) {
                s += out[i];
            }
        }
        return s / n;
    }

    /**
     * Mean loss and accuracy over all of {@code data} from one forward pass per chunk.
     *
     * @param theta the parameters
     * @param data the dataset
     * @return both numbers
     */
    public LossAccuracy lossAndAccuracy(double[] theta, Dataset data) {
        int n = data.size();
        int[] idx = indices(n);
        int k = model.outputs();
        double[] logits = new double[Math.min(CHUNK, n) * k];
        double[] losses = new double[Math.min(CHUNK, n)];
        double sum = 0.0;
        int correct = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            BatchGraph bg = loaded(data, idx, from, len);
            bg.graph.forward(theta);
            bg.loss.copyValue(losses, 0);
            bg.logits.copyValue(logits, 0);
            for (int i = 0; i < len; i++) {
                sum += losses[i];
                if (predict(logits, i, k) == data.label(idx[from + i])) {
                    correct++;
                }
            }
        }
        return new LossAccuracy(sum / n, (double) correct / n);
    }

    /** A mean loss and an accuracy. */
    public record LossAccuracy(double loss, double accuracy) {
    }

    /**
     * Fraction of {@code data} classified correctly.
     *
     * @param theta the parameters
     * @param data the dataset
     * @return the accuracy in [0, 1]
     */
    public double accuracy(double[] theta, Dataset data) {
        int n = data.size();
        int[] idx = indices(n);
        int k = model.outputs();
        double[] out = new double[Math.min(CHUNK, n) * k];
        int correct = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            logits(theta, data, idx, from, len, out);
            for (int i = 0; i < len; i++) {
                if (predict(out, i, k) == data.label(idx[from + i])) {
                    correct++;
                }
            }
        }
        return (double) correct / n;
    }

    /**
     * Predicted class of row {@code i} of a logits buffer with {@code k} outputs.
     *
     * @param logits the logits, row-major
     * @param i the row
     * @param k outputs per row (1 for a binary task)
     * @return the class
     */
    public static int predict(double[] logits, int i, int k) {
        if (k == 1) {
            return logits[i] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (logits[i * k + c] > logits[i * k + best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Gradient of the mean loss over all of {@code data} into {@code grad}, accumulated chunk by
     * chunk in a fixed order.
     *
     * @param theta the parameters
     * @param data the dataset
     * @param grad receives the gradient
     */
    public void meanLossGradient(double[] theta, Dataset data, double[] grad) {
        int n = data.size();
        int[] idx = indices(n);
        int p = model.parameterCount();
        if (chunkGrad == null) {
            chunkGrad = new double[p];
        }
        Arrays.fill(grad, 0.0);
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            if (chunkWeights == null || chunkWeights.length != len) {
                chunkWeights = new double[len];
            }
            Arrays.fill(chunkWeights, 1.0 / n);
            gradient(theta, data, idx, from, len, chunkWeights, chunkGrad);
            for (int i = 0; i < p; i++) {
                grad[i] += chunkGrad[i];
            }
        }
    }

    /** {@code 0 … n-1}, kept between calls: whole-dataset passes run once per step in TracIn. */
    private int[] indices(int n) {
        if (allIndices == null || allIndices.length != n) {
            allIndices = identity(n);
        }
        return allIndices;
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
