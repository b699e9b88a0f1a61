package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceFunctions;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.metrics.Agreement;
import dev.dit.influence.metrics.Bootstrap;
import dev.dit.influence.metrics.Estimate;
import dev.dit.influence.metrics.MatrixAgreement;
import dev.dit.influence.query.Query;
import dev.dit.cli.report.Plots;
import dev.dit.influence.truth.LeaveOneOut;
import dev.dit.influence.window.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Estimates against leave-one-out ground truth on a set of samples, for both definitions: one
 * agreement row per (definition, method, window), a DIT-vs-LOO scatter per definition and window,
 * and the influence matrices as CSV.
 */
final class AgreementStudy {
    /** One compared cell. */
    record Entry(Definition definition, String method, Window window, Agreement agreement) {
    }

    /** A DIT-vs-LOO scatter to draw once the tables are in the report. */
    record Scatter(String name, String caption, String title, double[] x, double[] y, boolean[] highlight) {
    }

    /** The comparison's cells and its scatters. */
    record Result(List<Entry> entries, List<Scatter> scatters) {
        void draw(Outputs out) {
            for (Scatter s : scatters) {
                out.figure(s.name(), s.caption(),
                        png -> Plots.scatter(png, s.title(), "DIT estimate", "leave-one-out", s.x(), s.y(), s.highlight()));
            }
        }
    }

    static final String[] COLUMNS = {"definition", "method", "window", "start", "end", "n", "pearson", "pearson_lo",
        "pearson_hi", "spearman", "spearman_lo", "spearman_hi", "kendall", "kendall_lo", "kendall_hi", "jaccard_top10pct",
        "jaccard_lo", "jaccard_hi"};

    private AgreementStudy() {
    }

    /**
     * Runs the comparison. {@code tag} (e.g. {@code logreg_s1}) prefixes the file names; {@code
     * methods} maps a method name to its estimator (DIT first).
     */
    static Result run(Outputs out, String tag, Run run, Query query, List<Window> windows,
                           Map<String, Estimator> methods, int[] samples, Setup setup, Feedback feedback) {
        List<Entry> entries = new ArrayList<>();
        List<Scatter> scatters = new ArrayList<>();
        boolean[] corrupted = Influences.select(run.corruptedMask(), samples);
        for (Definition def : Definition.values()) {
            String d = Influences.letter(def);
            InfluenceMatrix truth;
            try (Feedback.Task task = feedback.task("leave-one-out " + d + " " + tag, samples.length)) {
                truth = new LeaveOneOut(run, query, windows, def).compute(samples, setup.threads(), null, null, task);
            }
            Influences.save(out, "influence_loo_" + tag + "_" + def.id(), run, truth, Map.of("experiment_tag", tag));
            for (Map.Entry<String, Estimator> m : methods.entrySet()) {
                InfluenceMatrix est;
                try (Feedback.Task task = feedback.task(m.getKey() + " " + d + " " + tag, 1)) {
                    est = m.getValue().estimate(run, query, windows, def, task);
                }
                Influences.save(out, "influence_" + Outputs.slug(m.getKey()) + "_" + tag + "_" + def.id(), run, est,
                        Map.of("experiment_tag", tag));
                for (MatrixAgreement.Row row : MatrixAgreement.compare(est, truth,
                        new Bootstrap(setup.bootstrapSeed(), setup.bootstrap()))) {
                    entries.add(new Entry(def, m.getKey(), row.window(), row.agreement()));
                }
                if (m.getKey().equals("dit")) {
                    for (int w = 0; w < windows.size(); w++) {
                        Window win = windows.get(w);
                        double[] x = est.column(w, samples);
                        double[] y = truth.column(w);
                        scatters.add(new Scatter("scatter_" + tag + "_" + def.id() + "_" + win.label(),
                                String.format(Locale.ROOT, "DIT-%s vs leave-one-out, window %s, %s (%d samples; flipped labels "
                                        + "in accent colour)", d, win, tag, samples.length),
                                "DIT-" + d + " vs LOO, " + win.label() + " (" + tag + ")", x, y, corrupted));
                    }
                }
            }
        }
        return new Result(entries, scatters);
    }

    /**
     * The footnote of an agreement table's empty cell: influence functions have a value only for
     * a window spanning the whole run of {@code steps} steps; anything else is a degenerate window.
     */
    static Table.NoValueReason noValue(int steps) {
        return (row, column) -> {
            List<String> cols = List.of(COLUMNS);
            int lead = row.size() - cols.size();
            Object method = row.get(lead + cols.indexOf("method"));
            boolean full = Integer.valueOf(0).equals(row.get(lead + cols.indexOf("start")))
                    && Integer.valueOf(steps).equals(row.get(lead + cols.indexOf("end")));
            return InfluenceFunctions.METHOD.equals(method) && !full
                    ? "influence functions describe only the final model: no value for a window shorter than the whole run"
                    : Glance.DEGENERATE;
        };
    }

    /** The cells of a table row (after any leading columns the caller adds). */
    static Object[] cells(Entry e) {
        Agreement a = e.agreement();
        List<Object> c = new ArrayList<>(List.of(e.definition().id(), e.method(), e.window().label(), e.window().start(),
                e.window().end(), a.n()));
        for (Estimate s : new Estimate[] {a.pearson(), a.spearman(), a.kendall(), a.jaccardTop10()}) {
            c.add(s.value());
            c.add(s.lo());
            c.add(s.hi());
        }
        return c.toArray();
    }

    /** The entry for (definition, method, window label), or null. */
    static Entry find(List<Entry> entries, Definition def, String method, String window) {
        for (Entry e : entries) {
            if (e.definition() == def && e.method().equals(method) && e.window().label().equals(window)) {
                return e;
            }
        }
        return null;
    }
}
