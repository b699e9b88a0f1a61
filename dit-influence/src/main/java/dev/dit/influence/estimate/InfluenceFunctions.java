package dev.dit.influence.estimate;

import dev.dit.influence.Run;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Influence functions (Koh &amp; Liang 2017) at the final model θ_T, in the project's sign
 * convention {@code F(without j) − F(with j)} (method.md §2, §6).
 *
 * <h2>Estimate</h2>
 * With {@code H = (1/n) Σ_i ∇²ℓ(z_i; θ_T) + α I} (the Hessian of the training objective, whole
 * training set, L2 term included) and a damping λ ≥ 0:
 *
 * <pre>
 *   x = (H + λI)^{-1} ∇F(θ_T),       score_j = +(1/n) · ⟨x, ∇ℓ(z_j; θ_T)⟩.
 * </pre>
 *
 * <h2>Sign (derivation)</h2>
 * Up-weight sample j by ε in the objective, {@code R_ε(θ) = (1/n) Σ_i ℓ_i(θ) + (α/2)|θ|² + ε ℓ_j(θ)},
 * and let θ_ε be its minimiser, so {@code ∇R_ε(θ_ε) = 0}. Differentiating in ε at ε = 0:
 * {@code H · dθ_ε/dε + ∇ℓ_j(θ_T) = 0}, so {@code dθ_ε/dε = −H^{-1} ∇ℓ_j} and
 * {@code dF(θ_ε)/dε = −∇Fᵀ H^{-1} ∇ℓ_j} — Koh &amp; Liang's "up-weighting" influence, the
 * {@code −(1/n)·…} form of method.md §6 once multiplied by 1/n. Removing j is ε = −1/n, so
 *
 * <pre>
 *   F(without j) − F(with j) ≈ (−1/n) · (−∇Fᵀ H^{-1} ∇ℓ_j) = +(1/n) · ∇Fᵀ H^{-1} ∇ℓ_j,
 * </pre>
 *
 * which is what this class returns (with H + λI in place of H). The same number is the fixed
 * point of the DIT recursion at convergence: with a constant rate, averaging
 * {@code δ ← (I − ηH)δ + [j ∈ S_t](η/|S_t|)∇ℓ_j} over an epoch gives {@code Hδ = ∇ℓ_j / n}.
 *
 * <h2>Solvers</h2>
 * <ul>
 *   <li>{@link Solver#CG}: conjugate gradient from x = 0 on exact Hessian-vector products, each
 *       one pass over the training set in chunks of {@link Evaluator#CHUNK} in the fixed order
 *       0 … n−1; stops when {@code |r| ≤ tolerance · |∇F|} or after {@code maxIterations}. It needs
 *       {@code H + λI} positive definite and throws if it meets a direction of non-positive
 *       curvature (raise the damping). An unconverged solve is not an error: see
 *       {@link Solution#converged()} via {@link #lastSolution()}.</li>
 *   <li>{@link Solver#EXACT}: assembles the p × p matrix from p Hessian-vector products (unit
 *       vectors), symmetrises it and solves with EJML's Cholesky, falling back to LU if the
 *       matrix is not positive definite.</li>
 *   <li>{@link Solver#AUTO}: EXACT when p ≤ {@code exactLimit}, else CG.</li>
 * </ul>
 *
 * <h2>Damping</h2>
 * A given {@code damping} is used as is. {@link Options#AUTO_DAMPING} (the default) means
 * {@code λ = 10⁻³ · max(0, tr̂(H)/p)}: a thousandth of H's mean eigenvalue, the trace estimated by
 * Hutchinson's method with {@value #PROBES} Rademacher probes from a fixed seed (so CG and EXACT
 * get the same λ). For a convex model with α &gt; 0 this is a small perturbation; for a
 * non-convex one it may not make H + λI positive definite, and CG then says so.
 *
 * <h2>Windows</h2>
 * Influence functions look only at θ_T and have no time windows: only the full window
 * {@code [0, T)} is meaningful, and any other window is refused. For the full window Definitions
 * G and L coincide, so both are accepted and only label the output.
 */
public final class InfluenceFunctions {
    /** Method name in {@link InfluenceMatrix#method()}. */
    public static final String METHOD = "if";
    /** Number of Hutchinson probes for the automatic damping. */
    public static final int PROBES = 10;
    private static final long PROBE_SEED = 0x1F5EEDL;

    /** How {@code (H + λI) x = ∇F} is solved. */
    public enum Solver {
        /** EXACT when p ≤ exactLimit, else CG. */
        AUTO,
        /** Conjugate gradient on Hessian-vector products. */
        CG,
        /** Dense Cholesky (LU fallback) on the assembled p × p matrix. */
        EXACT
    }

    /**
     * Solver options.
     *
     * @param damping       λ ≥ 0, or {@link #AUTO_DAMPING}
     * @param solver        which solver
     * @param tolerance     CG stops when {@code |b − Ax| ≤ tolerance · |b|} (recursive residual)
     * @param maxIterations CG iteration limit
     * @param exactLimit    largest p for which AUTO uses EXACT
     */
    public record Options(double damping, Solver solver, double tolerance, int maxIterations, int exactLimit) {
        /** Marker for the automatic damping of the class documentation. */
        public static final double AUTO_DAMPING = Double.NaN;

        /**
         * Checks the options.
         *
         * @param damping λ ≥ 0, or {@link #AUTO_DAMPING}
         * @param solver which solver
         * @param tolerance CG stops when {@code |b − Ax| ≤ tolerance · |b|}
         * @param maxIterations CG iteration limit, at least 1
         * @param exactLimit largest p for which AUTO uses EXACT
         */
        public Options {
            if (!Double.isNaN(damping) && !(damping >= 0 && Double.isFinite(damping))) {
                throw new IllegalArgumentException("damping must be >= 0 (or AUTO_DAMPING), got " + damping);
            }
            if (solver == null) {
                throw new IllegalArgumentException("solver must not be null");
            }
            if (!(tolerance > 0)) {
                throw new IllegalArgumentException("CG tolerance must be > 0, got " + tolerance);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("CG max iterations must be >= 1, got " + maxIterations);
            }
        }

        /**
         * Automatic damping, AUTO solver, tolerance 1e-8, 1000 iterations, exact up to p = 2000.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(AUTO_DAMPING, Solver.AUTO, 1e-8, 1000, 2000);
        }

        /**
         * A copy with damping λ.
         *
         * @param lambda λ ≥ 0, or {@link #AUTO_DAMPING}
         * @return the new options
         */
        public Options withDamping(double lambda) {
            return new Options(lambda, solver, tolerance, maxIterations, exactLimit);
        }

        /**
         * A copy with another solver.
         *
         * @param s the solver
         * @return the new options
         */
        public Options withSolver(Solver s) {
            return new Options(damping, s, tolerance, maxIterations, exactLimit);
        }

        /**
         * A copy with other CG limits.
         *
         * @param tol the relative residual at which CG stops
         * @param maxIter the iteration limit
         * @return the new options
         */
        public Options withCg(double tol, int maxIter) {
            return new Options(damping, solver, tol, maxIter, exactLimit);
        }
    }

    /**
     * The solved system.
     *
     * @param x                      {@code (H + λI)^{-1} ∇F(θ_T)} (owned by the caller)
     * @param method                 {@code cg}, {@code cholesky} or {@code lu}
     * @param damping                the λ used
     * @param iterations             CG iterations (0 for a direct solve)
     * @param relativeResidual       {@code |∇F − (H + λI)x| / |∇F|}, recomputed from x (for CG
     *                               with one more Hessian-vector product)
     * @param converged              whether CG reached its tolerance (always true for direct)
     * @param hessianVectorProducts  training-set Hessian-vector products spent, damping included
     */
    public record Solution(double[] x, String method, double damping, int iterations, double relativeResidual,
                           boolean converged, int hessianVectorProducts) {
    }

    private final Run run;
    private final Query query;
    private final Options options;
    private Solution last;

    /**
     * Influence functions of {@code query} at the final model of {@code run}.
     *
     * @param run the recorded run
     * @param query the quantity whose change is attributed
     * @param options damping and solver
     */
    public InfluenceFunctions(Run run, Query query, Options options) {
        this.run = run;
        this.query = query;
        this.options = options;
    }

    /**
     * With {@link Options#defaults()}.
     *
     * @param run the recorded run
     * @param query the quantity whose change is attributed
     */
    public InfluenceFunctions(Run run, Query query) {
        this(run, query, Options.defaults());
    }

    /**
     * The n × windows matrix; every window must be the full window {@code [0, T)}.
     *
     * @param windows full windows only
     * @param definition only recorded in the result (both definitions agree on the full window)
     * @param progress counts Hessian-vector products
     * @return the influence of every training sample
     * @throws IllegalArgumentException for any other window
     * @throws IllegalStateException if CG meets non-positive curvature
     */
    public InfluenceMatrix estimate(List<Window> windows, Definition definition, Progress progress) {
        int steps = run.trajectory().steps();
        for (Window w : windows) {
            if (w.start() != 0 || w.end() != steps) {
                throw new IllegalArgumentException("influence functions are computed at the final model θ_T and have no"
                        + " time windows: only the full window [0, " + steps + ") is meaningful, got " + w);
            }
        }
        Solution s = solve(progress);
        double[] score = scores(s.x());
        double[][] out = new double[score.length][windows.size()];
        for (int j = 0; j < score.length; j++) {
            Arrays.fill(out[j], score[j]);
        }
        return new InfluenceMatrix(METHOD, definition, query.id(), windows, TrainingSetPasses.identity(score.length), out);
    }

    /** {@return the solution behind the last {@link #estimate} or {@link #solve} call, or null} */
    public Solution lastSolution() {
        return last;
    }

    /**
     * Solves {@code (H + λI) x = ∇F(θ_T)} as the options say; progress counts Hessian-vector products.
     *
     * @param progress counts Hessian-vector products
     * @return the solution and how it was reached
     */
    public Solution solve(Progress progress) {
        int p = run.model().parameterCount();
        double[] theta = run.trajectory().finalTheta();
        Evaluator ev = new Evaluator(run.model());
        TrainingSetPasses passes = new TrainingSetPasses(ev, run.train());
        double[] b = new double[p];
        query.gradient(theta, ev, b);
        double alpha = run.trajectory().alpha();
        int[] hvps = {0};
        double lambda = options.damping();
        if (Double.isNaN(lambda)) {
            lambda = autoDamping(passes, theta, alpha, p, hvps);
        }
        boolean exact = options.solver() == Solver.EXACT
                || (options.solver() == Solver.AUTO && p <= options.exactLimit());
        if (exact) {
            last = exact(passes, theta, b, alpha + lambda, lambda, hvps, progress);
            return last;
        }
        // A non-convex model's Hessian can have negative eigenvalues, which CG cannot handle. With
        // the automatic damping, λ is raised past the negative curvature met (at least tenfold)
        // until every direction CG explores has positive curvature; a damping given by the caller
        // is used as is and the failure reported.
        for (int attempt = 0; ; attempt++) {
            try {
                last = cg(passes, theta, b, alpha + lambda, lambda, hvps, progress);
                return last;
            } catch (NegativeCurvature e) {
                if (!Double.isNaN(options.damping()) || attempt >= 20) {
                    throw e;
                }
                lambda = Math.max(10 * Math.max(lambda, 1e-8), lambda - 2 * e.rayleigh);
            }
        }
    }

    /** CG met a direction d with {@code dᵀ(H + λI)d ≤ 0}. */
    static final class NegativeCurvature extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        final double rayleigh;

        NegativeCurvature(double rayleigh, String message) {
            super(message);
            this.rayleigh = rayleigh;
        }
    }

    /**
     * {@code score_j = (1/n)·⟨x, ∇ℓ_j(θ_T)⟩} for all training samples (forward-mode passes).
     *
     * @param x the solution of {@link #solve}
     * @return one score per training sample
     */
    public double[] scores(double[] x) {
        int n = run.n();
        double[] theta = run.trajectory().finalTheta();
        double[] out = new double[n];
        new TrainingSetPasses(new Evaluator(run.model()), run.train()).directional(theta, x, out);
        for (int j = 0; j < n; j++) {
            out[j] /= n;
        }
        return out;
    }

    private static double autoDamping(TrainingSetPasses passes, double[] theta, double alpha, int p, int[] hvps) {
        SplittableRandom rnd = new SplittableRandom(PROBE_SEED);
        double[] z = new double[p];
        double[] hz = new double[p];
        double trace = 0.0;
        for (int k = 0; k < PROBES; k++) {
            for (int i = 0; i < p; i++) {
                z[i] = rnd.nextBoolean() ? 1.0 : -1.0;
            }
            passes.hessianVector(theta, z, alpha, hz);
            hvps[0]++;
            trace += TrainingSetPasses.dot(z, hz);
        }
        return 1e-3 * Math.max(0.0, trace / PROBES / p);
    }

    private Solution cg(TrainingSetPasses passes, double[] theta, double[] b, double shift, double lambda,
                        int[] hvps, Progress progress) {
        int p = b.length;
        double[] x = new double[p];
        double bNorm = Math.sqrt(TrainingSetPasses.dot(b, b));
        if (bNorm == 0.0) {
            return new Solution(x, "cg", lambda, 0, 0.0, true, hvps[0]);
        }
        double[] r = b.clone();
        double[] d = b.clone();
        double[] ad = new double[p];
        double rr = bNorm * bNorm;
        double stop = options.tolerance() * bNorm;
        int it = 0;
        boolean converged = false;
        int max = options.maxIterations();
        while (it < max) {
            passes.hessianVector(theta, d, shift, ad);
            hvps[0]++;
            double dad = TrainingSetPasses.dot(d, ad);
            if (!(dad > 0)) {
                throw new NegativeCurvature(dad / TrainingSetPasses.dot(d, d), "H + λI (λ = " + lambda + ") is not positive definite: CG met curvature "
                        + dad + " at iteration " + (it + 1) + "; increase the damping or use the EXACT solver");
            }
            double a = rr / dad;
            for (int i = 0; i < p; i++) {
                x[i] += a * d[i];
                r[i] -= a * ad[i];
            }
            it++;
            double rrNew = TrainingSetPasses.dot(r, r);
            progress.update(it, max);
            if (Math.sqrt(rrNew) <= stop) {
                converged = true;
                break;
            }
            double beta = rrNew / rr;
            for (int i = 0; i < p; i++) {
                d[i] = r[i] + beta * d[i];
            }
            rr = rrNew;
        }
        passes.hessianVector(theta, x, shift, ad);
        hvps[0]++;
        double res = 0.0;
        for (int i = 0; i < p; i++) {
            double e = b[i] - ad[i];
            res += e * e;
        }
        return new Solution(x, "cg", lambda, it, Math.sqrt(res) / bNorm, converged, hvps[0]);
    }

    private static Solution exact(TrainingSetPasses passes, double[] theta, double[] b, double shift, double lambda,
                                  int[] hvps, Progress progress) {
        int p = b.length;
        DMatrixRMaj a = new DMatrixRMaj(p, p);
        double[] e = new double[p];
        double[] col = new double[p];
        for (int k = 0; k < p; k++) {
            e[k] = 1.0;
            passes.hessianVector(theta, e, shift, col);
            hvps[0]++;
            e[k] = 0.0;
            for (int i = 0; i < p; i++) {
                a.unsafe_set(i, k, col[i]);
            }
            progress.update(k + 1, p);
        }
        for (int i = 0; i < p; i++) {
            for (int k = i + 1; k < p; k++) {
                double m = 0.5 * (a.unsafe_get(i, k) + a.unsafe_get(k, i));
                a.unsafe_set(i, k, m);
                a.unsafe_set(k, i, m);
            }
        }
        DMatrixRMaj rhs = new DMatrixRMaj(p, 1, true, b.clone());
        DMatrixRMaj sol = new DMatrixRMaj(p, 1);
        String method = "cholesky";
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(p);
        if (!solver.setA(solver.modifiesA() ? a.copy() : a)) {
            method = "lu";
            solver = LinearSolverFactory_DDRM.lu(p);
            if (!solver.setA(solver.modifiesA() ? a.copy() : a)) {
                throw new IllegalStateException("H + λI (λ = " + lambda + ") is singular; increase the damping");
            }
        }
        solver.solve(rhs, sol);
        double[] x = sol.data.clone();
        double res = 0.0;
        double bb = 0.0;
        for (int i = 0; i < p; i++) {
            double s = 0.0;
            for (int k = 0; k < p; k++) {
                s += a.unsafe_get(i, k) * x[k];
            }
            res += (b[i] - s) * (b[i] - s);
            bb += b[i] * b[i];
            if (!Double.isFinite(x[i])) {
                throw new IllegalStateException("H + λI (λ = " + lambda + ") is numerically singular; increase the damping");
            }
        }
        return new Solution(x, method, lambda, 0, bb == 0 ? 0.0 : Math.sqrt(res / bb), true, hvps[0]);
    }
}
