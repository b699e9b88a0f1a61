package dev.dit.influence.estimate;

import dev.dit.influence.Run;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TracInCP, the checkpoint variant of TracIn (Pruthi et al. 2020), per time window. Exactly:
 *
 * <p>The window {@code [t1, t2)} is cut at the epoch boundaries {@code b_0 = 0 < b_1 < … < b_E = T}
 * into pieces {@code [a, c) = [max(t1, b_e), min(t2, b_{e+1}))} (the non-empty ones). Each piece
 * has one checkpoint, the state at its end, {@code θ_c} — an epoch end, or the window's end for
 * a piece that stops inside an epoch — and one weight
 *
 * <pre>
 *   w_c = (1/n) · Σ_{t ∈ [a, c)} η_t,
 * </pre>
 *
 * and the estimate is
 *
 * <pre>
 *   TracInCP(j; t1, t2) = Σ_{pieces} w_c · ⟨∇F(θ_c), ∇ℓ(z_j; θ_c)⟩.
 * </pre>
 *
 * <p>{@code w_c} is the average over the n samples of TracIn's per-sample step weights
 * {@code Σ_{t∈[a,c): j∈S_t} η_t/|S_t|} (each step's batch shares {@code η_t} among its members).
 * So for a whole epoch with a constant rate η and batches of equal size B it is {@code η/B} — the
 * weight a sample gets in TracIn — and if θ did not move inside a piece, TracInCP would differ
 * from {@link TracIn} only by this averaging. Unlike TracIn it uses neither the batches nor the
 * θ_t between checkpoints, and it scores every training sample at every checkpoint, visited in
 * the piece or not. Sign convention as in {@link TracIn}.
 *
 * <p>Cost per distinct checkpoint: one query gradient and ⌈n / {@link Evaluator#CHUNK}⌉
 * forward-mode passes over the training set. A checkpoint shared by several windows is
 * evaluated once. As for TracIn, {@code definition} only labels the output.
 */
public final class TracInCP {
    /** Method name in {@link InfluenceMatrix#method()}. */
    public static final String METHOD = "tracin-cp";

    private final Run run;
    private final Query query;

    /**
     * TracInCP of {@code query} on {@code run}.
     *
     * @param run the recorded run
     * @param query the quantity whose change is attributed
     */
    public TracInCP(Run run, Query query) {
        this.run = run;
        this.query = query;
    }

    /** One checkpoint's term in one window: {@code weight · ⟨∇F(θ_step), ∇ℓ_j(θ_step)⟩}. */
    public record Checkpoint(int step, double weight) {
    }

    /**
     * The checkpoints and weights used for {@code window} (see the class documentation).
     *
     * @param trajectory the recorded run
     * @param n the number of training samples (the weights average over them)
     * @param window the window, ending at or before the last step
     * @return one checkpoint per piece of the window, in step order
     */
    public static List<Checkpoint> checkpoints(Trajectory trajectory, int n, Window window) {
        int[] b = trajectory.epochBoundaries();
        if (window.end() > trajectory.steps()) {
            throw new IllegalArgumentException("window " + window + " ends after the last step " + trajectory.steps());
        }
        List<Checkpoint> out = new ArrayList<>();
        for (int e = 0; e + 1 < b.length; e++) {
            int a = Math.max(window.start(), b[e]);
            int c = Math.min(window.end(), b[e + 1]);
            if (a < c) {
                double eta = 0.0;
                for (int t = a; t < c; t++) {
                    eta += trajectory.learningRate(t);
                }
                out.add(new Checkpoint(c, eta / n));
            }
        }
        return out;
    }

    /**
     * The n × windows matrix (rows: training samples 0 … n−1).
     *
     * @param windows the windows (columns)
     * @param definition only recorded in the result
     * @param progress receives the number of checkpoints evaluated
     * @return the influence of every training sample in every window
     */
    public InfluenceMatrix estimate(List<Window> windows, Definition definition, Progress progress) {
        int n = run.n();
        int p = run.model().parameterCount();
        TreeMap<Integer, List<double[]>> byStep = new TreeMap<>(); // step -> {column, weight}
        for (int col = 0; col < windows.size(); col++) {
            for (Checkpoint c : checkpoints(run.trajectory(), n, windows.get(col))) {
                byStep.computeIfAbsent(c.step(), k -> new ArrayList<>()).add(new double[] {col, c.weight()});
            }
        }
        double[][] out = new double[n][windows.size()];
        Evaluator ev = new Evaluator(run.model());
        TrainingSetPasses passes = new TrainingSetPasses(ev, run.train());
        ThetaReplay replay = run.replay();
        double[] theta = new double[p];
        double[] q = new double[p];
        double[] dir = new double[n];
        long done = 0;
        for (Map.Entry<Integer, List<double[]>> e : byStep.entrySet()) {
            replay.theta(e.getKey(), theta);
            query.gradient(theta, ev, q);
            passes.directional(theta, q, dir);
            for (double[] cw : e.getValue()) {
                int col = (int) cw[0];
                for (int j = 0; j < n; j++) {
                    out[j][col] += cw[1] * dir[j];
                }
            }
            progress.update(++done, byStep.size());
        }
        return new InfluenceMatrix(METHOD, definition, query.id(), windows, TrainingSetPasses.identity(n), out);
    }
}
