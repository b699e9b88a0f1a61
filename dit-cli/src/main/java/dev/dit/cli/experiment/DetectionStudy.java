package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.analysis.Detection;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.query.Query;
import dev.dit.cli.report.Plots;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Corrupted-label detection (method.md §7): rank the training samples by ascending influence on
 * the validation loss, by DIT in several windows and by the registry's baselines, and measure how
 * many flipped samples come first.
 */
final class DetectionStudy {
    /** A score vector to rank by. {@code definition} is {@code -} for baselines. */
    record Ranking(String method, String definition, String window, double[] scores) {
        String name() {
            return definition.equals("-") ? method + " (" + window + ")" : estimate() + " " + window;
        }

        /** The estimate without its window: {@code DIT-G}, {@code tracin-L}, or a baseline's name. */
        String estimate() {
            return definition.equals("-") ? method : (method.equals("dit") ? "DIT" : method) + "-" + definition;
        }
    }

    /** A ranking's detection result. */
    record Row(Ranking ranking, Detection.Result result) {
    }

    private DetectionStudy() {
    }

    /** DIT per definition over {@code windowSpec}, then each baseline over the full window. */
    static List<Ranking> rankings(Run run, Query query, String windowSpec, List<Definition> defs,
                                  Map<String, Estimator> baselines, Feedback feedback) {
        int[] bounds = run.trajectory().epochBoundaries();
        List<Window> windows = Windows.parse(windowSpec, bounds);
        List<Ranking> out = new ArrayList<>();
        for (Definition def : defs) {
            InfluenceMatrix m;
            try (Feedback.Task task = feedback.task("DIT-" + Influences.letter(def) + " detection", 1)) {
                m = Estimator.DIT.estimate(run, query, windows, def, task);
            }
            for (int w = 0; w < windows.size(); w++) {
                out.add(new Ranking("dit", Influences.letter(def), windows.get(w).label(), m.column(w)));
            }
        }
        List<Window> full = Windows.parse("full", bounds);
        for (Map.Entry<String, Estimator> b : baselines.entrySet()) {
            InfluenceMatrix m = b.getValue().estimate(run, query, full, Definition.GLOBAL, dev.dit.influence.estimate.Progress.NONE);
            out.add(new Ranking(b.getKey(), "-", "full", m.column(0)));
        }
        return out;
    }

    static List<Row> evaluate(List<Ranking> rankings, boolean[] corrupted) {
        List<Row> rows = new ArrayList<>();
        for (Ranking r : rankings) {
            rows.add(new Row(r, Detection.evaluate(r.scores(), corrupted)));
        }
        return rows;
    }

    /** One row per ranking: its name, method, definition, window, k, precision and recall at k, ROC-AUC. */
    static Table table(List<Row> rows) {
        Table t = new Table("ranking", "method", "definition", "window", "k", "precision_at_k", "recall_at_k", "roc_auc");
        for (Row r : rows) {
            t.add(r.ranking().name(), r.ranking().method(), r.ranking().definition(), r.ranking().window(), r.result().k(),
                    r.result().precisionAtK(), r.result().recallAtK(), r.result().rocAuc());
        }
        return t;
    }

    /** Precision-recall curves and precision@k curves of every ranking, as two PNGs. */
    static void curves(Outputs out, String suffix, String what, List<Row> rows) {
        Map<String, double[][]> pr = new LinkedHashMap<>();
        Map<String, double[][]> pk = new LinkedHashMap<>();
        for (Row r : rows) {
            pr.put(r.ranking().name(), new double[][] {r.result().curve().recall(), r.result().curve().precision()});
            pk.put(r.ranking().name(), new double[][] {r.result().curve().cutoffs(), r.result().curve().precision()});
        }
        out.figure("pr_curves_" + suffix, "Precision-recall curves of flipped-label detection by window, " + what,
                png -> Plots.curves(png, "Flipped-label detection, " + what, "recall", "precision", pr));
        out.figure("precision_at_k_" + suffix, "Precision among the k lowest-ranked samples, by window, " + what
                        + " (k = number flipped is the headline cut-off)",
                png -> Plots.curves(png, "Precision@k, " + what, "k (samples flagged)", "precision", pk));
    }

    /** Curve points in long format: ranking, k, precision, recall. */
    static void curveData(Table t, Object lead, List<Row> rows) {
        for (Row r : rows) {
            double[] p = r.result().curve().precision();
            double[] rc = r.result().curve().recall();
            for (int k = 0; k < p.length; k++) {
                t.add(lead, r.ranking().name(), k + 1, p[k], rc[k]);
            }
        }
    }
}
