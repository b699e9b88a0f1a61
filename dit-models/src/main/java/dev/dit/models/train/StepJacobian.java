package dev.dit.models.train;

import dev.dit.autodiff.kernel.AdamStep;
import dev.dit.autodiff.kernel.KernelsProvider;

/**
 * The linearisation of one optimizer step (method.md §8) about the recorded run, and its
 * transpose. The step is the state map {@code s_{t+1} = Φ_t(s_t, g_t)}, s = (θ, state vectors),
 * with {@code g_t = ∇L_{S_t}(θ_t) + α θ_t}. Every block of its Jacobian is diagonal or a multiple
 * of the identity except the batch Hessian H_t inside {@code ∂g/∂θ = H_t + αI}, which the caller
 * applies (one Hessian-vector product per step).
 *
 * <p>Forward ({@link #forward}): {@code δs_{t+1} = J_t δs_t + (∂Φ/∂g) e}, e the change of g.
 * Transposed, in two halves around the caller's HVP: {@link #gradientAdjoint} turns
 * {@code λ_{t+1}} into {@code γ = (∂Φ/∂g)ᵀ λ_{t+1}} (the direction of the HVP and of the per-sample
 * scores {@code ⟨γ, e⟩}) and leaves intermediate values in the state adjoints; then
 * {@link #finishAdjoint} completes {@code λ_t = J_tᵀ λ_{t+1}} from {@code H_t γ}.
 *
 * <p>Adam's Jacobian is taken where it exists: at a coordinate whose second moment after the step
 * is exactly 0 (its gradient was 0 at every step so far, e.g. a dead unit) √v is not
 * differentiable and the v-path coefficient is set to 0.
 */
public final class StepJacobian {
    private final OptimizerSpec spec;
    private final int p;
    private final boolean adam;
    private double[] a;
    private double[] b;
    private double[] g; // the caller's g_t, referenced (not copied) until the next prepare
    private double[] ownGradient; // g_t recovered by prepareFromMoments
    private double lr;
    private double alpha;
    private double decay;
    private double mu;
    private double adamStepSize;
    private double adamInvC2;

    /**
     * Buffers for a model of {@code p} parameters.
     *
     * @param spec the optimizer
     * @param p the number of parameters
     */
    public StepJacobian(OptimizerSpec spec, int p) {
        this.spec = spec;
        this.p = p;
        this.adam = spec.stateVectors() == 2;
    }

    /** Adam's coefficient buffers, allocated on first use (the fused {@link #adamAdjoint} needs none). */
    private void coefficients() {
        if (a == null) {
            a = new double[p];
            b = new double[p];
        }
    }

    /**
     * Sets up the Jacobian of step t.
     *
     * @param t the step (the state before it has taken t steps)
     * @param eta η_t
     * @param alphaL2 the L2 coefficient α
     * @param gradient {@code g_t} including the L2 term (only read for Adam/AdamW; may be null
     *                 otherwise); referenced, not copied: keep it unchanged until step t is done
     * @param after the optimizer state after step t (only read for Adam/AdamW)
     */
    public void prepare(int t, double eta, double alphaL2, double[] gradient, OptimizerState after) {
        setUp(t, eta, alphaL2);
        if (!adam) {
            return;
        }
        coefficients();
        this.g = gradient;
        double[] m = after.vector(0);
        double[] v = after.vector(1);
        double eps = spec.eps();
        double stepSize = adamStepSize;
        double invC2 = adamInvC2;
        double half = stepSize * invC2 / 2;
        // Branch-free, so that the JIT can vectorise it (two divisions and one square root per
        // coordinate would otherwise cost about as much as the step's HVP). Where v' = 0 the
        // moments were 0 at every step (m' = 0 too), so b = 0 there as the class comment says.
        for (int i = 0; i < p; i++) {
            double root = Math.sqrt(v[i]);
            double inv = 1.0 / (root * invC2 + eps);
            a[i] = stepSize * inv;
            b[i] = half * m[i] * inv * inv / Math.max(root, Double.MIN_NORMAL);
        }
    }

