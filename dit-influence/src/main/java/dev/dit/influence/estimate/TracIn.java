package dev.dit.influence.estimate;

import dev.dit.influence.Run;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.List;

/**
 * TracIn (Pruthi et al. 2020) over the recorded steps, per time window (method.md §6):
 *
 * <pre>
 *   TracIn(j; t1, t2) = Σ_{t ∈ [t1, t2), j ∈ S_t} (η_t / |S_t|) · ⟨q(t), ∇ℓ(z_j; θ_t)⟩,   q(t) = ∇F(θ_t)
 * </pre>
 *
 * <p>This is the DIT sweep of method.md §4 with the Hessian term dropped <em>and</em> the adjoint
 * vector replaced by the query gradient of the step itself. It follows the project's sign
 * convention: to first order, taking the step {@code θ_{t+1} = θ_t − (η_t/|S_t|)∇ℓ_j − …} without
 * j changes F by {@code +(η_t/|S_t|)⟨∇F(θ_t), ∇ℓ_j(θ_t)⟩}, so a positive value means removing j
 * raises F (for a loss query: j was helpful).
 *
 * <p>Cost per step: one query gradient and one forward-mode ({@link Evaluator#directional}) pass
 * over the batch; no per-sample gradients are formed. Each step is evaluated once however many
 * windows contain it, and steps in no window are skipped.
 *
 * <p>TracIn has no counterfactual and therefore no G/L distinction: the {@code definition}
 * argument only labels the output, and both definitions give the same numbers.
 */
public final class TracIn {
    /** Method name in {@link InfluenceMatrix#method()}. */
    public static final String METHOD = "tracin";

    private final Run run;
    private final Query query;

    /**
     * TracIn of {@code query} on {@code run}.
     *
     * @param run the recorded run
     * @param query the quantity whose change is attributed
     */
    public TracIn(Run run, Query query) {
        this.run = run;
        this.query = query;
    }

    /**
     * The n × windows matrix (rows: training samples 0 … n−1).
     *
     * @param windows the windows (columns)
     * @param definition only recorded in the result (TracIn is the same under G and L)
     * @param progress receives the number of steps evaluated
     * @return the influence of every training sample in every window
     */
    public InfluenceMatrix estimate(List<Window> windows, Definition definition, Progress progress) {
        Trajectory traj = run.trajectory();
        int steps = traj.steps();
        int n = run.n();
        int p = run.model().parameterCount();
        int[][] windowsOf = windowsOfStep(windows, steps);
        long work = stepsInAnyWindow(windowsOf);
        double[][] out = new double[n][windows.size()];
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = run.replay();
        double[] theta = new double[p];
        double[] q = new double[p];
        double[] dir = new double[1];
        long done = 0;
        for (int t = 0; t < steps; t++) {
            int[] ws = windowsOf[t];
            if (ws.length == 0) {
                continue;
            }
            replay.theta(t, theta);
            query.gradient(theta, ev, q);
            int[] batch = traj.batch(t);
            int len = batch.length;
            if (dir.length < len) {
                dir = new double[len];
            }
            ev.directional(theta, run.train(), batch, 0, len, q, dir);
            double c = traj.learningRate(t) / len;
            for (int i = 0; i < len; i++) {
                double[] row = out[batch[i]];
                double v = c * dir[i];
                for (int w : ws) {
                    row[w] += v;
                }
            }
            progress.update(++done, work);
        }
        return new InfluenceMatrix(METHOD, definition, query.id(), windows, TrainingSetPasses.identity(n), out);
    }

    /**
     * For each step, the columns of the windows that contain it.
     *
     * @throws IllegalArgumentException if a window ends after the last step
     */
    static int[][] windowsOfStep(List<Window> windows, int steps) {
        for (Window w : windows) {
            if (w.end() > steps) {
                throw new IllegalArgumentException("window " + w + " ends after the last step " + steps);
            }
        }
        int[] count = new int[steps];
        for (Window w : windows) {
            for (int t = w.start(); t < w.end(); t++) {
                count[t]++;
            }
        }
        int[][] of = new int[steps][];
        for (int t = 0; t < steps; t++) {
            of[t] = new int[count[t]];
            count[t] = 0;
        }
        for (int c = 0; c < windows.size(); c++) {
            Window w = windows.get(c);
            for (int t = w.start(); t < w.end(); t++) {
                of[t][count[t]++] = c;
            }
        }
        return of;
    }

    /** How many steps lie in at least one window: the work a step-by-step baseline reports. */
    static long stepsInAnyWindow(int[][] windowsOf) {
        long work = 0;
        for (int[] ws : windowsOf) {
            work += ws.length > 0 ? 1 : 0;
        }
        return work;
    }
}
