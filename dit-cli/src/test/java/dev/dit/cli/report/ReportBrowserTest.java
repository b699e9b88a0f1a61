package dev.dit.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.cli.Json;
import dev.dit.cli.faults.Cli;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the demo's report and a {@code dit report} in a real browser (headless Chromium) and checks
 * what a reader would see: every figure decoded and shown, the page no wider than the window at
 * 1280 and 800 pixels (with every collapsed table opened, too), and no "NaN" in the rendered text.
 * It also leaves screenshots in {@code target/report-screenshots/} to look at.
 *
 * <p>Without a Chromium on the PATH (or in {@code DIT_CHROMIUM}) the test is skipped with a message
 * saying so, unless {@code DIT_BROWSER_TESTS=required} (set by {@code .ci/run}) or
 * {@code -Ddit.browserTests=required}, which make a missing browser a failure.
 */
class ReportBrowserTest {
    /** Measures the page after it loaded and writes the result into the DOM as JSON. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                  .map(function (i) { return i.getAttribute('data-file'); });
              var closedWidth = document.documentElement.scrollWidth;
              document.querySelectorAll('details').forEach(function (d) { d.open = true; });
              var openWidth = document.documentElement.scrollWidth;
              var out = document.createElement('pre');
              out.id = 'dit-probe';
              out.textContent = JSON.stringify({images: imgs.length, broken: broken, innerWidth: window.innerWidth,
                  closedWidth: closedWidth, openWidth: openWidth, details: document.querySelectorAll('details').length,
                  nan: /NaN|Infinity/.test(document.body.innerText)});
              document.body.appendChild(out);
            });
            </script>
            """;

    @TempDir
    static Path dir;
    static String chromium;

    @BeforeAll
    static void findBrowser() {
        Optional<String> found = browser();
        boolean required = "required".equals(System.getenv("DIT_BROWSER_TESTS"))
                || "required".equals(System.getProperty("dit.browserTests"));
        if (found.isEmpty()) {
            String msg = "no Chromium found (tried $DIT_CHROMIUM, chromium, chromium-browser, google-chrome on the PATH): "
                    + "the browser test of report.html did not run; install it with 'apt-get install chromium'";
            if (required) {
                fail(msg + " (DIT_BROWSER_TESTS=required)");
            }
            System.err.println("ReportBrowserTest: " + msg);
            Assumptions.abort(msg);
        }
        chromium = found.get();
    }

    @Test
    void demoReportShowsEveryFigureAndFitsTheWindow() throws Exception {
        Path out = dir.resolve("demo");
        Cli.Result r = Cli.run("demo", "--quick", "--data", "blobs:n=240,d=5,seed=2", "--epochs", "3", "--loo-samples", "6",
                "-q", "--out", out.toString());
        assertEquals(0, r.exit(), r.all());
        check(out, "demo");
    }

    @Test
    void ditReportShowsEveryFigureAndFitsTheWindow() throws Exception {
        Path run = dir.resolve("run");
        ok(Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "mlp:4:tanh", "--n-train", "40", "--n-val",
                "20", "--n-test", "10", "--epochs", "3", "--batch", "8", "--lr", "0.3", "--corrupt", "0.1", "--seed", "2",
                "--quiet", "--out", run.toString()));
        Path est = dir.resolve("dit-G.csv");
        Path truth = dir.resolve("loo-G.csv");
        ok(Cli.run("influence", "--run", run.toString(), "--windows", "epochs,full", "--definition", "global", "--quiet",
                "--out", est.toString()));
        ok(Cli.run("loo", "--run", run.toString(), "--windows", "epochs,full", "--definition", "global", "--samples", "8",
                "--threads", "1", "--quiet", "--out", truth.toString()));
        Path out = dir.resolve("report");
        ok(Cli.run("report", "--run", run.toString(), "--influence", est.toString(), "--truth", truth.toString(),
                "--bootstrap", "100", "-q", "--out", out.toString()));
        check(out, "dit-report");
    }

    private static void ok(Cli.Result r) {
        assertEquals(0, r.exit(), r.all());
    }

    /** Loads the report at two window widths and checks the probe's findings; takes screenshots. */
    private static void check(Path reportDir, String name) throws Exception {
        String html = Files.readString(reportDir.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("</body>"));
        Path probe = reportDir.resolve("browser-probe.html");
        Files.writeString(probe, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        long pngs;
        try (Stream<Path> s = Files.list(reportDir)) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).count();
        }
        assertTrue(pngs > 0);
        try {
            for (int width : new int[] {1280, 800}) {
                JsonNode seen = measure(probe, width);
                String what = name + " at " + width + " px: " + seen;
                assertEquals(pngs, seen.get("images").asLong(), "figures in the page vs PNG files, " + what);
                assertEquals(0, seen.get("broken").size(), "figures that did not load, " + what);
                assertEquals(width, seen.get("innerWidth").asInt(), what);
                assertTrue(seen.get("closedWidth").asInt() <= width, "page wider than the window, " + what);
                assertTrue(seen.get("openWidth").asInt() <= width, "page wider than the window with tables open, " + what);
                assertTrue(seen.get("details").asInt() > 0, what);
                assertFalse(seen.get("nan").asBoolean(), "the rendered text shows NaN or Infinity, " + what);
                screenshot(reportDir.resolve("report.html"), width, name);
            }
        } finally {
            Files.delete(probe);
        }
    }

    private static JsonNode measure(Path page, int width) throws Exception {
        String dom = chromium(width, "--virtual-time-budget=15000", "--dump-dom", page.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"dit-probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        if (!m.find()) {
            fail("the probe did not report (did the page load?); DOM tail: "
                    + dom.substring(Math.max(0, dom.length() - 500)));
        }
        String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        return Json.MAPPER.readTree(json);
    }

    /** A screenshot of the top of the page, kept for people to look at. */
    private static void screenshot(Path page, int width, String name) throws Exception {
        Path shots = Path.of("target", "report-screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        Path png = shots.resolve(name + "-" + width + ".png");
        Files.deleteIfExists(png);
        chromium(width, "--hide-scrollbars", "--screenshot=" + png, page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() == width, "screenshot " + png);
    }

    /** Runs headless Chromium with a fresh profile; returns its standard output. */
    private static String chromium(int width, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + width + ",1000"));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "chromium", ".out");
        Path stderr = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s: " + cmd);
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + cmd + "\n" + read(stderr));
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** $DIT_CHROMIUM, else the first of chromium, chromium-browser, google-chrome on the PATH. */
    static Optional<String> browser() {
        String explicit = System.getenv("DIT_CHROMIUM");
        if (explicit != null && !explicit.isBlank()) {
            return Files.isExecutable(Path.of(explicit)) ? Optional.of(explicit) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                    return Optional.of(Path.of(d, name).toString());
                }
            }
        }
        return Optional.empty();
    }
}
