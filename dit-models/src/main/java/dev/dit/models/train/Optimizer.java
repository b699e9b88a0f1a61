package dev.dit.models.train;

import dev.dit.models.BatchTally;
import dev.dit.models.Evaluator;
import dev.dit.models.data.Dataset;

/**
 * One optimizer step with PyTorch's update rules (method.md §8). With
 * {@code g = (1/|S|) Σ_{i∈S} ∇ℓ_i + α θ} (the run's L2 term α added to the gradient, as PyTorch's
 * {@code weight_decay} of SGD and Adam does):
 * <ul>
 *   <li>sgd: {@code θ ← θ − η g} (exactly {@link Sgd#apply}).</li>
 *   <li>momentum:μ: {@code b ← g} at the first step, else {@code b ← μ b + g}; {@code θ ← θ − η b}.</li>
 *   <li>nesterov:μ: the same b; {@code θ ← θ − η (g + μ b)}.</li>
 *   <li>adam: {@code m ← β1 m + (1−β1) g}, {@code v ← β2 v + (1−β2) g²}, with k the step count
 *       after increment, {@code θ ← θ − (η/(1−β1^k)) · m / (√v/√(1−β2^k) + ε)}: ε is added
 *       <em>outside</em> the square root, after the bias correction of v, as in {@code torch.optim.Adam}.</li>
 *   <li>adamw: first {@code θ ← θ (1 − η wd)}, then the Adam update (g evaluated at the θ before the decay).</li>
 * </ul>
 * A training sample can be left out of the batch while the denominator stays |S| (method.md §2).
 */
public final class Optimizer {
    private final OptimizerSpec spec;
    private final Sgd sgd;
    private final double[] grad;

    /**
     * Steps of {@code spec} evaluated through {@code evaluator}.
     *
     * @param spec the optimizer
     * @param evaluator evaluates the model's gradients
     */
    public Optimizer(OptimizerSpec spec, Evaluator evaluator) {
        this.spec = spec;
        this.sgd = new Sgd(evaluator);
        this.grad = new double[evaluator.model().parameterCount()];
    }

    /** {@return the optimizer's spec} */
    public OptimizerSpec spec() {
        return spec;
    }

    /**
     * One step in place, leaving out training sample {@code excluded} (or none when negative).
     *
     * @param theta θ_t, overwritten with θ_{t+1}
     * @param state the state before step t, overwritten with the state after it
     * @param train the training set
     * @param batch S_t
     * @param lr η_t
     * @param alpha the L2 coefficient α
     * @param excluded a training sample to leave out, or a negative number
     */
    public void step(double[] theta, OptimizerState state, Dataset train, int[] batch, double lr, double alpha,
                     int excluded) {
        step(theta, state, train, batch, lr, alpha, excluded, null);
    }

    /**
     * {@link #step(double[], OptimizerState, Dataset, int[], double, double, int)}, also adding to
     * {@code tally} the loss ℓ(z; θ_t) and the correctness of each batch entry the step used, read
     * off the step's own forward pass (no second one); θ and the state come out bit for bit the same.
     *
     * @param theta θ_t, overwritten with θ_{t+1}
     * @param state the state before step t, overwritten with the state after it
     * @param train the training set
     * @param batch S_t
     * @param lr η_t
     * @param alpha the L2 coefficient α
     * @param excluded a training sample to leave out, or a negative number
     * @param tally receives the batch's losses and correct predictions at θ_t, or null
     */
    public void step(double[] theta, OptimizerState state, Dataset train, int[] batch, double lr, double alpha,
                     int excluded, BatchTally tally) {
        if (spec.kind() == OptimizerSpec.Kind.SGD) {
            sgd.step(theta, train, batch, lr, alpha, excluded, tally); // the historical code path, bit for bit
            state.steps(state.steps() + 1);
            return;
        }
        sgd.batchGradient(theta, train, batch, excluded, grad, tally);
        apply(spec, theta, state, grad, lr, alpha);
    }

    /**
     * The update of {@code spec} for a given loss gradient (without the L2 term, which is added here).
     *
     * @param spec the optimizer
     * @param theta θ, updated in place
     * @param state the optimizer state, updated in place (its step count goes up by one)
     * @param lossGrad {@code (1/|S|) Σ ∇ℓ_i}
     * @param lr η
     * @param alpha the L2 coefficient α
     */
    public static void apply(OptimizerSpec spec, double[] theta, OptimizerState state, double[] lossGrad,
                             double lr, double alpha) {
        int p = theta.length;
        boolean first = state.steps() == 0;
        switch (spec.kind()) {
            case SGD:
                Sgd.apply(theta, lossGrad, lr, alpha);
                break;
            case MOMENTUM:
            case NESTEROV: {
                double mu = spec.momentum();
                boolean nesterov = spec.kind() == OptimizerSpec.Kind.NESTEROV;
                double[] b = state.vector(0);
                for (int i = 0; i < p; i++) {
                    double g = lossGrad[i] + alpha * theta[i];
                    b[i] = first ? g : mu * b[i] + g;
                    theta[i] -= lr * (nesterov ? g + mu * b[i] : b[i]);
                }
                break;
            }
            default: {
                int k = state.steps() + 1;
                double b1 = spec.beta1();
                double b2 = spec.beta2();
                double stepSize = lr / (1 - Math.pow(b1, k));
                double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, k));
                double decay = 1 - lr * spec.weightDecay();
                boolean decoupled = spec.kind() == OptimizerSpec.Kind.ADAMW;
                double[] m = state.vector(0);
                double[] v = state.vector(1);
                for (int i = 0; i < p; i++) {
                    double g = lossGrad[i] + alpha * theta[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double denom = Math.sqrt(v[i]) / bc2Sqrt + spec.eps();
                    double th = decoupled ? theta[i] * decay : theta[i];
                    theta[i] = th - stepSize * (m[i] / denom);
                }
                break;
            }
        }
        state.steps(state.steps() + 1);
    }
}
