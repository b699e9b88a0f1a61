package dev.dit.cli.experiment;

import dev.dit.cli.report.NoValue;
import dev.dit.influence.analysis.Retraining;
import dev.dit.influence.analysis.Sampling;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.query.Queries;
import dev.dit.models.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dit experiment detection}: flip a share of the training labels, rank the samples by
 * their DIT influence on the validation loss in several windows (and by the baselines), measure
 * precision / recall among the k = #flipped lowest, ROC-AUC, and the test accuracy after removing
 * the k flagged samples and retraining, against removing k random ones (method.md §7, claim 3).
 */
public final class DetectionExperiment {
    /**
     * @param setup shared settings
     * @param model model spec
     * @param seed training seed (and seed of the random baseline and the random removal)
     * @param rates label-flip rates
     * @param lastK K of the {@code last:K} window
     * @param definitions DIT definitions to rank by
     * @param retrain whether to retrain without the flagged samples
     */
    public record Settings(Setup setup, String model, long seed, List<Double> rates, int lastK, List<Definition> definitions,
                           boolean retrain) {
        /** The window spec ranked by. */
        public String windows() {
            return "full,first,middle,last,last:" + lastK;
        }
    }

    private DetectionExperiment() {
    }

    /** Runs the experiment into {@code dir}; returns a short summary. */
    public static List<String> run(Settings s, Path dir, Feedback feedback) {
        Setup setup = s.setup();
        Map<String, Object> config = Experiments.config("detection", setup);
        config.put("model", s.model());
        config.put("seed", s.seed());
        config.put("rates", s.rates());
        config.put("windows", s.windows());
        config.put("last_k", s.lastK());
        config.put("definitions", s.definitions().stream().map(Definition::id).toList());
        config.put("baselines", List.copyOf(Baselines.registry(s.seed()).keySet()));
        config.put("baseline_window", "full");
        config.put("ranking", "ascending influence (most negative = most harmful first), k = number flipped");
        config.put("retrain", s.retrain());
        Outputs out = new Outputs(dir, "Detecting flipped labels by influence");
        out.config(config);
        out.section("Protocol");
        out.paragraph("For each rate, a seeded share of the training labels is flipped (binary: y <- 1 - y) and the model "
                + "trained; samples are ranked by ascending influence on " + setup.query() + " (most harmful first) by DIT in the windows "
                + s.windows() + " and by the baselines (full window). Precision@k and recall@k at k = number flipped, ROC-AUC. "
                + (s.retrain() ? "Then the k flagged samples are removed and the model retrained with the same configuration "
                + "(a fresh batch schedule for the smaller set); 'random' removal drops k random samples." : ""));
        Dataset pool = setup.pool();
        Table table = new Table("rate", "flipped", "ranking", "method", "definition", "window", "k", "precision_at_k",
                "recall_at_k", "roc_auc", "test_accuracy_after_removal")
                .noValue((row, column) -> column.equals("test_accuracy_after_removal")
                        ? "not measured: retraining without the flagged samples was switched off" : NoValue.UNDEFINED);
        Table retrain = new Table("rate", "removal", "removed", "flipped_removed", "test_accuracy", "change_vs_original");
        Table curves = new Table("rate", "ranking", "k", "precision", "recall");
        List<String> summary = new ArrayList<>();
        Map<String, List<DetectionStudy.Row>> byRate = new java.util.LinkedHashMap<>();
        StringBuilder flipped = new StringBuilder();
        StringBuilder accuracies = new StringBuilder("Test accuracy by flip rate:");
        Setup.Trained last = null;
        for (double rate : s.rates()) {
            Setup.Trained t = setup.train(pool, s.model(), s.seed(), rate, feedback);
            if (t.run().corrupted().length == 0) {
                throw new IllegalArgumentException("rate " + rate + " flips no label of " + setup.nTrain() + " samples");
            }
            List<DetectionStudy.Ranking> rankings = DetectionStudy.rankings(t.run(),
                    Queries.parse(setup.query(), t.run().val(), t.run().test()), s.windows(), s.definitions(),
                    Baselines.registry(s.seed()), feedback);
            List<DetectionStudy.Row> rows = DetectionStudy.evaluate(rankings, t.run().corruptedMask());
            int k = t.run().corrupted().length;
            Retraining rt = new Retraining(t.run(), t.spec(), t.config());
            double original = rt.originalTestAccuracy();
            double[] after = new double[rows.size()];
            java.util.Arrays.fill(after, Double.NaN);
            if (s.retrain()) {
                int[] random = Sampling.choose(t.run().n(), k, s.seed() * 31 + 17);
                double[] acc;
                try (Feedback.Task task = feedback.task("retrain rate " + rate, rows.size() + 1)) {
                    acc = Parallel.map(rows.size() + 1, setup.threads(),
                            i -> rt.testAccuracyWithout(i < rows.size() ? rows.get(i).result().flagged() : random), task);
                }
                System.arraycopy(acc, 0, after, 0, rows.size());
                retrain.add(rate, "none (original)", 0, 0, original, 0.0);
                retrain.add(rate, "random", k, countFlipped(random, t.run().corruptedMask()), acc[rows.size()],
                        acc[rows.size()] - original);
                for (int i = 0; i < rows.size(); i++) {
                    retrain.add(rate, rows.get(i).ranking().name(), k,
                            countFlipped(rows.get(i).result().flagged(), t.run().corruptedMask()), acc[i], acc[i] - original);
                }
            }
            for (int i = 0; i < rows.size(); i++) {
                DetectionStudy.Row r = rows.get(i);
                table.add(rate, k, r.ranking().name(), r.ranking().method(), r.ranking().definition(), r.ranking().window(), k,
                        r.result().precisionAtK(), r.result().recallAtK(), r.result().rocAuc(), after[i]);
            }
            DetectionStudy.curveData(curves, rate, rows);
            String key = String.format(Locale.ROOT, "rate %.2f", rate);
            byRate.put(key, rows);
            flipped.append(String.format(Locale.ROOT, "%s%d at %s", flipped.length() == 0 ? "" : ", ", k, key));
            accuracies.append(String.format(Locale.ROOT, " %s %.3f;", key, original));
            last = t;
            out.section(String.format(Locale.ROOT, "Rate %.2f: %d of %d labels flipped", rate, k, t.run().n()));
            out.paragraph(Experiments.describe(setup, t, rate, original));
            DetectionStudy.curves(out, "rate" + rate, String.format(Locale.ROOT, "%.0f%% flipped", 100 * rate), rows);
            summary.add(line(rate, k, rows));
        }
        out.section("Detection");
        out.table("detection", "Detection by every ranking and rate", table);
        if (s.retrain()) {
            out.section("Remove and retrain");
            out.table("retraining", "Test accuracy after removing the flagged samples", retrain);
        }
        out.data("pr_curves", curves);
        out.paragraph("Curve points for every rate and ranking: pr_curves.csv, pr_curves.json.");
        out.summary(new Glance()
                .data(String.format(Locale.ROOT, "%s: %d training samples (labels flipped: %s), %d validation, %d test. "
                                + "Query %s; influence = F(without j) - F(with j), negative = harmful.", setup.data(), setup.nTrain(),
                        flipped, setup.nVal(), setup.nTest(), setup.query()))
                .model(last.spec(), last.run().model().parameterCount(), last.config())
                .training(accuracies.substring(0, accuracies.length() - 1) + ".")
                .detection("Each cell: precision among the k lowest-ranked samples (k = number flipped at that rate, "
                        + "most harmful first) \u00B7 ROC-AUC, by window.", byRate)
                .build());
        Path html = out.finish();
        summary.add("report: " + html);
        return summary;
    }

    private static int countFlipped(int[] removed, boolean[] corrupted) {
        int c = 0;
        for (int i : removed) {
            if (corrupted[i]) {
                c++;
            }
        }
        return c;
    }

    /** {@code rate 0.10 (k=26) precision@k: DIT-G full 0.42, ... }. */
    static String line(double rate, int k, List<DetectionStudy.Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "rate %.2f (k=%d) precision@k:", rate, k));
        for (DetectionStudy.Row r : rows) {
            b.append(' ').append(r.ranking().name()).append(' ').append(Experiments.f3(r.result().precisionAtK())).append(';');
        }
        return b.substring(0, b.length() - 1);
    }
}
