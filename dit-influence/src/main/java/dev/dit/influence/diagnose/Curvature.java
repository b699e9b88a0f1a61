package dev.dit.influence.diagnose;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Progress;
import dev.dit.models.Evaluator;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The top eigenvalues of the batch Hessian {@code H_t + αI} (for Adam and AdamW: of the
 * preconditioned Hessian, {@link PreconditionedHessian}) along a recorded run, and the stability
 * figure {@code η_t·λ_max(t)} against the optimizer's limit (method.md §9: plain SGD is locally
 * stable along a direction of curvature λ only while {@code η·λ < 2}; §9.1 and
 * {@link StabilityLimit} for the other optimizers). The steps examined are every K-th step
 * and the last step of every epoch; each costs one Lanczos run of a few batch HVPs at the
 * replayed θ_t, with a start vector seeded by (seed, t), so the figures are deterministic.
 */
public final class Curvature {
    /** The SGD stability limit of η·λ (method.md §9). */
    public static final double SGD_LIMIT = 2.0;

    private Curvature() {
    }

    /**
     * How to examine the run.
     *
     * @param every examine every K-th step (K ≥ 1), besides the epoch ends
     * @param k how many top eigenvalues per step (≥ 1)
     * @param maxIterations Lanczos products per step at most
     * @param tolerance Lanczos relative residual tolerance
     * @param seed the seed of the start vectors
     */
    public record Options(int every, int k, int maxIterations, double tolerance, long seed) {
        /**
         * Checks the values.
         *
         * @param every K ≥ 1
         * @param k ≥ 1
         * @param maxIterations ≥ 1
         * @param tolerance &gt; 0
         * @param seed any
         */
        public Options {
            if (every < 1 || k < 1 || maxIterations < 1 || !(tolerance > 0)) {
                throw new IllegalArgumentException("curvature options need every, k, maxIterations >= 1 and tolerance > 0");
            }
        }

        /**
         * Defaults: 3 eigenvalues, at most 30 products, tolerance 1e-4 (λ_max to about that
         * relative accuracy or better), seed 0.
         *
         * @param every K
         * @return the options
         */
        public static Options every(int every) {
            return new Options(every, 3, 30, 1e-4, 0);
        }
    }

    /**
     * The curvature at one step.
     *
     * @param step t, the step whose update {@code θ_{t+1} = θ_t − η_t(∇ + αθ_t)} the figures describe
     * @param epoch the 1-based epoch the step belongs to
     * @param learningRate η_t
     * @param eigenvalues the top eigenvalues of {@code H_t + αI}, descending (Lanczos Ritz values)
     * @param etaLambdaMax {@code η_t · eigenvalues[0]}
     * @param iterations Lanczos products used
     * @param converged whether Lanczos met its tolerance (if not, λ_max is a lower bound)
     * @param limit the optimizer's stability limit of η·λ_max at this step ({@link StabilityLimit})
     */
    public record Point(int step, int epoch, double learningRate, double[] eigenvalues, double etaLambdaMax,
                        int iterations, boolean converged, double limit) {
        /**
         * A point of a plain SGD run (limit 2).
         *
         * @param step t
         * @param epoch the 1-based epoch
         * @param learningRate η_t
         * @param eigenvalues the top eigenvalues, descending
         * @param etaLambdaMax η_t·λ_max
         * @param iterations Lanczos products used
         * @param converged whether Lanczos met its tolerance
         */
        public Point(int step, int epoch, double learningRate, double[] eigenvalues, double etaLambdaMax,
                     int iterations, boolean converged) {
            this(step, epoch, learningRate, eigenvalues, etaLambdaMax, iterations, converged, SGD_LIMIT);
        }

        /** {@return whether η·λ_max is above the optimizer's stability limit} */
        public boolean unstable() {
            return etaLambdaMax > limit;
        }
    }

    /**
     * The steps examined: every K-th step from 0, and the last step of every epoch, ascending.
     *
     * @param traj the trajectory
     * @param every K
     * @return the steps
     */
    public static int[] steps(Trajectory traj, int every) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int t = 0; t < traj.steps(); t += every) {
            s.add(t);
        }
        int[] b = traj.epochBoundaries();
        for (int e = 1; e < b.length; e++) {
            if (b[e] > b[e - 1]) {
                s.add(b[e] - 1);
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The 1-based epoch of step t.
     *
     * @param boundaries the epoch boundaries (E + 1 steps, 0 … T)
     * @param t a step in [0, T)
     * @return the epoch, 1 … E
     */
    public static int epochOf(int[] boundaries, int t) {
        for (int e = 1; e < boundaries.length; e++) {
            if (t < boundaries[e]) {
                return e;
            }
        }
        throw new IllegalArgumentException("step " + t + " is not before the last boundary " + boundaries[boundaries.length - 1]);
    }

    /**
     * The curvature at the {@link #steps steps} of {@code run}.
     *
     * @param run the recorded run
     * @param options what to compute
     * @param progress receives the number of steps done
     * @return one point per step examined, ascending
     */
    public static List<Point> along(Run run, Options options, Progress progress) {
        Trajectory traj = run.trajectory();
        int[] steps = steps(traj, options.every());
        int[] bounds = traj.epochBoundaries();
        ThetaReplay replay = run.replay();
        Evaluator ev = new Evaluator(run.model());
        int p = run.model().parameterCount();
        OptimizerSpec spec = traj.optimizer();
        boolean adam = spec.stateVectors() == 2;
        OptimizerState after = new OptimizerState(spec, p);
        double[] next = new double[p];
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            int t = steps[i];
            double[] theta = new double[p];
            if (adam) {
                replay.state(t + 1, next, after); // Adam's preconditioner uses the moments after step t
            }
            replay.theta(t, theta);
            points.add(at(ev, run.train(), traj.batch(t), traj.learningRate(t), traj.alpha(), spec, t, theta,
                    adam ? after : null, epochOf(bounds, t), options));
            progress.update(i + 1, steps.length);
        }
        return points;
    }

    /**
     * The curvature figures of one step.
     *
     * @param ev evaluates the model
     * @param train the training set
     * @param batch S_t
     * @param eta η_t
     * @param alpha the L2 coefficient α
     * @param spec the optimizer
     * @param t the step
     * @param theta θ_t (the parameters before the step)
     * @param after the optimizer state after step t (read for Adam/AdamW only; may be null otherwise)
     * @param epoch the 1-based epoch of t
     * @param options how to compute
     * @return the point
     */
    static Point at(Evaluator ev, Dataset train, int[] batch, double eta, double alpha, OptimizerSpec spec, int t,
                    double[] theta, OptimizerState after, int epoch, Options options) {
        SymmetricOperator h = new BatchHessian(ev, train, batch, theta, alpha);
        if (spec.stateVectors() == 2) {
            h = new PreconditionedHessian(h, spec, t, after);
        }
        Lanczos.Result r = Lanczos.top(h, theta.length, options.k(), options.maxIterations(), options.tolerance(),
                stepSeed(options.seed(), t));
        return new Point(t, epoch, eta, r.eigenvalues(), eta * r.max(), r.iterations(), r.converged(),
                StabilityLimit.of(spec, t, eta));
    }

    /** A start-vector seed for step t that differs between steps and between seeds. */
    static long stepSeed(long seed, int t) {
        return seed * 0x9E3779B97F4A7C15L + t;
    }
}
