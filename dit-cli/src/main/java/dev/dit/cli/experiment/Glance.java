package dev.dit.cli.experiment;

import dev.dit.cli.report.NoValue;
import dev.dit.cli.report.Summary;
import dev.dit.influence.metrics.Estimate;
import dev.dit.models.ModelSpec;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.TrainMetrics;
import dev.dit.models.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The summary every report opens with (the demo's, the experiments' and {@code dit report}'s),
 * built from what the study measured: data, model, training, agreement with retraining per
 * definition and window, flipped-label detection. One place, so every report reads the same.
 */
final class Glance {
    /** Footnote of an agreement statistic that could not be computed. */
    static final String DEGENERATE = "undefined: fewer than 3 samples, a non-finite value, or all values equal in this window";

    private final Summary.Builder summary = Summary.builder();

    /** The data: source, split, flipped labels and the query the influence is measured on. */
    Glance data(String spec, int nTrain, int nVal, int nTest, int flipped, String query) {
        summary.text(Summary.Topic.DATA, String.format(Locale.ROOT, "%s: %d training samples (%s), %d validation, %d test. "
                        + "Query %s; influence = F(without j) - F(with j), negative = harmful.", spec, nTrain,
                flipped == 0 ? "no labels flipped" : String.format(Locale.ROOT, "%d labels flipped, %.1f%%", flipped,
                        100.0 * flipped / nTrain), nVal, nTest, query));
        return this;
    }

    /** The model(s), in words. */
    Glance model(String text) {
        summary.text(Summary.Topic.MODEL, text);
        return this;
    }

    /** The training result, in words. */
    Glance training(String text) {
        summary.text(Summary.Topic.TRAINING, text);
        return this;
    }

    /** The data, in words (when a study trains on several variants of it). */
    Glance data(String text) {
        summary.text(Summary.Topic.DATA, text);
        return this;
    }

    /** The model and how it was trained. */
    Glance model(ModelSpec spec, int parameters, TrainConfig c) {
        summary.text(Summary.Topic.MODEL, String.format(Locale.ROOT, "%s (%d parameters); %d epochs of %s, batch %d, "
                        + "lr %s with %s decay, L2 %s, seed %d.", spec, parameters, c.epochs(),
                c.optimizer().kind() == dev.dit.models.train.OptimizerSpec.Kind.SGD ? "SGD" : c.optimizer().toString(),
                c.batchSize(),
                number(c.learningRate()), c.schedule().id(), number(c.l2()), c.seed()));
        return this;
    }

    /** Accuracy and loss after the last epoch of an exact log; {@code testAccuracy} may be NaN when not measured. */
    Glance training(List<Trainer.EpochLog> log, double testAccuracy) {
        return training(log, TrainMetrics.EXACT, testAccuracy);
    }

    /**
     * Accuracy and loss of the last epoch, the training ones named as {@code metrics} says they are;
     * {@code testAccuracy} may be NaN when not measured.
     */
    Glance training(List<Trainer.EpochLog> log, TrainMetrics metrics, double testAccuracy) {
        if (log.isEmpty()) {
            summary.text(Summary.Topic.TRAINING, "No training log.");
            return this;
        }
        Trainer.EpochLog last = log.get(log.size() - 1);
        String train = metrics == TrainMetrics.BATCH_MEAN
                ? "After epoch %d: training accuracy %.3f (loss %s; the mean over the epoch's batches), "
                : "After epoch %d: training accuracy %.3f (loss %s), ";
        summary.text(Summary.Topic.TRAINING, String.format(Locale.ROOT, train
                        + "validation accuracy %.3f (loss %s)%s.", last.epoch(), last.trainAccuracy(), number(last.trainLoss()),
                last.valAccuracy(), number(last.valLoss()),
                Double.isNaN(testAccuracy) ? "" : String.format(Locale.ROOT, ", test accuracy %.3f", testAccuracy)));
        return this;
    }

    /**
     * Agreement of each entry's estimate with the retraining truth of its definition, one row per
     * (estimate, definition, window), each statistic with its bootstrap interval.
     */
    Glance agreement(String text, List<AgreementStudy.Entry> entries) {
        return agreement(text, entries, Glance::estimate);
    }

    /** {@code DIT-G}, {@code tracin-L}: the method and the definition's letter. */
    static String estimate(AgreementStudy.Entry e) {
        return (e.method().equals("dit") ? "DIT" : e.method()) + "-" + Influences.letter(e.definition());
    }

    /** As {@link #agreement(String, List)}, naming each row's estimate with {@code who}. */
    Glance agreement(String text, List<AgreementStudy.Entry> entries, Function<AgreementStudy.Entry, String> who) {
        List<List<Object>> rows = new ArrayList<>();
        for (AgreementStudy.Entry e : entries) {
            rows.add(List.of(who.apply(e), e.window().label(), e.agreement().n(),
                    withInterval(e.agreement().pearson()), withInterval(e.agreement().spearman()),
                    withInterval(e.agreement().kendall())));
        }
        summary.table(Summary.Topic.AGREEMENT, text, List.of("estimate", "window", "n", "Pearson r",
                "Spearman \u03C1", "Kendall \u03C4"), rows, DEGENERATE);
        return this;
    }

    /**
     * The compact form for many runs: one row per estimate ({@code who}), one column per window,
     * each cell Spearman's rho with its interval.
     */
    Glance agreementBySpearman(String text, List<AgreementStudy.Entry> entries, Function<AgreementStudy.Entry, String> who) {
        Map<String, Map<String, AgreementStudy.Entry>> rows = new LinkedHashMap<>();
        List<String> windows = new ArrayList<>();
        for (AgreementStudy.Entry e : entries) {
            rows.computeIfAbsent(who.apply(e), k -> new LinkedHashMap<>()).put(e.window().label(), e);
            if (!windows.contains(e.window().label())) {
                windows.add(e.window().label());
            }
        }
        List<String> header = new ArrayList<>(List.of("estimate"));
        header.addAll(windows);
        List<List<Object>> table = new ArrayList<>();
        rows.forEach((name, byWindow) -> {
            List<Object> row = new ArrayList<>(List.of(name));
            for (String w : windows) {
                AgreementStudy.Entry e = byWindow.get(w);
                row.add(e == null ? new NoValue("not computed for this window") : withInterval(e.agreement().spearman()));
            }
            table.add(row);
        });
        summary.table(Summary.Topic.AGREEMENT, text, header, table, DEGENERATE);
        return this;
    }

    /** A sentence instead of the agreement table (for example: no ground truth was given). */
    Glance agreement(String text) {
        summary.text(Summary.Topic.AGREEMENT, text);
        return this;
    }

    /**
     * Detection of the flipped labels: one row per ranking (DIT-G, DIT-L, a baseline), one column
     * per window, each cell precision@k with the ROC-AUC; a ranking without a window shows "—".
     */
    Glance detection(List<DetectionStudy.Row> rows, int n) {
        int k = rows.get(0).result().k();
        return detection(String.format(Locale.ROOT, "Each cell: precision among the k = %d lowest-ranked samples "
                + "(most harmful first) \u00B7 ROC-AUC, by window; a random ranking expects %.3f \u00B7 0.50.",
                k, (double) k / n), Map.of("", rows));
    }

    /**
     * As {@link #detection(List, int)} for several runs (for example one per flip rate): each
     * row's ranking is prefixed with its run's key.
     */
    Glance detection(String text, Map<String, List<DetectionStudy.Row>> runs) {
        Map<String, Map<String, DetectionStudy.Row>> byRanking = new LinkedHashMap<>();
        List<String> windows = new ArrayList<>();
        List<Map.Entry<String, DetectionStudy.Row>> all = new ArrayList<>();
        runs.forEach((key, rows) -> rows.forEach(r -> all.add(Map.entry(key, r))));
        for (Map.Entry<String, DetectionStudy.Row> kr : all) {
            DetectionStudy.Row r = kr.getValue();
            String who = (kr.getKey().isEmpty() ? "" : kr.getKey() + " \u00B7 ")
                    + r.ranking().estimate();
            byRanking.computeIfAbsent(who, w -> new LinkedHashMap<>()).put(r.ranking().window(), r);
            if (!windows.contains(r.ranking().window())) {
                windows.add(r.ranking().window());
            }
        }
        List<String> header = new ArrayList<>(List.of("ranking"));
        header.addAll(windows);
        List<List<Object>> table = new ArrayList<>();
        for (Map.Entry<String, Map<String, DetectionStudy.Row>> e : byRanking.entrySet()) {
            List<Object> row = new ArrayList<>(List.of(e.getKey()));
            for (String w : windows) {
                DetectionStudy.Row r = e.getValue().get(w);
                boolean baseline = e.getValue().values().iterator().next().ranking().definition().equals("-");
                row.add(r == null ? new NoValue(baseline ? "baselines rank by the whole run only"
                        : "this estimate was not computed for this window") : String.format(Locale.ROOT, "%.3f \u00B7 %.2f",
                        r.result().precisionAtK(), r.result().rocAuc()));
            }
            table.add(row);
        }
        summary.table(Summary.Topic.DETECTION, text, header, table, null);
        return this;
    }

    /** A sentence instead of the detection table (for example: no label was flipped). */
    Glance detection(String text) {
        summary.text(Summary.Topic.DETECTION, text);
        return this;
    }

    /** A study's headline result. */
    Glance result(String text) {
        summary.text(Summary.Topic.RESULT, text);
        return this;
    }

    Summary build() {
        return summary.build();
    }

    /** {@code 0.976 [0.80, 1.00]}, or a {@link NoValue} when the statistic is undefined. */
    static Object withInterval(Estimate e) {
        if (!Double.isFinite(e.value())) {
            return new NoValue(DEGENERATE);
        }
        if (!Double.isFinite(e.lo()) || !Double.isFinite(e.hi())) {
            return Experiments.f3(e.value());
        }
        return Experiments.f3(e.value()) + String.format(Locale.ROOT, " [%.2f, %.2f]", e.lo(), e.hi());
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return "not finite";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
