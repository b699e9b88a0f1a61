package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.cli.faults.Cli;
import dev.dit.cli.report.ReportHtml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dit report}'s curvature section: drawn from the run's curvature.csv (dit train --monitor)
 * and diagnostics.json (dit diagnose) when present, absent otherwise, and a diagnostics.json of
 * another run is left out.
 */
class ReportCurvatureTest {
    @TempDir
    Path dir;

    private Path train(String name, String lr, String... extra) {
        Path run = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5",
                "--model", "logreg", "--n-train", "30", "--n-val", "20", "--n-test", "10", "--epochs", "3", "--batch",
                "10", "--lr", lr, "--lr-decay", "constant", "--seed", "1", "--quiet", "--out", run.toString()));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.all());
        return run;
    }

    private String report(Path run, String name) throws IOException {
        Path out = dir.resolve(name);
        Cli.Result r = Cli.run("report", "--run", run.toString(), "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.all());
        // Without influence files a report may have no figure at all, which assertReadable refuses.
        return Files.exists(out.resolve("curvature_eta_lambda_max.png")) ? ReportHtml.assertReadable(out)
                : Files.readString(out.resolve("report.html"));
    }

    @Test
    void monitoredAndDiagnosedRunShowsBothFigures() throws IOException {
        Path run = train("unstable", "60", "--monitor", "2");
        Cli.Result d = Cli.run("diagnose", "--run", run.toString(), "--every", "3", "--windows", "epochs", "--quiet");
        assertEquals(0, d.exit(), d.all());
        String html = report(run, "report");
        assertTrue(html.contains("Curvature and stability"), "section missing");
        assertTrue(html.contains("curvature_eta_lambda_max.png") && html.contains("curvature_window_gain.png"), html);
        assertTrue(html.contains("examined step(s) above it"), html);
        Path out = dir.resolve("report");
        assertTrue(ImageIO.read(out.resolve("curvature_eta_lambda_max.png").toFile()).getWidth() > 0);
        assertTrue(ImageIO.read(out.resolve("curvature_window_gain.png").toFile()).getWidth() > 0);
        List<String> rows = Files.readAllLines(out.resolve("curvature.csv"));
        // monitor: steps 0, 2, 4, 6, 8 and the epoch ends 2, 5, 8 → 6 rows; diagnose (every 3): 0, 2, 3, 5, 6, 8 → 6 rows
        assertEquals(1 + 6 + 6, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("monitor (dit train --monitor),0,"), rows.get(1));
        assertEquals(1 + 3, Files.readAllLines(out.resolve("window_gain.csv")).size());
    }

    @Test
    void plainRunHasNoCurvatureSectionAndAForeignDiagnosisIsLeftOut() throws IOException {
        Path plain = train("plain", "0.1");
        assertFalse(report(plain, "plain-report").contains("Curvature and stability"));
        Path other = train("other", "0.2");
        assertEquals(0, Cli.run("diagnose", "--run", other.toString(), "--windows", "epochs", "--quiet").exit());
        Files.copy(other.resolve("diagnostics.json"), plain.resolve("diagnostics.json"));
        String html = report(plain, "foreign-report");
        assertTrue(html.contains("computed from another run"), "note missing");
        assertFalse(html.contains("curvature_window_gain.png"));
    }
}
