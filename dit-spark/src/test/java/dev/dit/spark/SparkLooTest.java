package dev.dit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.cli.LooEngine;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.io.InfluenceCsv;
import dev.dit.influence.io.PartialRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dit loo --engine spark --master local[2]} against the single-machine {@code dit loo}: the
 * same bytes for both definitions, any partitioning and retried tasks; resuming from the rows a
 * killed job saved; one line naming the sample or the run when something fails.
 */
class SparkLooTest {
    @TempDir
    static Path tmp;
    static Path run;
    /** The single-machine outputs, by definition. */
    static final Map<String, Path> REFERENCE = new TreeMap<>();
    static final String WINDOWS = "epochs,full,last";

    @BeforeAll
    static void tinyRunAndReferences() {
        run = tmp.resolve("run");
        ok(Dit.run("train", "--data", "blobs:n=120,d=4,k=3", "--model", "mlp:4:tanh", "--n-train", "40", "--n-val", "20",
                "--n-test", "20", "--epochs", "3", "--batch", "8", "--lr", "0.2", "--corrupt", "0.1", "--seed", "5",
                "--checkpoint-every", "3", "-q", "--out", run.toString()));
        for (String def : List.of("global", "local")) {
            Path ref = tmp.resolve("ref-" + def + ".csv");
            ok(Dit.run(loo(def, ref, "--threads", "2")));
            REFERENCE.put(def, ref);
        }
    }

    private static Dit.Result ok(Dit.Result r) {
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    /** {@code dit loo} on the tiny run for 24 of its 40 samples, plus {@code extra} flags. */
    static String[] loo(String definition, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("loo", "--run", run.toString(), "--definition", definition,
                "--windows", WINDOWS, "--query", "test-loss:5", "--samples", "24", "--samples-seed", "7", "-q",
                "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertEquals(-1L, Files.mismatch(expected, actual), () -> "differs from " + expected + ":\n" + read(actual));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void sparkWritesTheSameBytesAsOneMachineForBothDefinitionsAndAnyPartitioning() throws IOException {
        for (String def : List.of("global", "local")) {
            for (String parts : def.equals("global") ? List.of("1", "5") : List.of("24")) {
                Path out = tmp.resolve("spark-" + def + "-" + parts + ".csv");
                ok(Dit.run(loo(def, out, "--engine", "spark", "--master", "local[2]", "--partitions", parts)));
                assertSameBytes(REFERENCE.get(def), out);
                assertFalse(Files.exists(PartialRows.partialOf(out)), "the partial file is removed when done");
            }
        }
    }

    @Test
    void retriedTasksGiveTheSameRows() throws IOException {
        // local[2,2]: two threads, each task may fail once; every task's first attempt fails on purpose.
        Map<Integer, double[]> rows = new TreeMap<>();
        int[] samples = referenceSamples("global");
        new SparkLooEngine(1).compute(new LooEngine.Job(run.toString(), "test-loss:5", WINDOWS, "global", samples,
                "local[2,2]", 4), rows::put, Progress.NONE);
        assertEquals(samples.length, rows.size());
        InfluenceCsv.Table t = InfluenceCsv.read(REFERENCE.get("global"));
        List<String> dataLines = dataLines(REFERENCE.get("global"));
        for (int r = 0; r < samples.length; r++) {
            int j = samples[r];
            assertEquals(dataLines.get(r), InfluenceCsv.row(j, t.labels()[j], t.corrupted()[j], rows.get(j)).strip(),
                    "row of sample " + j);
        }
    }

    @Test
    void aKilledJobResumesFromTheSavedPartitionsWithOtherPartitioning() throws IOException {
        Path ref = REFERENCE.get("local");
        Path out = tmp.resolve("resumed.csv");
        List<String> lines = Files.readAllLines(ref, StandardCharsets.UTF_8);
        int header = lines.size() - 24;
        // What a job killed after its first two 4-sample partitions leaves: the header, their 8 rows,
        // and a row torn in the middle. One saved value is changed, to see that it is not recomputed.
        List<String> partial = new ArrayList<>(lines.subList(0, header + 8));
        String planted = partial.get(header + 2).replaceFirst(",[^,]*$", ",0.125");
        partial.set(header + 2, planted);
        String torn = lines.get(header + 8).substring(0, 9);
        Files.writeString(PartialRows.partialOf(out), String.join("\n", partial) + "\n" + torn, StandardCharsets.UTF_8);

        Dit.Result r = Dit.run(loo("local", out, "--engine", "spark", "--master", "local[2]", "--partitions", "3"));
        ok(r);
        List<String> expected = new ArrayList<>(lines);
        expected.set(header + 2, planted);
        assertEquals(expected, Files.readAllLines(out, StandardCharsets.UTF_8), "saved rows kept, the rest computed");
        assertFalse(Files.exists(PartialRows.partialOf(out)));

        // and without the planted value, the resumed file is the single-machine file byte for byte
        Path again = tmp.resolve("resumed-again.csv");
        Files.writeString(PartialRows.partialOf(again), String.join("\n", lines.subList(0, header + 8)) + "\n" + torn,
                StandardCharsets.UTF_8);
        ok(Dit.run(loo("local", again, "--engine", "spark", "--master", "local[2]", "--partitions", "2")));
        assertSameBytes(ref, again);
    }

    @Test
    void aBadSampleFailsInOneLineNamingItAndKeepsTheOtherPartitionsRows() {
        Map<Integer, double[]> rows = new TreeMap<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SparkLooEngine().compute(
                new LooEngine.Job(run.toString(), "val-loss", "full", "local", new int[] {1, 2, 99}, "local[1]", 3),
                rows::put, Progress.NONE));
        assertEquals("leave-one-out of training sample 99 failed: training sample 99 outside [0, 40)", e.getMessage());
        assertTrue(rows.keySet().stream().allMatch(j -> j == 1 || j == 2), "only good samples delivered: " + rows.keySet());
    }

    @Test
    void aRunDirectoryMissingOnTheExecutorsIsOneLineNamingIt() {
        Path missing = tmp.resolve("no-such-run");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SparkLooEngine().compute(
                new LooEngine.Job(missing.toUri().toString(), "val-loss", "full", "local", new int[] {1, 2}, "local[2]", 2),
                (j, row) -> { }, Progress.NONE));
        assertEquals("run directory " + missing.toUri() + ": does not exist", e.getMessage());
    }

