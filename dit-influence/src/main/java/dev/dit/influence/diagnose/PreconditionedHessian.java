package dev.dit.influence.diagnose;

import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;

/**
 * Adam's preconditioned batch Hessian, symmetrised: {@code v ↦ D^{1/2}(H_t + αI)D^{1/2} v}, with
 * {@code D = diag(1/((1−β1^k)(√v'_i/√(1−β2^k) + ε)))} built from the second moments v' after step
 * t (k = t + 1). It has the eigenvalues of {@code D(H_t + αI)}, and {@code η_t D} is exactly the
 * coefficient {@code a} of Adam's linearised step (method.md §8.2), so {@code η_t·λ_max} of this
 * operator is the figure of Adam's stability condition ({@link StabilityLimit}).
 */
final class PreconditionedHessian implements SymmetricOperator {
    private final SymmetricOperator hessian;
    private final double[] scale;
    private final double[] buffer;

    PreconditionedHessian(SymmetricOperator hessian, OptimizerSpec spec, int t, OptimizerState after) {
        this.hessian = hessian;
        double[] v = after.vector(1);
        int k = t + 1;
        double c1 = 1 - Math.pow(spec.beta1(), k);
        double invC2 = 1 / Math.sqrt(1 - Math.pow(spec.beta2(), k));
        this.scale = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            scale[i] = Math.sqrt(1 / (c1 * (Math.sqrt(v[i]) * invC2 + spec.eps())));
        }
        this.buffer = new double[v.length];
    }

    /** {@return the diagonal of D, for tests} */
    double[] diagonal() {
        double[] d = new double[scale.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = scale[i] * scale[i];
        }
        return d;
    }

    @Override
    public void apply(double[] v, double[] out) {
        for (int i = 0; i < v.length; i++) {
            buffer[i] = scale[i] * v[i];
        }
        hessian.apply(buffer, out);
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale[i];
        }
    }
}
