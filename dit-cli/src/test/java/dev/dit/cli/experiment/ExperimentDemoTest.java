package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.cli.DitCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExperimentDemoTest {
    @TempDir
    Path dir;

    @Test
    void quickDemoPrintsASummaryAndWritesTheReport() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = DitCommand.newCommandLine().execute("demo", "--quick", "--data", "blobs:n=240,d=5,seed=2", "--epochs", "3",
                    "--loo-samples", "6", "--out", dir.toString());
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.size() <= 16, "summary too long:\n" + out);
        assertTrue(out.contains("64 train (6 labels flipped)"), out);
        assertTrue(out.contains("G-full") && out.contains("L-last"), out);
        assertTrue(out.contains("DIT-G: full ") && out.contains(" last3 "), out);
        assertTrue(out.contains("Stable Influencer") && out.contains("wall-clock"), out);
        ReportAssert.config(dir, Map.of("experiment", "demo", "n_train", 64, "epochs", 3, "batch", 16, "loo_samples", 6,
                "corrupt_fraction", 0.1, "windows", "full,first,middle,last,last:3", "bootstrap_resamples", 200));
        List<CSVRecord> agree = ReportAssert.csv(dir.resolve("agreement.csv"), AgreementStudy.COLUMNS);
        assertEquals(2 * (1 + Baselines.registry(0).size()) * 5, agree.size()); // definitions x methods x windows
        agree.stream().filter(r -> r.get("method").equals("dit")).forEach(r -> ReportAssert.finite(r, "spearman"));
        List<CSVRecord> det = ReportAssert.csv(dir.resolve("detection.csv"), "ranking", "method", "definition", "window", "k",
                "precision_at_k", "recall_at_k", "roc_auc");
        assertEquals(2 * 5 + Baselines.registry(0).size(), det.size());
        det.forEach(r -> assertEquals("6", r.get("k")));
        assertEquals(3, ReportAssert.csv(dir.resolve("training.csv"), "epoch", "step", "train_loss", "train_accuracy",
                "val_loss", "val_accuracy").size());
        List<String> files = ReportAssert.files(dir);
        assertTrue(files.containsAll(List.of("scatter_demo_global_full.png", "scatter_demo_local_last.png",
                "top_samples_over_epochs.png", "heatmap_samples_epochs_local.png", "pattern_shares.png",
                "scatter_early_vs_late_global.png", "pr_curves_global.png", "pr_curves_local.png")), files.toString());
        ReportAssert.wellFormed(dir);
        String header = java.nio.file.Files.readString(dir.resolve("influence_dit_epochs_global.csv"));
        assertTrue(header.contains("\n# model: mlp:16:tanh\n") && header.contains("\n# train_fingerprint: ")
                && header.contains("\n# steps: 12\n"), "provenance that dit report checks");
        String html = java.nio.file.Files.readString(dir.resolve("report.html"));
        String summary = dev.dit.cli.report.ReportHtml.visibleText(html.substring(0, html.indexOf("</section>")));
        assertTrue(summary.contains("Agreement with retraining") && summary.contains("DIT-G") && summary.contains("DIT-L"),
                summary);
        assertTrue(summary.contains("Flipped labels") && summary.contains("k = 6"), summary);
        assertTrue(summary.contains("baselines rank by the whole run only"), "footnote of the baselines' empty windows");
        // influence functions have no value for partial windows: a dash with the reason, not NaN
        assertTrue(html.contains("influence functions describe only the final model"), "footnote in the agreement table");
        // the trust section: a panel per definition with a coloured box per window, the secant scatter, the table
        assertTrue(out.contains("trust DIT-G (spot check of 8 samples): full "), out);
        List<CSVRecord> trust = ReportAssert.csv(dir.resolve("trust.csv"), "definition", "window", "verdict", "spot_r",
                "spot_r_lo", "spot_r_hi", "secant_r", "secant_gap", "scale_ratio", "reasons");
        assertEquals(2 * 5, trust.size());
        trust.forEach(r -> {
            assertTrue(List.of("reliable", "doubtful", "unreliable").contains(r.get("verdict")), r.toString());
            ReportAssert.finite(r, "spot_r");
            assertTrue(html.contains("<div class=\"trust-" + r.get("verdict") + "\"><b>" + r.get("window") + ": "), r.toString());
        });
        assertTrue(files.containsAll(List.of("trust_secant_global.png", "trust_secant_local.png")), files.toString());
        // the curvature figures the verdicts weigh: η·λ_max at the examined steps with the limit, a gain per window
        assertTrue(files.containsAll(List.of("curvature_eta_lambda_max.png", "curvature_window_gain.png")), files.toString());
        List<CSVRecord> curvature = ReportAssert.csv(dir.resolve("curvature.csv"), "source", "step", "eta_lambda_max", "limit");
        assertTrue(curvature.size() >= 3, "12 steps examined about every step, and each epoch's last");
        curvature.forEach(r -> {
            ReportAssert.finite(r, "eta_lambda_max");
            assertEquals(2.0, Double.parseDouble(r.get("limit")), "plain SGD's limit");
        });
        List<CSVRecord> gains = ReportAssert.csv(dir.resolve("window_gain.csv"), "window", "start", "end", "log10_gain");
        assertEquals(5, gains.size());
        gains.forEach(r -> ReportAssert.finite(r, "log10_gain"));
    }

    @Test
    void badOptionsGiveOneLineOnStderrAndNonZeroExit() {
        CommandLine cl = DitCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("experiment", "stages", "--model", "bogus", "--data", "blobs:n=100", "--n-train", "20",
                "--n-val", "10", "--n-test", "10", "--epochs", "3", "-q", "--out", dir.toString());
        assertTrue(code != 0);
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("dit: error: --model 'bogus': unknown model 'bogus'"), lines.get(0));
    }
}
