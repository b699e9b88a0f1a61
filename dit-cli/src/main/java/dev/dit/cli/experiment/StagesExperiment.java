package dev.dit.cli.experiment;

import dev.dit.influence.analysis.Retraining;
import dev.dit.influence.analysis.Stages;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dit experiment stages}: does influence early in training predict influence late in
 * training (method.md §7, claim 2)? Per-epoch DIT-G and DIT-L, and the early / middle / late
 * thirds as windows.
 */
public final class StagesExperiment {
    /**
     * @param setup shared settings
     * @param model model spec
     * @param seed training seed
     * @param corrupt fraction of training labels flipped
     */
    public record Settings(Setup setup, String model, long seed, double corrupt) {
    }

    private StagesExperiment() {
    }

    /** Runs the experiment into {@code dir}; returns a short summary. */
    public static List<String> run(Settings s, Path dir, Feedback feedback) {
        Setup setup = s.setup();
        String thirds = Stages.thirdsSpec(setup.epochs());
        Map<String, Object> config = Experiments.config("stages", setup);
        config.put("model", s.model());
        config.put("seed", s.seed());
        config.put("corrupt_fraction", s.corrupt());
        config.put("windows", "epochs");
        config.put("stage_windows", thirds);
        config.put("definitions", List.of("global", "local"));
        Outputs out = new Outputs(dir, "DIT across training stages");
        out.config(config);
        Setup.Trained t = setup.train(setup.pool(), s.model(), s.seed(), s.corrupt(), feedback);
        double testAcc = new Retraining(t.run(), t.spec(), t.config()).originalTestAccuracy();
        Query q = Queries.parse(setup.query(), t.run().val(), t.run().test());
        out.section("Setup");
        out.paragraph(Experiments.describe(setup, t, s.corrupt(), testAcc));
        out.table("training", "Training log per epoch", Experiments.trainingLog(t.log()));
        Map<Definition, InfluenceMatrix> perEpoch = new EnumMap<>(Definition.class);
        Map<Definition, InfluenceMatrix> stages = new EnumMap<>(Definition.class);
        for (Definition d : Definition.values()) {
            perEpoch.put(d, PerEpoch.dit(out, "influence_dit_epochs_" + d.id(), t.run(), q, "epochs", d, feedback));
            stages.put(d, PerEpoch.dit(out, "influence_dit_stages_" + d.id(), t.run(), q, thirds, d, feedback));
        }
        out.section("Early, middle and late stages");
        Map<Definition, double[]> el = StageStudy.run(out, t.run(), perEpoch, stages);
        StringBuilder result = new StringBuilder("Correlation of the influence in the early stage with the late stage:");
        for (Map.Entry<Definition, double[]> e : el.entrySet()) {
            result.append(String.format(Locale.ROOT, " DIT-%s Pearson %s, Spearman %s, Kendall %s;", Influences.letter(e.getKey()),
                    Experiments.f3(e.getValue()[0]), Experiments.f3(e.getValue()[1]), Experiments.f3(e.getValue()[2])));
        }
        out.summary(new Glance()
                .data(setup.data(), setup.nTrain(), setup.nVal(), setup.nTest(), t.run().corrupted().length, setup.query())
                .model(t.spec(), t.run().model().parameterCount(), t.config())
                .training(t.log(), testAcc)
                .result(result.substring(0, result.length() - 1) + " (stages " + thirds + ").")
                .build());
        Path html = out.finish();
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%s on %s, %d epochs; stages %s; test accuracy %.3f", t.spec(), setup.data(),
                setup.epochs(), thirds, testAcc));
        for (Map.Entry<Definition, double[]> e : el.entrySet()) {
            summary.add(String.format(Locale.ROOT, "early vs late, DIT-%s: pearson %.3f, spearman %.3f, kendall %.3f",
                    Influences.letter(e.getKey()), e.getValue()[0], e.getValue()[1], e.getValue()[2]));
        }
        summary.add("report: " + html);
        return summary;
    }
}
