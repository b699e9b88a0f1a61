package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.cli.faults.Cli;
import dev.dit.cli.report.ReportHtml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dit report} end to end: train → influence G and L → loo G and L → report. */
class ReportCommandTest {
    @TempDir
    static Path dir;
    static Path run;

    /** A tiny run with flipped labels, DIT-G and DIT-L per epoch and in full, and their leave-one-out truths. */
    @BeforeAll
    static void trainInfluenceLoo() {
        run = dir.resolve("run");
        ok(Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "mlp:4:tanh", "--n-train", "40", "--n-val",
                "20", "--n-test", "10", "--epochs", "3", "--batch", "8", "--lr", "0.3", "--corrupt", "0.1", "--seed", "2",
                "--quiet", "--out", run.toString()));
        for (String d : List.of("global", "local")) {
            ok(Cli.run("influence", "--run", run.toString(), "--windows", "epochs,full", "--definition", d, "--quiet",
                    "--out", dir.resolve("dit-" + d + ".csv").toString()));
            ok(Cli.run("loo", "--run", run.toString(), "--windows", "epochs,full", "--definition", d, "--samples", "10",
                    "--threads", "2", "--quiet", "--out", dir.resolve("loo-" + d + ".csv").toString()));
        }
    }

    static void ok(Cli.Result r) {
        assertEquals(0, r.exit(), r.all());
    }

    static String[] report(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("report", "--run", run.toString(), "--influence",
                dir.resolve("dit-global.csv").toString(), dir.resolve("dit-local.csv").toString(), "--truth",
                dir.resolve("loo-global.csv").toString(), dir.resolve("loo-local.csv").toString(), "--bootstrap", "100",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void reportsAgreementOverTimeAndDetection() throws Exception {
        Path out = dir.resolve("report");
        Cli.Result r = Cli.run(report(out));
        ok(r);
        assertTrue(r.out().contains("2 estimate/truth pair(s) compared; 8 ranking(s) scored"), r.out());
        assertTrue(r.out().contains("report: " + out.resolve("report.html")), r.out());

        String html = ReportHtml.assertReadable(out);
        String summary = ReportHtml.visibleText(html.substring(0, html.indexOf("</section>")));
        for (String expected : List.of("blobs:n=120,d=4,k=2,sep=1.5: 40 training samples (4 labels flipped, 10.0%)",
                "mlp:4:tanh", "After epoch 3: training accuracy", "(loss 0.", "; the mean over the epoch&#39;s batches), validation accuracy", "Agreement with retraining", "DIT-G (dit-global.csv)",
                "DIT-L (dit-local.csv)", "Flipped labels", "k = 4")) {
            assertTrue(summary.contains(expected), "summary lacks '" + expected + "':\n" + summary);
        }
        // the verdicts the influence files carry: not spot-checked, so amber "not checked" boxes
        assertTrue(html.contains("Can these numbers be trusted?") && html.contains("<div class=\"trust-doubtful\"><b>full: doubtful</b>")
                && html.contains("not checked: no spot check"), "trust panel");
        List<String> files = names(out);
        assertTrue(files.containsAll(List.of("config.json", "training.csv", "agreement.csv", "detection.csv", "pr_curves.csv",
                "scatter_1_global_full.png", "scatter_2_local_epoch1.png", "over_time_1_dit-global.png",
                "heatmap_2_dit-local.png", "pr_curves_report.png", "precision_at_k_report.png")), files.toString());
        // 2 pairs x 4 windows (3 epochs + full); 2 estimates x 4 windows ranked
        assertEquals(1 + 8, Files.readAllLines(out.resolve("agreement.csv")).size());
        assertEquals(1 + 8, Files.readAllLines(out.resolve("detection.csv")).size());
        JsonNode config = Json.MAPPER.readTree(out.resolve("config.json").toFile());
        assertEquals("report", config.get("command").asText());
        assertEquals(2, config.get("truth").size());
        assertEquals(100, config.get("bootstrap_resamples").asInt());
        assertEquals(List.of("report", "run"), hiddenFree(dir), "no staging directory left beside the report");
    }

    @Test
    void forceReplacesTheWholeOlderReport() throws Exception {
        Path out = dir.resolve("again");
        ok(Cli.run(report(out)));
        byte[] first = Files.readAllBytes(out.resolve("agreement.csv"));
        Files.writeString(out.resolve("stale-from-an-older-report.png"), "old");
        ok(Cli.run(report(out, "--force")));
        assertFalse(Files.exists(out.resolve("stale-from-an-older-report.png")), "an older report's file survived");
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(out.resolve("agreement.csv"))),
                "same inputs, same seed: the same numbers");
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".again.")), "staging or old copy left behind");
        }
    }

    @Test
    void pairsAreComparedOnTheWindowsBothFilesHold() throws Exception {
        Path fullOnly = dir.resolve("loo-global-full.csv");
        ok(Cli.run("loo", "--run", run.toString(), "--windows", "full", "--definition", "global", "--samples", "10",
                "--threads", "2", "--quiet", "--out", fullOnly.toString()));
        Path out = dir.resolve("full-only");
        ok(Cli.run("report", "--run", run.toString(), "--influence", dir.resolve("dit-global.csv").toString(), "--truth",
                fullOnly.toString(), "--bootstrap", "50", "-q", "--out", out.toString()));
        List<String> rows = Files.readAllLines(out.resolve("agreement.csv"));
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("dit-global.csv,loo-global-full.csv,global,dit,full,0,"), rows.get(1));
        ReportHtml.assertReadable(out);
    }

    @Test
    void aRunWithoutFlippedLabelsOrTruthSaysSo() throws Exception {
        Path clean = dir.resolve("clean-run");
        ok(Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "logreg", "--n-train", "30", "--n-val", "20",
                "--n-test", "10", "--epochs", "3", "--batch", "10", "--lr", "0.3", "--seed", "1", "--quiet", "--out",
                clean.toString()));
        Path est = dir.resolve("clean-dit-L.csv");
        ok(Cli.run("influence", "--run", clean.toString(), "--windows", "epochs", "--definition", "local", "--quiet", "--out",
                est.toString()));
        Path out = dir.resolve("clean-report");
        Cli.Result r = Cli.run("report", "--run", clean.toString(), "--influence", est.toString(), "-q", "--out",
                out.toString());
        ok(r);
        assertEquals("", r.out(), "--quiet prints nothing");
        String html = ReportHtml.assertReadable(out);
        String text = ReportHtml.visibleText(html);
        assertTrue(text.contains("No ground truth given"), "agreement entry explains the missing truth");
        assertTrue(text.contains("The run has no flipped labels"), "detection entry explains why there is none");
        assertTrue(names(out).contains("over_time_1_clean-dit-L.png"));
        assertFalse(names(out).contains("detection.csv"));
    }

    static List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Directory names in {@code d}, reporting any hidden one (a staging directory) by name. */
    static List<String> hiddenFree(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") || n.equals("report") || n.equals("run")).sorted().toList();
        }
    }
}
