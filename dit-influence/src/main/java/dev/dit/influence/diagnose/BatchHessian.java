package dev.dit.influence.diagnose;

import dev.dit.models.Evaluator;
import dev.dit.models.data.Dataset;
import java.util.Arrays;

/**
 * The Hessian of one SGD step's objective {@code (1/|S|) Σ_{i∈S} ℓ_i(θ) + (α/2)|θ|²} at a fixed
 * θ, as an operator: each product is one exact Hessian-vector product on the batch (forward
 * tangent + reverse pass, no finite differences) plus {@code α v}. This is the matrix whose
 * {@code I − η H} is the step's Jacobian. Not thread-safe (it uses the evaluator's graphs).
 */
public final class BatchHessian implements SymmetricOperator {
    private final Evaluator evaluator;
    private final Dataset train;
    private final int[] batch;
    private final double[] theta;
    private final double alpha;
    private final double[] weights;
    private long products;

    /**
     * The batch Hessian of {@code batch} at {@code theta}.
     *
     * @param evaluator evaluates the model
     * @param train the training set the batch indexes
     * @param batch the sample indices S (not copied; do not modify while in use)
     * @param theta θ (not copied; do not modify while in use)
     * @param alpha the L2 coefficient α
     */
    public BatchHessian(Evaluator evaluator, Dataset train, int[] batch, double[] theta, double alpha) {
        if (batch.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        this.evaluator = evaluator;
        this.train = train;
        this.batch = batch;
        this.theta = theta;
        this.alpha = alpha;
        this.weights = new double[batch.length];
        Arrays.fill(weights, 1.0 / batch.length);
    }

    @Override
    public void apply(double[] v, double[] out) {
        evaluator.hvp(theta, train, batch, 0, batch.length, weights, v, out, null);
        for (int i = 0; i < out.length; i++) {
            out[i] += alpha * v[i];
        }
        products++;
    }

    /** {@return the number of Hessian-vector products computed so far} */
    public long products() {
        return products;
    }

    /** {@return the dimension p (the number of parameters)} */
    public int dimension() {
        return theta.length;
    }
}