    /** The step's scalars: η, α, the momentum of its first step, AdamW's decay, Adam's bias corrections. */
    private void setUp(int t, double eta, double alphaL2) {
        this.lr = eta;
        this.alpha = alphaL2;
        this.mu = t == 0 ? 0.0 : spec.momentum(); // PyTorch's first momentum step sets b = g
        this.decay = spec.kind() == OptimizerSpec.Kind.ADAMW ? 1 - eta * spec.weightDecay() : 1.0;
        int k = t + 1;
        this.adamStepSize = eta / (1 - Math.pow(spec.beta1(), k));
        this.adamInvC2 = 1 / Math.sqrt(1 - Math.pow(spec.beta2(), k));
    }

    /**
     * As {@link #prepare} for Adam/AdamW, with {@code g_t = (m_{t+1} − β1 m_t)/(1 − β1)} (g
     * including the L2 term) recovered from the recorded first moments inside the same pass: the
     * same numbers, bit for bit, without a separate pass for g. (Folding the adjoint into this
     * loop as well made it too large for the JIT to vectorise: 8× slower, measured.)
     *
     * @param t the step
     * @param eta η_t
     * @param alphaL2 the L2 coefficient α
     * @param before the optimizer state before step t
     * @param after the optimizer state after step t
     * @throws IllegalStateException for an optimizer other than Adam/AdamW
     */
    public void prepareFromMoments(int t, double eta, double alphaL2, OptimizerState before, OptimizerState after) {
        if (!adam) {
            throw new IllegalStateException("prepareFromMoments is for Adam and AdamW, not " + spec);
        }
        setUp(t, eta, alphaL2);
        coefficients();
        if (ownGradient == null) {
            ownGradient = new double[p];
        }
        this.g = ownGradient;
        double[] m0 = before.vector(0);
        double[] m = after.vector(0);
        double[] v = after.vector(1);
        double eps = spec.eps();
        double stepSize = adamStepSize;
        double invC2 = adamInvC2;
        double half = stepSize * invC2 / 2;
        double b1 = spec.beta1();
        double inv1 = 1 / (1 - b1);
        double[] gg = ownGradient;
        for (int i = 0; i < p; i++) {
            double root = Math.sqrt(v[i]);
            double inv = 1.0 / (root * invC2 + eps);
            double mi = m[i];
            a[i] = stepSize * inv;
            b[i] = half * mi * inv * inv / Math.max(root, Double.MIN_NORMAL);
            gg[i] = (mi - b1 * m0[i]) * inv1;
        }
    }

    /**
     * Adam/AdamW: {@link #prepareFromMoments} and {@link #gradientAdjoint} for one track in a single
     * pass ({@link dev.dit.autodiff.kernel.Kernels#adamAdjoint}, vectorised when the Vector API is
     * available): the same numbers bit for bit, without writing and re-reading the coefficients
     * and g_t. The moments are read where they lie (e.g. straight from a stored checkpoint, whose
     * packed vector holds m then v). Afterwards {@link #finishAdjoint} completes the step as usual;
     * {@link #forward} still needs {@link #prepare} or {@link #prepareFromMoments}.
     *
     * @param t the step
     * @param eta η_t
     * @param alphaL2 the L2 coefficient α
     * @param m0 the first moments before step t, from {@code m0Off}
     * @param m0Off where they start
     * @param m1 the first moments after step t, from {@code m1Off}
     * @param m1Off where they start
     * @param v1 the second moments after step t, from {@code v1Off}
     * @param v1Off where they start
     * @param lTheta λθ_{t+1} (read only here)
     * @param lState the state adjoints (λm, λv) of λ_{t+1}, overwritten with their part of λ_t
     * @param gamma receives γ
     * @throws IllegalStateException for an optimizer other than Adam/AdamW
     */
    public void adamAdjoint(int t, double eta, double alphaL2, double[] m0, int m0Off, double[] m1, int m1Off,
                            double[] v1, int v1Off, double[] lTheta, double[][] lState, double[] gamma) {
        if (!adam) {
            throw new IllegalStateException("adamAdjoint is for Adam and AdamW, not " + spec);
        }
        setUp(t, eta, alphaL2);
        AdamStep step = new AdamStep(adamStepSize, adamInvC2, spec.eps(), spec.beta1(), spec.beta2());
        KernelsProvider.get().adamAdjoint(p, step, m0, m0Off, m1, m1Off, v1, v1Off, lTheta, lState[0], lState[1],
                gamma);
    }

