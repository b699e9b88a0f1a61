package dev.dit.cli;

import dev.dit.influence.diagnose.SpotCheck;
import dev.dit.influence.diagnose.Verdict;
import dev.dit.influence.io.InfluenceCsv;
import dev.dit.influence.metrics.Bootstrap;
import dev.dit.influence.metrics.MatrixAgreement;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit agree}: how well an estimate matches a ground truth, per window. */
@Command(name = "agree", mixinStandardHelpOptions = true,
        description = "Per window: n, Pearson, Spearman, Kendall tau-b and the Jaccard overlap of the top-10%% sets "
                + "(by magnitude), each with a bootstrap 95%% interval. Refuses files whose definition, query or windows differ. "
                + "Warns (also under -q) when median |estimate| / median |truth| of a window is outside [1/10, 10].")
public final class AgreeCommand implements Callable<Integer> {
    @Option(names = "--estimate", required = true, paramLabel = "FILE", description = "Influence CSV of the estimate (dit influence).")
    Path estimate;

    @Option(names = "--truth", required = true, paramLabel = "FILE", description = "Influence CSV of the ground truth (dit loo).")
    Path truth;

    @Option(names = "--json", paramLabel = "FILE|-",
            description = "Also write the table as JSON to FILE; '-' writes it to standard output (and the table to stderr).")
    Path json;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", converter = Converters.Positive.class,
            description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--bootstrap-seed", paramLabel = "S", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed = 0; // an initial value, not a defaultValue: picocli would apply that after --seed

    /** The old spelling of {@code --bootstrap-seed}, kept for scripts. */
    @Option(names = "--seed", hidden = true)
    void oldSeed(long value) {
        seed = value;
    }

    @Mixin
    QuietOption output;

    @Override
    public Integer call() {
        if (json != null) {
            OutputPaths.refuseDirectory(json, "--json");
            OutputPaths.refuseInputs(json, "--json", Map.of("--estimate", estimate, "--truth", truth));
        }
        InfluenceCsv.Table est = InfluenceCsv.read(estimate);
        InfluenceCsv.Table tru = InfluenceCsv.read(truth);
        InfluenceCsv.requireComparable(estimate, est, truth, tru);
        requireRows(tru, est);
        List<MatrixAgreement.Row> rows = MatrixAgreement.compare(est.matrix(), tru.matrix(), new Bootstrap(seed, resamples));
        boolean jsonToStdout = Json.isStdout(json);
        // With --json -, standard output carries the JSON alone: the table is then only information.
        if (!(jsonToStdout && output.quiet)) {
            PrintStream table = jsonToStdout ? System.err : System.out;
            table.printf("%s (%s) vs %s, definition %s, query %s%n", est.matrix().method(), estimate.getFileName(),
                    tru.matrix().method(), tru.matrix().definition().id(), tru.matrix().query());
            table.print(MatrixAgreement.table(rows));
            table.flush();
        }
        // Printed also under -q, like train's warnings: a scale mismatch voids the correlations.
        for (String w : scaleWarnings(est, tru)) {
            System.err.println("dit: warning: " + w);
        }
        if (json != null) {
            Json.writeOrPrint(json, toJson(est, tru, rows));
        }
        return 0;
    }

    /**
     * One warning per window whose estimate and truth differ in scale by more than
     * {@link Verdict.Thresholds#scaleFactor()} (10): median |estimate| / median |truth| over the
     * truth's samples outside [1/10, 10].
     */
    static List<String> scaleWarnings(InfluenceCsv.Table est, InfluenceCsv.Table tru) {
        double f = Verdict.Thresholds.defaults().scaleFactor();
        List<String> out = new ArrayList<>();
        int[] samples = tru.matrix().samples();
        for (int w = 0; w < tru.matrix().windows().size(); w++) {
            double ratio = scaleRatio(est, tru, w, samples);
            if (!Double.isNaN(ratio) && !(ratio >= 1 / f && ratio <= f)) {
                out.add(String.format(java.util.Locale.ROOT, "window %s: the estimate and the truth differ in scale by orders of"
                        + " magnitude (median |estimate| / median |truth| = %.3g, outside [%.3g, %.3g]); the estimate's"
                        + " numbers are not effects of removal (badly scaled features or an unstable run? see dit diagnose)",
                        tru.matrix().windows().get(w).label(), ratio, 1 / f, f));
            }
        }
        return out;
    }

    private static double scaleRatio(InfluenceCsv.Table est, InfluenceCsv.Table tru, int w, int[] samples) {
        return SpotCheck.scaleRatio(est.matrix().column(w, samples), tru.matrix().column(w, samples));
    }

    /** Every sample of the truth needs a row in the estimate. */
    private void requireRows(InfluenceCsv.Table tru, InfluenceCsv.Table est) {
        java.util.Set<Integer> have = new java.util.HashSet<>();
        for (int s : est.matrix().samples()) {
            have.add(s);
        }
        for (int s : tru.matrix().samples()) {
            if (!have.contains(s)) {
                throw new IllegalArgumentException("sample " + s + " of " + truth + " has no row in " + estimate);
            }
        }
    }

    static Map<String, Object> toJson(InfluenceCsv.Table est, InfluenceCsv.Table tru, List<MatrixAgreement.Row> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimate_method", est.matrix().method());
        m.put("truth_method", tru.matrix().method());
        m.put("definition", tru.matrix().definition().id());
        m.put("query", tru.matrix().query());
        List<Map<String, Object>> ws = new ArrayList<>();
        for (MatrixAgreement.Row r : rows) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("window", r.window().label());
            w.put("start", r.window().start());
            w.put("end", r.window().end());
            w.put("n", r.agreement().n());
            w.put("pearson", r.agreement().pearson());
            w.put("spearman", r.agreement().spearman());
            w.put("kendall", r.agreement().kendall());
            w.put("jaccard_top10pct", r.agreement().jaccardTop10());
            double ratio = scaleRatio(est, tru, rows.indexOf(r), tru.matrix().samples());
            w.put("scale_ratio", Double.isFinite(ratio) ? ratio : null);
            ws.add(w);
        }
        m.put("windows", ws);
        return m;
    }
}
