package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceFunctions;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.estimate.TracIn;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import java.util.Arrays;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of baseline estimators the experiments compare DIT with, by method name. Every
 * experiment and the demo take their baselines from {@link #registry(long)} and nowhere else.
 *
 * <p>Baselines follow the project's sign convention (negative = harmful on a loss query, ranked
 * first). {@code training-loss} and {@code random} carry no counterfactual meaning: they are only
 * reference points for ranking (detection) and for agreement (a random ranking should score ≈ 0).
 */
public final class Baselines {
    private Baselines() {
    }

    /**
     * The baselines by name, in report order. {@code seed} drives the {@code random} baseline.
     */
    public static Map<String, Estimator> registry(long seed) {
        Map<String, Estimator> m = new LinkedHashMap<>();
        m.put(TracIn.METHOD, (run, q, ws, d, p) -> new TracIn(run, q).estimate(ws, d, p));
        m.put(InfluenceFunctions.METHOD, Baselines::influenceFunctionsOnFullWindows);
        m.put(TrainingLossBaseline.NAME, new TrainingLossBaseline());
        m.put(RandomBaseline.NAME, new RandomBaseline(seed));
        return Collections.unmodifiableMap(m);
    }

    /**
     * Influence functions describe the final model only, so they have a value for windows that
     * span the whole run and NaN (shown as "undefined" in tables) for every other window.
     */
    static InfluenceMatrix influenceFunctionsOnFullWindows(Run run, Query q, List<Window> ws, Definition d, Progress p) {
        int steps = run.trajectory().steps();
        Window full = new Window("full", 0, steps);
        InfluenceMatrix m = new InfluenceFunctions(run, q).estimate(List.of(full), d, p);
        double[][] values = new double[m.rows()][ws.size()];
        for (int j = 0; j < m.rows(); j++) {
            Arrays.fill(values[j], Double.NaN);
            for (int w = 0; w < ws.size(); w++) {
                if (ws.get(w).start() == 0 && ws.get(w).end() == steps) {
                    values[j][w] = m.get(j, 0);
                }
            }
        }
        return new InfluenceMatrix(InfluenceFunctions.METHOD, d, q.id(), ws, m.samples(), values);
    }
}
