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
import java.util.List;

/**
 * Baseline {@code training-loss}: minus each sample's own training loss at the end of the window
 * (for the full and the last windows: the final model), so a badly fitted (likely mislabelled)
 * sample is the most negative and is ranked first. Ignores the query and the definition.
 */
final class TrainingLossBaseline implements Estimator {
    static final String NAME = "training-loss";

    @Override
    public InfluenceMatrix estimate(Run run, Query query, List<Window> windows, Definition definition, Progress progress) {
        int n = run.n();
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = run.replay();
        double[] theta = new double[run.model().parameterCount()];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        double[][] out = new double[n][windows.size()];
        double[] buf = new double[Math.min(Evaluator.CHUNK, n)];
        for (int w = 0; w < windows.size(); w++) {
            replay.theta(windows.get(w).end(), theta);
            for (int from = 0; from < n; from += Evaluator.CHUNK) {
                int len = Math.min(Evaluator.CHUNK, n - from);
                ev.losses(theta, run.train(), idx, from, len, buf);
                for (int i = 0; i < len; i++) {
                    out[from + i][w] = -buf[i];
                }
            }
            progress.update(w + 1, windows.size());
        }
        return new InfluenceMatrix(NAME, definition, query.id(), windows, idx, out);
    }
}
