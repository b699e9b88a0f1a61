package dev.dit.models.train;

import dev.dit.models.BatchTally;
import dev.dit.models.Evaluator;
import dev.dit.models.data.Dataset;
import java.util.Arrays;

/**
 * One plain SGD step, {@code θ ← θ − η (g + α θ)} with {@code g = (1/|S|) Σ_{i∈S} ∇ℓ_i}, the
 * regulariser belonging to the objective. A sample can be left out of the batch while the
 * denominator stays |S| (the counterfactual of method.md §2). Reuses its buffers.
 */
public final class Sgd {
    private final Evaluator evaluator;
    private final double[] grad;
    private double[] weights = new double[0];

    /**
     * SGD steps evaluated through {@code evaluator}.
     *
     * @param evaluator evaluates the model's gradients
     */
    public Sgd(Evaluator evaluator) {
        this.evaluator = evaluator;
        this.grad = new double[evaluator.model().parameterCount()];
    }

    /** {@return the evaluator} */
    public Evaluator evaluator() {
        return evaluator;
    }

    /**
     * Applies one step in place to {@code theta} on batch {@code batch}, leaving out training
     * sample {@code excluded} (or none when negative).
     *
     * @param theta θ_t, overwritten with θ_{t+1}
     * @param train the training set
     * @param batch S_t
     * @param lr η_t
     * @param alpha the L2 coefficient α
     * @param excluded a training sample to leave out of the batch, or a negative number
     */
    public void step(double[] theta, Dataset train, int[] batch, double lr, double alpha, int excluded) {
        step(theta, train, batch, lr, alpha, excluded, null);
    }

    /**
     * {@link #step(double[], Dataset, int[], double, double, int)}, also adding to {@code tally}
     * the loss ℓ(z; θ_t) and the correctness of each batch entry the step used (every entry but
     * those of {@code excluded}), from the step's own forward pass; θ_{t+1} is bit for bit the same.
     *
     * @param theta θ_t, overwritten with θ_{t+1}
     * @param train the training set
     * @param batch S_t
     * @param lr η_t
     * @param alpha the L2 coefficient α
     * @param excluded a training sample to leave out of the batch, or a negative number
     * @param tally receives the batch's losses and correct predictions at θ_t, or null
     */
    public void step(double[] theta, Dataset train, int[] batch, double lr, double alpha, int excluded,
                     BatchTally tally) {
        batchGradient(theta, train, batch, excluded, grad, tally);
        apply(theta, grad, lr, alpha);
    }

    /**
     * The batch's loss gradient {@code (1/|S|) Σ_{i∈S, i≠excluded} ∇ℓ_i(θ)}: the denominator stays
     * |S| when a sample is left out (method.md §2), and a batch of only that sample gives 0.
     *
     * @param theta θ
     * @param train the training set
     * @param batch S
     * @param excluded a training sample to leave out of the batch, or a negative number
     * @param out receives the gradient (p values)
     */
    public void batchGradient(double[] theta, Dataset train, int[] batch, int excluded, double[] out) {
        batchGradient(theta, train, batch, excluded, out, null);
    }

    /**
     * {@link #batchGradient(double[], Dataset, int[], int, double[])}, also adding the loss and
     * correctness of each entry used (not {@code excluded}) to {@code tally}.
     *
     * @param theta θ
     * @param train the training set
     * @param batch S
     * @param excluded a training sample to leave out of the batch, or a negative number
     * @param out receives the gradient (p values)
     * @param tally receives the entries' losses and correct predictions at θ, or null
     */
    public void batchGradient(double[] theta, Dataset train, int[] batch, int excluded, double[] out,
                              BatchTally tally) {
        int len = batch.length;
        if (weights.length != len) {
            weights = new double[len];
        }
        Arrays.fill(weights, 1.0 / len);
        boolean any = true;
        if (excluded >= 0) {
            for (int i = 0; i < len; i++) {
                if (batch[i] == excluded) {
                    weights[i] = 0.0;
                }
            }
            any = len > 1 || batch[0] != excluded;
        }
        if (any) {
            evaluator.gradient(theta, train, batch, 0, len, weights, out, tally);
        } else {
            Arrays.fill(out, 0.0);
        }
    }

    /**
     * {@code θ ← θ − η (g + α θ)}.
     *
     * @param theta θ, updated in place
     * @param g the gradient
     * @param lr η
     * @param alpha the L2 coefficient α
     */
    public static void apply(double[] theta, double[] g, double lr, double alpha) {
        for (int i = 0; i < theta.length; i++) {
            theta[i] -= lr * (g[i] + alpha * theta[i]);
        }
    }
}
