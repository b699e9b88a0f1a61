package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.List;

/**
 * Baseline {@code tracin-self}: TracIn self-influence (Pruthi et al. 2020, §3.3, used there to find
 * mislabelled samples), {@code Σ_{t in window, j∈S_t} (η_t/|S_t|) · ‖∇ℓ(z_j; θ_t)‖²} over the steps
 * that used j, as TracIn sums them. A large self-influence marks a sample the model keeps having to
 * fit, so the score is its negative: ranked ascending, the likeliest mislabelled sample comes first.
 * Ignores the query and the definition.
 */
final class SelfInfluenceBaseline implements Estimator {
    static final String NAME = "tracin-self";

    @Override
    public InfluenceMatrix estimate(Run run, Query query, List<Window> windows, Definition definition, Progress progress) {
        Trajectory traj = run.trajectory();
        int n = run.n();
        int p = run.model().parameterCount();
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = run.replay();
        double[] theta = new double[p];
        double[] grad = new double[p];
        double[] one = {1.0};
        double[][] out = new double[n][windows.size()];
        int steps = traj.steps();
        for (int t = 0; t < steps; t++) {
            boolean used = false;
            for (Window w : windows) {
                used |= w.start() <= t && t < w.end();
            }
            if (!used) {
                continue;
            }
            replay.theta(t, theta);
            int[] batch = traj.batch(t);
            double c = traj.learningRate(t) / batch.length;
            for (int i = 0; i < batch.length; i++) {
                ev.gradient(theta, run.train(), batch, i, 1, one, grad);
                double sq = 0;
                for (double g : grad) {
                    sq += g * g;
                }
                for (int w = 0; w < windows.size(); w++) {
                    if (windows.get(w).start() <= t && t < windows.get(w).end()) {
                        out[batch[i]][w] -= c * sq;
                    }
                }
            }
            progress.update(t + 1, steps);
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return new InfluenceMatrix(NAME, definition, query.id(), windows, idx, out);
    }
}
