package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.analysis.Sampling;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import java.util.List;

/** Baseline {@code random}: seeded uniform scores in [−1, 1), independent per window. */
final class RandomBaseline implements Estimator {
    static final String NAME = "random";
    private final long seed;

    RandomBaseline(long seed) {
        this.seed = seed;
    }

    @Override
    public InfluenceMatrix estimate(Run run, Query query, List<Window> windows, Definition definition, Progress progress) {
        int n = run.n();
        double[][] out = new double[n][windows.size()];
        for (int w = 0; w < windows.size(); w++) {
            double[] col = Sampling.uniform(n, seed * 1_000_003L + w);
            for (int i = 0; i < n; i++) {
                out[i][w] = col[i];
            }
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        progress.update(1, 1);
        return new InfluenceMatrix(NAME, definition, query.id(), windows, idx, out);
    }
}
