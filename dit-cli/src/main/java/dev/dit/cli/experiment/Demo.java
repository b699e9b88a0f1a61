package dev.dit.cli.experiment;

import dev.dit.influence.analysis.Patterns;
import dev.dit.influence.analysis.Retraining;
import dev.dit.influence.analysis.Sampling;
import dev.dit.influence.analysis.Stages;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dit demo}: one small run showing everything: DIT-G and DIT-L per epoch, agreement with
 * leave-one-out on a seeded subset, flipped-label detection by window, temporal patterns, and
 * early-vs-late stages, in one report directory.
 */
public final class Demo {
    /**
     * @param setup shared settings
     * @param model model spec
     * @param seed training seed
     * @param corrupt fraction of training labels flipped
     * @param looSamples samples given leave-one-out ground truth
     * @param looSeed seed choosing them (and of the random baseline)
     * @param lastK K of the {@code last:K} window
     * @param options pattern classification options
     */
    public record Settings(Setup setup, String model, long seed, double corrupt, int looSamples, long looSeed, int lastK,
                           Patterns.Options options) {
        /** The windows compared with leave-one-out and ranked for detection. */
        public String windows() {
            return "full,first,middle,last,last:" + lastK;
        }
    }

    private Demo() {
    }

    /** Runs the demo into {@code dir}; returns the short summary (without the wall-clock line). */
    public static List<String> run(Settings s, Path dir, Feedback feedback) {
        Setup setup = s.setup();
        Map<String, Object> config = Experiments.config("demo", setup);
        config.put("model", s.model());
        config.put("seed", s.seed());
        config.put("corrupt_fraction", s.corrupt());
        config.put("windows", s.windows());
        config.put("loo_samples", Sampling.effectiveCount(setup.nTrain(), s.looSamples())); // as used, not as asked
        config.put("loo_seed", s.looSeed());
        config.put("last_k", s.lastK());
        config.put("pattern_definition", "local");
        config.put("fluctuation_threshold", s.options().fluctuationThreshold());
        config.put("alpha", s.options().alpha());
        config.put("magnitude", s.options().magnitude());
        config.put("stage_windows", Stages.thirdsSpec(setup.epochs()));
        config.put("baselines", List.copyOf(Baselines.registry(s.looSeed()).keySet()));
        Outputs out = new Outputs(dir, "dit demo: time-windowed influence on " + setup.data());
        out.config(config);

        Setup.Trained t = setup.train(setup.pool(), s.model(), s.seed(), s.corrupt(), feedback);
        double testAcc = new Retraining(t.run(), t.spec(), t.config()).originalTestAccuracy();
        Query q = Queries.parse(setup.query(), t.run().val(), t.run().test());
        List<Window> windows = Windows.parse(s.windows(), t.run().trajectory().epochBoundaries());
        out.table("training", "Training log per epoch", Experiments.trainingLog(t.log()));

        Map<Definition, InfluenceMatrix> perEpoch = new EnumMap<>(Definition.class);
        Map<Definition, InfluenceMatrix> thirds = new EnumMap<>(Definition.class);
        for (Definition d : Definition.values()) {
            perEpoch.put(d, PerEpoch.dit(out, "influence_dit_epochs_" + d.id(), t.run(), q, "epochs", d, feedback));
            thirds.put(d, PerEpoch.dit(out, "influence_dit_stages_" + d.id(), t.run(), q, Stages.thirdsSpec(setup.epochs()), d,
                    feedback));
        }

        int[] samples = Sampling.choose(t.run().n(), s.looSamples(), s.looSeed());
        AgreementStudy.Result agree = AgreementStudy.run(out, "demo", t.run(), q, windows, Experiments.methods(s.looSeed()),
                samples, setup, feedback);
        out.section("Agreement with leave-one-out (" + samples.length + " samples)");
        out.paragraph("Each definition's estimate against exact retraining of the same definition, per window.");
        Table agreement = new Table(AgreementStudy.COLUMNS).noValue(AgreementStudy.noValue(t.run().trajectory().steps()));
        agree.entries().forEach(e -> agreement.add(AgreementStudy.cells(e)));
        out.table("agreement", "Agreement with leave-one-out, every method and window", agreement);
        agree.draw(out);

        Map<Definition, dev.dit.influence.diagnose.Trust> trust = TrustStudy.run(out, "", "", t.run(), q, windows, TrustStudy.DEFAULT_K,
                s.looSeed(), setup.threads(), feedback);

        out.section("Flipped-label detection by window");
        List<DetectionStudy.Ranking> rankings = DetectionStudy.rankings(t.run(), q, s.windows(), List.of(Definition.values()),
                Baselines.registry(s.looSeed()), feedback);
        List<DetectionStudy.Row> rows = DetectionStudy.evaluate(rankings, t.run().corruptedMask());
        Table det = DetectionStudy.table(rows);
        out.table("detection", "Flipped-label detection, every ranking", det);
        for (Definition d : Definition.values()) {
            String letter = Influences.letter(d);
            List<DetectionStudy.Row> mine = rows.stream()
                    .filter(r -> r.ranking().definition().equals(letter) || !r.ranking().method().equals("dit")).toList();
            DetectionStudy.curves(out, d.id(), "DIT-" + letter + " and baselines", mine);
        }
        Table curves = new Table("rate", "ranking", "k", "precision", "recall");
        DetectionStudy.curveData(curves, s.corrupt(), rows);
        out.data("pr_curves", curves);

        out.section("Temporal patterns (DIT-L per epoch)");
        Patterns.Result patterns = PatternStudy.run(out, t.run(), perEpoch.get(Definition.LOCAL), s.options(), 8, false);

        out.section("Early vs late training");
        Map<Definition, double[]> el = StageStudy.run(out, t.run(), perEpoch, thirds);
        out.summary(new Glance()
                .data(setup.data(), setup.nTrain(), setup.nVal(), setup.nTest(), t.run().corrupted().length, setup.query())
                .model(t.spec(), t.run().model().parameterCount(), t.config())
                .training(t.log(), testAcc)
                .agreement("DIT-G and DIT-L against exact leave-one-out retraining of the same definition (G: the sample "
                        + "removed from the whole run; L: only inside the window) on " + samples.length + " seeded samples; "
                        + "95% bootstrap intervals in brackets. Baselines are in the full tables.",
                        agree.entries().stream().filter(e -> e.method().equals("dit")).toList())
                .detection(rows, t.run().n())
                .result(String.format(Locale.ROOT, "Temporal patterns (DIT-L): %s. Early vs late stage, Spearman: "
                                + "DIT-G %s, DIT-L %s.", PatternsExperiment.shares(patterns),
                        Experiments.f3(el.get(Definition.GLOBAL)[1]), Experiments.f3(el.get(Definition.LOCAL)[1])))
                .build());
        Path html = out.finish();

        Trainer.EpochLog last = t.log().get(t.log().size() - 1);
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "data %s: %d train (%d labels flipped) / %d val / %d test; %s, %d epochs, batch %d",
                setup.data(), setup.nTrain(), t.run().corrupted().length, setup.nVal(), setup.nTest(), t.spec(), setup.epochs(),
                setup.batch()));
        summary.add(String.format(Locale.ROOT, "accuracy: train %.3f, val %.3f, test %.3f", last.trainAccuracy(),
                last.valAccuracy(), testAcc));
        summary.add("DIT vs leave-one-out on " + samples.length + " samples (r / rho / tau):");
        summary.add("  " + agreementLine(agree.entries(), Definition.GLOBAL, "full") + "   "
                + agreementLine(agree.entries(), Definition.LOCAL, "last"));
        summary.add("  " + agreementLine(agree.entries(), Definition.GLOBAL, "last") + "   "
                + agreementLine(agree.entries(), Definition.LOCAL, "first"));
        for (Definition d : Definition.values()) {
            StringBuilder b = new StringBuilder("  trust DIT-" + Influences.letter(d) + " (spot check of " + TrustStudy.DEFAULT_K
                    + " samples):");
            trust.get(d).verdicts().forEach(v -> b.append(' ').append(v.window().label()).append(' ').append(v.level().id()));
            summary.add(b.toString());
        }
        summary.add("detection precision@" + rows.get(0).result().k() + " (flipped found among the lowest k):");
        for (Definition d : Definition.values()) {
            StringBuilder b = new StringBuilder("  DIT-" + Influences.letter(d) + ":");
            for (DetectionStudy.Row r : rows) {
                if (r.ranking().method().equals("dit") && r.ranking().definition().equals(Influences.letter(d))) {
                    b.append(' ').append(r.ranking().window()).append(' ').append(Experiments.f3(r.result().precisionAtK()));
                }
            }
            summary.add(b.toString());
        }
        StringBuilder base = new StringBuilder("  baselines:");
        rows.stream().filter(r -> !r.ranking().method().equals("dit")).forEach(r -> base.append(' ')
                .append(r.ranking().method()).append(' ').append(Experiments.f3(r.result().precisionAtK())));
        summary.add(base.toString());
        summary.add("patterns (DIT-L, " + (s.options().magnitude() ? "magnitude" : "signed") + "): "
                + PatternsExperiment.shares(patterns));
        summary.add(String.format(Locale.ROOT, "early vs late stage, spearman: DIT-G %.3f, DIT-L %.3f",
                el.get(Definition.GLOBAL)[1], el.get(Definition.LOCAL)[1]));
        summary.add("report: " + html);
        return summary;
    }

    private static String agreementLine(List<AgreementStudy.Entry> entries, Definition d, String window) {
        AgreementStudy.Entry e = AgreementStudy.find(entries, d, "dit", window);
        if (e == null) {
            return Influences.letter(d) + "-" + window + " n/a";
        }
        return String.format(Locale.ROOT, "%s-%-6s %s / %s / %s", Influences.letter(d), window,
                Experiments.f3(e.agreement().pearson().value()), Experiments.f3(e.agreement().spearman().value()),
                Experiments.f3(e.agreement().kendall().value()));
    }
}
