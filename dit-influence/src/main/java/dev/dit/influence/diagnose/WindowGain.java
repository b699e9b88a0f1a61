package dev.dit.influence.diagnose;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.StepJacobian;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;

/**
 * The gain of a window's linearised map {@code M = Π_{t=t1}^{t2−1} (I − η_t (H_t + αI))} (for an
 * optimizer with state, {@code M = Π J_t}, its linearised state map of method.md §8.2 acting on the
 * stacked state (δθ, δb) or (δθ, δm, δv), applied through {@link StepJacobian}): its
 * largest singular value, the square root of the largest eigenvalue of {@code MᵀM}, found by
 * {@link Lanczos} on {@code MᵀM} (method.md §9). One product is a forward pass through the window
 * (t ascending: {@code y = M x}) and a backward pass (t descending: {@code Mᵀ y}, each factor
 * being symmetric), one exact batch HVP per step each, at θ_t replayed from the trajectory as the
 * DIT sweep does. The vector is renormalised after every step and the logarithms of the norms
 * summed, and the operator is scaled by a constant fixed at its first product, so gains far
 * beyond the double range are reported (as log10). Ritz values never exceed the top eigenvalue,
 * so the estimate is a lower bound of σ_max that increases towards it.
 */
public final class WindowGain {
    private final Run run;
    private final Options options;
    private final Evaluator evaluator;
    private final ThetaReplay replay;
    private final double[] theta;
    private final double[] hv;
    private final int dim;
    private final Stateful stateful;
    private long products;

    /**
     * How hard to iterate.
     *
     * @param maxIterations Lanczos iterations at most (each: 2 × window length HVPs)
     * @param tolerance Lanczos relative residual tolerance on σ_max² (the gain is then accurate
     *                  to about half of it, or better)
     * @param seed the seed of the start vector
     */
    public record Options(int maxIterations, double tolerance, long seed) {
        /**
         * Checks the values.
         *
         * @param maxIterations ≥ 1
         * @param tolerance &gt; 0
         * @param seed any
         */
        public Options {
            if (maxIterations < 1 || !(tolerance > 0)) {
                throw new IllegalArgumentException("window gain needs maxIterations >= 1 and tolerance > 0");
            }
        }

        /**
         * Defaults for a diagnostic: at most 20 iterations, relative residual 1e-3, seed 0.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(20, 1e-3, 0);
        }
    }

    /**
     * The gain of one window.
     *
     * @param window the window
     * @param log10Gain log10 of the estimated largest singular value of M
     * @param log10RandomGrowth log10 of {@code ‖M x_0‖} for the seeded random unit vector x_0: how
     *                          much a typical (not the worst) perturbation grows
     * @param iterations Lanczos iterations done
     * @param converged whether the estimate met the tolerance (if not, it is a lower bound)
     * @param products batch HVPs computed
     */
    public record Gain(Window window, double log10Gain, double log10RandomGrowth, int iterations, boolean converged,
                       long products) {
        /** {@return the gain σ_max(M) (may be infinite when log10Gain exceeds the double range)} */
        public double gain() {
            return Math.pow(10, log10Gain);
        }
    }

    /**
     * Gains of windows of {@code run}.
     *
     * @param run the recorded run
     * @param options how hard to iterate
     */
    public WindowGain(Run run, Options options) {
        this.run = run;
        this.options = options;
        this.evaluator = new Evaluator(run.model());
        this.replay = run.replay();
        int p = run.model().parameterCount();
        this.theta = new double[p];
        this.hv = new double[p];
        OptimizerSpec spec = run.trajectory().optimizer();
        this.stateful = spec.equals(OptimizerSpec.SGD) ? null : new Stateful(spec, p);
        this.dim = p * (1 + spec.stateVectors());
    }

    /**
     * The gain of {@code window}.
     *
     * @param window a window of the run's steps
     * @param progress receives the iterations done of the maximum
     * @return the estimate
     */
    public Gain of(Window window, Progress progress) {
        if (window.end() > run.trajectory().steps()) {
            throw new IllegalArgumentException("window " + window + " ends after the run's last step " + run.trajectory().steps());
        }
        long before = products;
        NormalOperator op = new NormalOperator(window, progress);
        Lanczos.Result r;
        try {
            r = Lanczos.top(op, dim, 1, options.maxIterations(), options.tolerance(),
                    options.seed() * 0x9E3779B97F4A7C15L + window.start());
        } catch (ScaleOverflow e) {
            // Beyond the double range even after scaling: keep the best lower bound seen.
            return new Gain(window, op.bestLowerBound, op.randomGrowth, op.calls, false, products - before);
        }
        double log10 = r.max() > 0 ? 0.5 * (Math.log10(r.max()) + op.log10Scale) : Double.NEGATIVE_INFINITY;
        return new Gain(window, Math.max(log10, op.bestLowerBound), op.randomGrowth, r.iterations(), r.converged(),
                products - before);
    }

    /** Thrown when a scaled product of MᵀM leaves the double range. */
    private static final class ScaleOverflow extends RuntimeException {
        ScaleOverflow() {
            super(null, null, false, false);
        }
    }

    /**
     * {@code v ↦ c·MᵀM v}, with c fixed at the first product ({@code 1/‖M x_0‖²}, x_0 Lanczos's
     * seeded start vector) so that Lanczos sees numbers near 1 whatever the gain; the passes
     * themselves renormalise at every step.
     */
    private final class NormalOperator implements SymmetricOperator {
        private final Window window;
        private final Progress progress;
        double log10Scale = Double.NaN;
        double randomGrowth = Double.NaN;
        double bestLowerBound = Double.NEGATIVE_INFINITY;
        int calls;

        NormalOperator(Window window, Progress progress) {
            this.window = window;
            this.progress = progress;
        }

