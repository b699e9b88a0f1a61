package dev.dit.influence.experiment;

import dev.dit.influence.estimate.Estimator;
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
        // ==== PLUG-IN POINT for the baselines of the other branch (method.md §6) ====
        // m.put("tracin", new dev.dit.influence.estimate.TracIn());
        // m.put("if", new dev.dit.influence.estimate.InfluenceFunctions());
        // ============================================================================
        m.put(TrainingLossBaseline.NAME, new TrainingLossBaseline());
        m.put(RandomBaseline.NAME, new RandomBaseline(seed));
        return Collections.unmodifiableMap(m);
    }
}
