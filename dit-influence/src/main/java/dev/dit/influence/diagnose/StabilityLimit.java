package dev.dit.influence.diagnose;

import dev.dit.models.train.OptimizerSpec;

/**
 * The local stability condition of one optimizer step, from its linearised step map with the
 * optimizer's state coefficients frozen (method.md §9.1). Each condition reads
 * {@code η_t·λ_max < limit}, where λ_max is the top eigenvalue of {@code H_t + αI} for SGD,
 * momentum and Nesterov, and of the preconditioned Hessian {@code D_t(H_t + αI)} for Adam and
 * AdamW, {@code D_t = diag(1/((1−β1^k)(√v̂_i + ε)))} ({@link PreconditionedHessian}):
 * <ul>
 *   <li>sgd: 2;</li>
 *   <li>momentum:μ (heavy ball): {@code 2(1+μ)};</li>
 *   <li>nesterov:μ: {@code 2(1+μ)/(1+2μ)};</li>
 *   <li>adam: {@code 2(1+β1)/(1−β1)}; adamw: {@code (1+c)(1+β1)/(1−β1)}, c = 1 − η_t·wd.</li>
 * </ul>
 * At step 0 momentum and Nesterov take a plain gradient step (PyTorch sets b = g), so the limit
 * there is that of SGD.
 */
public final class StabilityLimit {
    private StabilityLimit() {
    }

    /**
     * The limit of {@code η_t·λ_max} at step t.
     *
     * @param spec the optimizer
     * @param t the step (0-based)
     * @param eta η_t (only AdamW's limit depends on it)
     * @return the limit
     */
    public static double of(OptimizerSpec spec, int t, double eta) {
        switch (spec.kind()) {
            case SGD:
                return Curvature.SGD_LIMIT;
            case MOMENTUM:
                return t == 0 ? Curvature.SGD_LIMIT : 2 * (1 + spec.momentum());
            case NESTEROV:
                return t == 0 ? Curvature.SGD_LIMIT : 2 * (1 + spec.momentum()) / (1 + 2 * spec.momentum());
            case ADAM:
                return 2 * (1 + spec.beta1()) / (1 - spec.beta1());
            default: {
                double c = 1 - eta * spec.weightDecay();
                return (1 + c) * (1 + spec.beta1()) / (1 - spec.beta1());
            }
        }
    }

    /**
     * The name of the matrix whose top eigenvalue the limit bounds, for reports.
     *
     * @param spec the optimizer
     * @return {@code "H + alpha I"} or {@code "D (H + alpha I)"}
     */
    public static String matrix(OptimizerSpec spec) {
        return spec.stateVectors() == 2 ? "D (H + alpha I)" : "H + alpha I";
    }
}