        @Override
        public void apply(double[] v, double[] out) {
            System.arraycopy(v, 0, out, 0, v.length);
            double norm = Math.sqrt(Lanczos.dot(out, out));
            if (norm == 0) {
                return;
            }
            for (int i = 0; i < out.length; i++) {
                out[i] /= norm;
            }
            double forward = pass(window, out, true);
            double log10 = Math.log10(norm) + forward + pass(window, out, false);
            if (Double.isNaN(log10Scale)) {
                randomGrowth = forward;
                log10Scale = Double.isFinite(forward) ? 2 * forward : 0;
            }
            // For a unit v, ‖MᵀM v‖ ≤ σ_max²: a lower bound however Lanczos fares.
            bestLowerBound = Math.max(bestLowerBound, 0.5 * (log10 - Math.log10(norm)));
            double factor = log10 == Double.NEGATIVE_INFINITY ? 0 : Math.pow(10, log10 - log10Scale);
            if (!Double.isFinite(factor)) {
                throw new ScaleOverflow();
            }
            for (int i = 0; i < out.length; i++) {
                out[i] *= factor;
            }
            calls++;
            progress.update(calls, options.maxIterations());
        }
    }

    /**
     * Applies M (ascending) or Mᵀ (descending) to the unit vector x in place, leaving it a unit
     * vector, and returns log10 of the norm of the product.
     */
    private double pass(Window w, double[] x, boolean ascending) {
        if (stateful != null) {
            return stateful.pass(w, x, ascending);
        }
        Trajectory traj = run.trajectory();
        double log10 = 0;
        for (int i = 0; i < w.length(); i++) {
            int t = ascending ? w.start() + i : w.end() - 1 - i;
            replay.theta(t, theta);
            new BatchHessian(evaluator, run.train(), traj.batch(t), theta, traj.alpha()).apply(x, hv);
            products++;
            double eta = traj.learningRate(t);
            double norm2 = 0;
            for (int j = 0; j < x.length; j++) {
                x[j] -= eta * hv[j];
                norm2 += x[j] * x[j];
            }
            if (norm2 == 0) {
                java.util.Arrays.fill(x, 0.0);
                return Double.NEGATIVE_INFINITY; // x is in M's null space: a gain of 0 along it
            }
            double norm = Math.sqrt(norm2);
            for (int j = 0; j < x.length; j++) {
                x[j] /= norm;
            }
            log10 += Math.log10(norm);
        }
        return log10;
    }

    /**
     * The passes of an optimizer with state: x is the stacked (δθ, state δs...) of dimension
     * p·(1 + state vectors); M's factor at step t is {@link StepJacobian#forward} and its
     * transpose {@link StepJacobian#gradientAdjoint} + {@link StepJacobian#finishAdjoint}, one
     * batch HVP (without α, which the Jacobian adds) per step either way.
     */
    private final class Stateful {
        private final StepJacobian jacobian;
        private final OptimizerState before;
        private final OptimizerState after;
        private final double[] next;
        private final double[] dTheta;
        private final double[][] dState;
        private final double[] gamma;
        private final boolean adam;

        Stateful(OptimizerSpec spec, int p) {
            this.jacobian = new StepJacobian(spec, p);
            this.before = new OptimizerState(spec, p);
            this.after = new OptimizerState(spec, p);
            this.next = new double[p];
            this.dTheta = new double[p];
            this.dState = new double[spec.stateVectors()][p];
            this.gamma = new double[p];
            this.adam = spec.stateVectors() == 2;
        }

        double pass(Window w, double[] x, boolean ascending) {
            Trajectory traj = run.trajectory();
            int p = dTheta.length;
            split(x, p);
            double log10 = 0;
            for (int i = 0; i < w.length(); i++) {
                int t = ascending ? w.start() + i : w.end() - 1 - i;
                replay.state(t, theta, before);
                double eta = traj.learningRate(t);
                if (adam) {
                    replay.state(t + 1, next, after);
                    jacobian.prepareFromMoments(t, eta, traj.alpha(), before, after);
                } else {
                    jacobian.prepare(t, eta, traj.alpha(), null, null);
                }
                BatchHessian h = new BatchHessian(evaluator, run.train(), traj.batch(t), theta, 0.0);
                if (ascending) {
                    h.apply(dTheta, hv);
                    jacobian.forward(dTheta, dState, hv, null);
                } else {
                    jacobian.gradientAdjoint(dTheta, dState, gamma);
                    h.apply(gamma, hv);
                    jacobian.finishAdjoint(dTheta, gamma, hv);
                }
                products++;
                double norm2 = Lanczos.dot(dTheta, dTheta);
                for (double[] s : dState) {
                    norm2 += Lanczos.dot(s, s);
                }
                if (norm2 == 0) {
                    java.util.Arrays.fill(x, 0.0);
                    return Double.NEGATIVE_INFINITY;
                }
                double inv = 1 / Math.sqrt(norm2);
                scale(dTheta, inv);
                for (double[] s : dState) {
                    scale(s, inv);
                }
                log10 += 0.5 * Math.log10(norm2);
            }
            join(x, p);
            return log10;
        }

        private void split(double[] x, int p) {
            System.arraycopy(x, 0, dTheta, 0, p);
            for (int k = 0; k < dState.length; k++) {
                System.arraycopy(x, (k + 1) * p, dState[k], 0, p);
            }
        }

        private void join(double[] x, int p) {
            System.arraycopy(dTheta, 0, x, 0, p);
            for (int k = 0; k < dState.length; k++) {
                System.arraycopy(dState[k], 0, x, (k + 1) * p, p);
            }
        }

        private void scale(double[] v, double f) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= f;
            }
        }
    }
}
