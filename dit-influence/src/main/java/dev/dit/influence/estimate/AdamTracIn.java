package dev.dit.influence.estimate;

import dev.dit.influence.Run;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.List;

/**
 * Adam-preconditioned TracIn (method.md §8.5), the baseline of LESS (Xia et al. 2024) for runs
 * trained with Adam or AdamW: the raw gradient step of {@link TracIn} is replaced by Adam's
 * update direction for the example, built from its loss gradient and the recorded moments before
 * the step,
 *
 * <pre>
 *   m = β1 m_t + (1−β1) ∇ℓ_j,  v = β2 v_t + (1−β2) (∇ℓ_j)²,  Γ_t(j) = (m/(1−β1^k)) / (√(v/(1−β2^k)) + ε)
 *   score(j; t1, t2) = Σ_{t ∈ [t1, t2), j ∈ S_t} (η_t/|S_t|) · ⟨∇F(θ_t), Γ_t(j)⟩
 * </pre>
 *
 * with k = t + 1 and the same weight η_t/|S_t| and sign as {@link TracIn} (positive: removing j
 * raises F). A heuristic: no Hessian, no counterfactual, so G and L give the same numbers. It needs
 * per-sample gradients, one gradient pass per sample and step.
 */
public final class AdamTracIn {
    /** Method name in {@link InfluenceMatrix#method()}. */
    public static final String METHOD = "tracin-adam";

    private final Run run;
    private final Query query;

    /**
     * Adam-preconditioned TracIn of {@code query} on {@code run}.
     *
     * @param run a run trained with adam or adamw
     * @param query the quantity whose change is attributed
     */
    public AdamTracIn(Run run, Query query) {
        this.run = run;
        this.query = query;
    }

    /**
     * The n × windows matrix (rows: training samples 0 … n−1).
     *
     * @param windows the windows (columns)
     * @param definition only recorded in the result (the same numbers under G and L)
     * @param progress receives the number of steps evaluated
     * @return the influence of every training sample in every window
     * @throws IllegalArgumentException if the run was not trained with Adam or AdamW
     */
    public InfluenceMatrix estimate(List<Window> windows, Definition definition, Progress progress) {
        Trajectory traj = run.trajectory();
        OptimizerSpec spec = traj.optimizer();
        if (spec.stateVectors() != 2) {
            throw new IllegalArgumentException("method " + METHOD + " needs a run trained with adam or adamw;"
                    + " this run used " + spec);
        }
        int steps = traj.steps();
        int n = run.n();
        int p = run.model().parameterCount();
        int[][] windowsOf = TracIn.windowsOfStep(windows, steps);
        long work = TracIn.stepsInAnyWindow(windowsOf);
        double[][] out = new double[n][windows.size()];
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = run.replay();
        double[] theta = new double[p];
        OptimizerState state = new OptimizerState(spec, p);
        double[] q = new double[p];
        double[] g = new double[p];
        int[] one = new int[1];
        double[] unit = {1.0};
        double b1 = spec.beta1();
        double b2 = spec.beta2();
        long done = 0;
        for (int t = 0; t < steps; t++) {
            int[] ws = windowsOf[t];
            if (ws.length == 0) {
                continue;
            }
            replay.state(t, theta, state);
            query.gradient(theta, ev, q);
            double bc1 = 1 - Math.pow(b1, t + 1);
            double bc2 = 1 - Math.pow(b2, t + 1);
            double[] m = state.vector(0);
            double[] v = state.vector(1);
            int[] batch = traj.batch(t);
            double c = traj.learningRate(t) / batch.length;
            for (int j : batch) {
                one[0] = j;
                ev.gradient(theta, run.train(), one, 0, 1, unit, g);
                double dot = 0.0;
                for (int i = 0; i < p; i++) {
                    double mi = b1 * m[i] + (1 - b1) * g[i];
                    double vi = b2 * v[i] + (1 - b2) * g[i] * g[i];
                    dot += q[i] * (mi / bc1) / (Math.sqrt(vi / bc2) + spec.eps());
                }
                double value = c * dot;
                for (int w : ws) {
                    out[j][w] += value;
                }
            }
            progress.update(++done, work);
        }
        return new InfluenceMatrix(METHOD, definition, query.id(), windows, TrainingSetPasses.identity(n), out);
    }
}
