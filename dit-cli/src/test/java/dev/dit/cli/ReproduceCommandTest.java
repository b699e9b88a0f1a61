package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.cli.experiment.Feedback;
import dev.dit.cli.experiment.ReproduceExperiment;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dit experiment reproduce} on a tiny protocol: every table complete and finite, and a run
 * killed after its first unit and restarted (with another number of workers) gives the same bytes
 * as one uninterrupted run.
 */
class ReproduceCommandTest {
    @TempDir
    Path tmp;

    private static ReproduceExperiment.Settings tiny(int workers) {
        return new ReproduceExperiment.Settings(List.of("blobs:n=200,d=5,seed=3"), List.of("logreg", "mlp:4"), List.of(1L, 2L),
                true, 40, 20, 20, 4, 10, Map.of("logreg", 0.2, "mlp:4", 0.2), 1e-3, 10, List.of(0.1, 0.2), 1, true, null, workers, "test");
    }

    private static List<String> run(Path out, ReproduceExperiment.Settings s, Feedback f) {
        return Directories.writeReportKeeping(out, ReproduceExperimentCommand.SEEDS,
                (dir, kept) -> ReproduceExperiment.run(s, dir, kept, f));
    }

    /** Feedback whose unit counter fails once a unit is done: the run stops as if killed there. */
    private static Feedback killedAfterFirstUnit() {
        return (name, total) -> new Feedback.Task() {
            @Override
            public void update(long done, long all) {
                throw new IllegalStateException("killed");
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void tablesCompleteAndFiniteAndResumeGivesTheSameBytes() throws IOException {
        Path a = tmp.resolve("a");
        List<String> lines = run(a, tiny(2), Feedback.SILENT);
        assertTrue(lines.get(0).startsWith("claim 1: "), lines.toString());
        // 1 dataset x 2 models; per unit: correlation 2 definitions x (2 methods x (4 windows + 4 epochs + 2 summaries) + IF full)
        Map<String, Integer> rowsPerCell = Map.of("training", 3, "correlation", 42, "patterns", 4, "stages", 2, "detection",
                2 * (2 * 5 + 5), "retraining", 2 * 8 * 2);
        for (Map.Entry<String, Integer> e : rowsPerCell.entrySet()) {
            List<CSVRecord> summary = csv(a.resolve(e.getKey() + ".csv"));
            assertEquals(2 * e.getValue(), summary.size(), e.getKey());
            assertEquals(2 * 2 * e.getValue(), csv(a.resolve(e.getKey() + "_per_seed.csv")).size(), e.getKey());
            for (CSVRecord r : summary) {
                assertEquals("2", r.get("n_seeds"));
                allFinite(r, e.getKey());
            }
        }
        List<CSVRecord> claims = csv(a.resolve("claims.csv"));
        assertEquals(List.of("1", "2", "3", "4"), claims.stream().map(r -> r.get("claim")).toList());
        for (CSVRecord r : claims) {
            assertTrue(List.of("reproduced", "partly", "not reproduced").contains(r.get("verdict")), r.toString());
        }
        assertEquals(4 * 2, csv(a.resolve("claim_cells.csv")).size());
        for (CSVRecord r : csv(a.resolve("claim_numbers.csv"))) {
            for (String c : List.of("mean", "lo", "hi")) {
                assertTrue(Double.isFinite(Double.parseDouble(r.get(c))), r.toString());
            }
        }
        String html = Files.readString(a.resolve("report.html"));
        assertTrue(html.indexOf("Verdict per claim") < html.indexOf("<img"), "the claims table must open the report");
        assertTrue(html.contains("QUICK run"));
        assertEquals(4, files(a.resolve(ReproduceExperimentCommand.SEEDS)).size());

        Path b = tmp.resolve("b");
        assertThrows(IllegalStateException.class, () -> run(b, tiny(1), killedAfterFirstUnit()));
        Map<String, byte[]> partial = files(b);
        assertFalse(partial.containsKey("report.html"), "no report from a killed run");
        int stored = files(b.resolve(ReproduceExperimentCommand.SEEDS)).size();
        assertTrue(stored >= 1 && stored < 4, "units kept by the killed run: " + partial.keySet());
        run(b, tiny(1), Feedback.SILENT);
        Map<String, byte[]> fa = files(a);
        Map<String, byte[]> fb = files(b);
        assertEquals(fa.keySet(), fb.keySet());
        for (String f : fa.keySet()) {
            assertArrayEquals(fa.get(f), fb.get(f), f);
        }
        // a finished run keeps its units: running again computes nothing and writes the same bytes
        run(b, tiny(2), killedAfterFirstUnit());
        Map<String, byte[]> again = files(b);
        for (String f : fa.keySet()) {
            assertArrayEquals(fa.get(f), again.get(f), f);
        }
    }

    @Test
    void oneSeedIsAUsageError() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = DitCommand.newCommandLine();
        cl.setErr(new java.io.PrintWriter(err, true));
        Path out = tmp.resolve("one");
        assertEquals(DitCommand.EXIT_USAGE, cl.execute("experiment", "reproduce", "--seeds", "1", "--out", out.toString()));
        assertTrue(err.toString().contains("--seeds"), err.toString());
        assertFalse(Files.exists(out), "nothing written");
    }

    private static void allFinite(CSVRecord r, String table) {
        for (Map.Entry<String, String> c : r.toMap().entrySet()) {
            if (c.getKey().endsWith("_mean") || c.getKey().endsWith("_lo") || c.getKey().endsWith("_hi")) {
                assertTrue(Double.isFinite(Double.parseDouble(c.getValue())), table + " " + c.getKey() + " in " + r);
            }
        }
    }

    private static List<CSVRecord> csv(Path f) throws IOException {
        try (Reader r = Files.newBufferedReader(f);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            return p.getRecords();
        }
    }

    /** Every regular file under {@code dir} (relative path to bytes), hidden ones included. */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