    @Test
    void aMissingRunDirectoryFailsBeforeSparkStartsAndWritesNothing() throws IOException {
        for (String missing : List.of(tmp.resolve("gone").toString(), tmp.resolve("gone").toUri().toString())) {
            Path out = tmp.resolve("never-" + missing.length() + ".csv");
            Dit.Result r = Dit.run("loo", "--run", missing, "--definition", "local", "--engine", "spark",
                    "--master", "local[2]", "-q", "--out", out.toString());
            assertEquals(1, r.exit(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            String line = r.errLines().get(0);
            assertTrue(line.startsWith("dit: error: run directory " + missing) && line.contains("does not exist"), line);
            assertFalse(Files.exists(out));
            assertFalse(Files.exists(PartialRows.partialOf(out)));
            try (Stream<Path> left = Files.list(tmp)) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(out.getFileName().toString())), "no leftovers");
            }
        }
    }

    @Test
    void aRunNamedByAHadoopUriIsCopiedThroughTheFileSystemApi() throws IOException {
        Path out = tmp.resolve("uri.csv");
        String uri = run.toUri().toString();
        String[] args = loo("global", out, "--engine", "spark", "--master", "local[2]");
        args[Arrays.asList(args).indexOf("--run") + 1] = uri;
        ok(Dit.run(args));
        List<String> expected = Files.readAllLines(REFERENCE.get("global"), StandardCharsets.UTF_8).stream()
                .map(l -> l.equals("# run: " + run) ? "# run: " + uri : l).toList();
        assertTrue(expected.contains("# run: " + uri), "the header names the run as given");
        assertEquals(expected, Files.readAllLines(out, StandardCharsets.UTF_8));
        try (Stream<Path> copies = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(copies.noneMatch(p -> p.getFileName().toString().startsWith("dit-run-")
                    && p.toFile().lastModified() >= System.currentTimeMillis() - 60_000), "temporary copies deleted");
        }
    }

    /** The samples of a reference file, in its order. */
    private static int[] referenceSamples(String def) {
        return InfluenceCsv.read(REFERENCE.get(def)).matrix().samples();
    }

    private static List<String> dataLines(Path p) throws IOException {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        int col = 0;
        while (!lines.get(col).startsWith("sample,")) {
            col++;
        }
        return lines.subList(col + 1, lines.size());
    }
}