    /**
     * {@code δs ← J_t δs + (∂Φ/∂g) e} in place.
     *
     * @param dTheta δθ_t, becomes δθ_{t+1}
     * @param dState the state's δ vectors, updated likewise
     * @param hd {@code H_t δθ_t} (the batch Hessian without α)
     * @param e the change of g_t (e.g. {@code −(1/|S_t|)∇ℓ_j}), or null for none
     */
    public void forward(double[] dTheta, double[][] dState, double[] hd, double[] e) {
        double[] x = dState.length > 0 ? dState[0] : null;
        double[] y = dState.length > 1 ? dState[1] : null;
        double m = spec.momentum();
        double b1 = spec.beta1();
        double b2 = spec.beta2();
        for (int i = 0; i < p; i++) {
            double dg = hd[i] + alpha * dTheta[i] + (e == null ? 0.0 : e[i]);
            switch (spec.kind()) {
                case SGD:
                    dTheta[i] -= lr * dg;
                    break;
                case MOMENTUM:
                    x[i] = mu * x[i] + dg;
                    dTheta[i] -= lr * x[i];
                    break;
                case NESTEROV:
                    x[i] = mu * x[i] + dg;
                    dTheta[i] -= lr * (dg + m * x[i]);
                    break;
                default:
                    x[i] = b1 * x[i] + (1 - b1) * dg;
                    y[i] = b2 * y[i] + 2 * (1 - b2) * g[i] * dg;
                    dTheta[i] = decay * dTheta[i] - a[i] * x[i] + b[i] * y[i];
                    break;
            }
        }
    }

    /**
     * First half of the transposed step: {@code γ = (∂Φ_t/∂g)ᵀ λ_{t+1}}; the state adjoints become
     * their {@code λ_t} parts already (they do not depend on {@code H_t γ}).
     *
     * @param lTheta λθ_{t+1} (read only here)
     * @param lState the state adjoints λ_{t+1}, overwritten with their part of λ_t
     * @param gamma receives γ
     */
    public void gradientAdjoint(double[] lTheta, double[][] lState, double[] gamma) {
        switch (spec.kind()) { // one loop per kind: this runs once per step and track in the sweep
            case SGD:
                for (int i = 0; i < p; i++) {
                    gamma[i] = -lr * lTheta[i];
                }
                break;
            // The state adjoints are finished here too (scaled by the state's own decay), so that
            // each vector is read and written once per step: this loop is memory-bound.
            case MOMENTUM: {
                double[] u = lState[0];
                double m = mu;
                for (int i = 0; i < p; i++) {
                    double uu = u[i] - lr * lTheta[i];
                    gamma[i] = uu;
                    u[i] = m * uu;
                }
                break;
            }
            case NESTEROV: {
                double[] u = lState[0];
                double lrMu = lr * spec.momentum();
                double m = mu;
                for (int i = 0; i < p; i++) {
                    double uu = u[i] - lrMu * lTheta[i];
                    gamma[i] = uu - lr * lTheta[i];
                    u[i] = m * uu;
                }
                break;
            }
            default: {
                double[] u = lState[0];
                double[] w = lState[1];
                double b1 = spec.beta1();
                double b2 = spec.beta2();
                double c1 = 1 - b1;
                double c2 = 2 * (1 - b2);
                for (int i = 0; i < p; i++) {
                    double l = lTheta[i];
                    double uu = u[i] - a[i] * l;
                    double ww = w[i] + b[i] * l;
                    gamma[i] = c1 * uu + c2 * g[i] * ww;
                    u[i] = b1 * uu;
                    w[i] = b2 * ww;
                }
                break;
            }
        }
    }

    /**
     * Second half: {@code λθ_t} of {@code λ_t = J_tᵀ λ_{t+1}} in place, from γ and {@code H_t γ}
     * (the state adjoints were completed by {@link #gradientAdjoint}).
     *
     * @param lTheta λθ_{t+1}, becomes λθ_t
     * @param gamma γ from {@link #gradientAdjoint}
     * @param hGamma {@code H_t γ}, or null to drop the curvature term {@code (H_t + αI) γ} (an ablation)
     */
    public void finishAdjoint(double[] lTheta, double[] gamma, double[] hGamma) {
        if (hGamma == null) {
            for (int i = 0; i < p; i++) {
                lTheta[i] = decay * lTheta[i];
            }
            return;
        }
        double al = alpha;
        double d = decay;
        for (int i = 0; i < p; i++) {
            lTheta[i] = d * lTheta[i] + hGamma[i] + al * gamma[i];
        }
    }
}
