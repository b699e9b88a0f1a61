package dev.dit.cli.experiment;

import dev.dit.influence.analysis.Pattern;
import dev.dit.influence.analysis.Patterns;
import dev.dit.influence.analysis.Retraining;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.query.Queries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dit experiment patterns}: per-epoch influence classified into Stable Influencer, Early
 * Influencer, Late Bloomer and Highly Fluctuating (method.md §7, claim 1).
 */
public final class PatternsExperiment {
    /**
     * @param setup shared settings
     * @param model model spec
     * @param seed training seed
     * @param corrupt fraction of training labels flipped
     * @param definition which per-epoch influence to classify
     * @param options classification thresholds and signed/magnitude choice
     * @param top number of samples drawn in the line plot
     */
    public record Settings(Setup setup, String model, long seed, double corrupt, Definition definition,
                           Patterns.Options options, int top) {
    }

    private PatternsExperiment() {
    }

    /** Runs the experiment into {@code dir}; returns a short summary. */
    public static List<String> run(Settings s, Path dir, Feedback feedback) {
        Setup setup = s.setup();
        Map<String, Object> config = Experiments.config("patterns", setup);
        config.put("model", s.model());
        config.put("seed", s.seed());
        config.put("corrupt_fraction", s.corrupt());
        config.put("windows", "epochs");
        config.put("definition", s.definition().id());
        config.put("fluctuation_threshold", s.options().fluctuationThreshold());
        config.put("alpha", s.options().alpha());
        config.put("magnitude", s.options().magnitude());
        config.put("top", s.top());
        Outputs out = new Outputs(dir, "Temporal influence patterns");
        out.config(config);
        Setup.Trained t = setup.train(setup.pool(), s.model(), s.seed(), s.corrupt(), feedback);
        double testAcc = new Retraining(t.run(), t.spec(), t.config()).originalTestAccuracy();
        out.section("Setup");
        out.paragraph(Experiments.describe(setup, t, s.corrupt(), testAcc));
        out.table("training", "Training log per epoch", Experiments.trainingLog(t.log()));
        InfluenceMatrix m = PerEpoch.dit(out, "influence_dit_epochs_" + s.definition().id(), t.run(),
                Queries.parse(setup.query(), t.run().val(), t.run().test()), "epochs", s.definition(), feedback);
        out.section("Patterns");
        Patterns.Result r = PatternStudy.run(out, t.run(), m, s.options(), s.top(), true);
        out.summary(new Glance()
                .data(setup.data(), setup.nTrain(), setup.nVal(), setup.nTest(), t.run().corrupted().length, setup.query())
                .model(t.spec(), t.run().model().parameterCount(), t.config())
                .training(t.log(), testAcc)
                .result("Temporal patterns of DIT-" + Influences.letter(s.definition()) + " per epoch ("
                        + (s.options().magnitude() ? "magnitude" : "signed") + "): " + shares(r) + ".")
                .build());
        Path html = out.finish();
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "%s on %s, %d epochs, DIT-%s per epoch (%s): %s", t.spec(), setup.data(),
                setup.epochs(), Influences.letter(s.definition()), s.options().magnitude() ? "magnitude" : "signed", shares(r)));
        summary.add("report: " + html);
        return summary;
    }

    /** {@code stable 61% early 12% late 20% fluctuating 7%}. */
    static String shares(Patterns.Result r) {
        StringBuilder b = new StringBuilder();
        for (Pattern p : Pattern.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f%%", p.label(), 100 * r.share(p)));
        }
        return b.toString();
    }
}
