package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.io.PartialRows;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults that need a real process: {@code kill -9}, SIGINT and SIGTERM in the middle of a run,
 * and two {@code dit} processes writing the same output. Each case starts
 * {@code java ... dev.dit.cli.DitCommand} on this test's class path, waits for a visible sign of
 * progress (never a fixed sleep), then signals it.
 */
class ProcessFaultsTest {
    private static final long TIMEOUT_S = 120;

    @TempDir
    static Path shared;
    static Path run;
    static Path looReference;

    /** Slow enough (a few seconds) that a signal lands in the middle; small enough to stay quick. */
    static final String[] LOO = {"loo", "--definition", "global", "--threads", "1"};
    static final String[] TRAIN = {"train", "--data", "blobs:n=2500,d=16", "--model", "mlp:32", "--n-train", "2000",
        "--n-val", "50", "--n-test", "50", "--batch", "8", "--lr", "0.1"};

    @TempDir
    Path tmp;

    @BeforeAll
    static void prepare() throws Exception {
        run = shared.resolve("run");
        finish(start(List.of("train", "--data", "blobs:n=600,d=8", "--model", "mlp:32", "--n-train", "400", "--n-val", "50",
                "--n-test", "50", "--epochs", "10", "--batch", "4", "--lr", "0.05", "-q", "--out", run.toString())), 0);
        looReference = shared.resolve("loo-ref.csv");
        finish(start(loo(looReference)), 0);
        LOO_HEADER_LINES = (int) Files.readAllLines(looReference).stream().takeWhile(l -> !l.startsWith("sample,")).count() + 1;
    }

    static List<String> loo(Path out) {
        List<String> a = new ArrayList<>(List.of(LOO));
        a.addAll(List.of("--run", run.toString(), "--out", out.toString()));
        return a;
    }

    static List<String> train(Path out, int epochs, String... extra) {
        List<String> a = new ArrayList<>(List.of(TRAIN));
        a.addAll(List.of("--epochs", Integer.toString(epochs)));
        a.addAll(List.of(extra));
        a.addAll(List.of("--out", out.toString()));
        return a;
    }

    /** A dit process with its output going to files (so that it can never block on a full pipe). */
    record Dit(Process process, Path stdout, Path stderr) {
        String out() throws IOException {
            return Files.readString(stdout);
        }

        String err() throws IOException {
            return Files.readString(stderr);
        }
    }

    static Dit start(List<String> args) throws IOException {
        Path logs = Files.createTempDirectory(shared, "proc");
        // A build started in the background by a non-interactive shell (as CI may be) inherits an
        // ignored SIGINT, and a JVM that starts with SIGINT ignored keeps ignoring it: the child
        // gets Ctrl-C's default handling back, as in a terminal, through coreutils' env.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dev.dit.cli.DitCommand"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(logs.resolve("out").toFile())
                .redirectError(logs.resolve("err").toFile());
        return new Dit(pb.start(), logs.resolve("out"), logs.resolve("err"));
    }

    static String finish(Dit d, int expectedExit) throws Exception {
        assertTrue(d.process().waitFor(TIMEOUT_S, TimeUnit.SECONDS), "dit did not finish");
        assertEquals(expectedExit, d.process().exitValue(), "stdout:\n" + d.out() + "\nstderr:\n" + d.err());
        return d.err();
    }

    /** Polls {@code condition} until it holds; fails if the process ends first. */
    static void awaitWhileRunning(Dit d, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            assertTrue(d.process().isAlive(), "dit ended before " + what + ":\n" + d.err());
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(2);
        }
    }

    static void signal(Dit d, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(d.process().pid())).start().waitFor());
    }

    static int lines(Path f) {
        try {
            return Files.exists(f) ? (int) Files.readAllLines(f).size() : 0;
        } catch (IOException e) {
            return 0; // being rewritten: try again
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Map<String, String> snapshot(Path dir) throws IOException {
        return FileFaultsTest.snapshot(dir);
    }

    /** Lines before the first row of a leave-one-out file. */
    static int LOO_HEADER_LINES;

    @Test
    void killDashNineDuringLeaveOneOutThenResumeGivesTheSameBytes() throws Exception {
        Path out = tmp.resolve("loo.csv");
        Dit d = start(loo(out));
        awaitWhileRunning(d, () -> lines(PartialRows.partialOf(out)) >= LOO_HEADER_LINES + 20, "20 finished rows");
        signal(d, "KILL");
        assertEquals(137, d.process().waitFor());
        assertFalse(Files.exists(out), "no complete-looking output after kill -9");
        String err = finish(start(loo(out)), 0);
        assertTrue(err.contains("dit: resuming: "), err);
        assertArrayEquals(Files.readAllBytes(looReference), Files.readAllBytes(out));
        assertEquals(List.of("loo.csv"), names(tmp), "no partial, lock or temporary file left");
    }

    @Test
    void sigtermDuringLeaveOneOutKeepsOnlyCompleteRowsAndNoLock() throws Exception {
        Path out = tmp.resolve("loo.csv");
        Dit d = start(loo(out));
        awaitWhileRunning(d, () -> lines(PartialRows.partialOf(out)) >= LOO_HEADER_LINES + 10, "10 finished rows");
        signal(d, "TERM");
        assertEquals(143, d.process().waitFor());
        assertFalse(Files.exists(out));
        assertEquals(List.of("loo.csv.partial"), names(tmp), "the lock file is removed on SIGTERM");
        finish(start(loo(out)), 0);
        assertArrayEquals(Files.readAllBytes(looReference), Files.readAllBytes(out));
    }

    @Test
    void ctrlCDuringLeaveOneOutLeavesNoCompleteLookingOutput() throws Exception {
        Path out = tmp.resolve("loo.csv");
        Dit d = start(loo(out));
        awaitWhileRunning(d, () -> lines(PartialRows.partialOf(out)) >= LOO_HEADER_LINES + 10, "10 finished rows");
        signal(d, "INT");
        assertEquals(130, d.process().waitFor());
        assertFalse(Files.exists(out));
        assertEquals(List.of("loo.csv.partial"), names(tmp));
    }

    @Test
    void killDashNineDuringTrainThenTheSameCommandGivesTheSameRun() throws Exception {
        Path out = tmp.resolve("run");
        Dit d = start(train(out, 8));
        awaitWhileRunning(d, () -> {
            try {
                return d.out().contains("epoch 2/8");
            } catch (IOException e) {
                return false;
            }
        }, "the second epoch");
        signal(d, "KILL");
        assertEquals(137, d.process().waitFor());
        assertFalse(Files.exists(out), "the run directory appears only when complete");
        finish(start(train(out, 8, "-q")), 0);
        Path reference = tmp.resolve("reference");
        finish(start(train(reference, 8, "-q")), 0);
        assertEquals(snapshot(reference), snapshot(out));
        assertEquals(List.of("reference", "run"), names(tmp), "the killed run's staging directory and lock file are gone");
    }

    @Test
    void twoTrainsOnOneDirectoryExactlyOneSucceeds() throws Exception {
        Path out = tmp.resolve("run");
        Dit first = start(train(out, 60));
        awaitWhileRunning(first, () -> {
            try {
                return first.out().contains("epoch 1/60");
            } catch (IOException e) {
                return false;
            }
        }, "the first epoch");
        Dit second = start(train(out, 8, "-q"));
        String err = finish(second, 1);
        assertTrue(first.process().isAlive(), "the second one failed at once, while the first was still training");
        assertEquals(1, err.lines().filter(l -> !l.startsWith("WARNING")).count(), err);
        assertTrue(err.contains("dit: error: run directory " + out) && err.contains("another dit process"), err);
        finish(first, 0);
        try (LoadedRun r = RunDirectory.read(out)) {
            assertEquals(2000, r.run().n(), "the survivor's run loads");
        }
        assertEquals(List.of("run"), names(tmp));
    }

    @Test
    void twoLeaveOneOutsOnOneOutputExactlyOneSucceeds() throws Exception {
        Path out = tmp.resolve("loo.csv");
        Dit first = start(loo(out));
        awaitWhileRunning(first, () -> lines(PartialRows.partialOf(out)) >= LOO_HEADER_LINES + 2, "the first rows");
        String err = finish(start(loo(out)), 1);
        assertTrue(err.contains("dit: error: leave-one-out output " + out) && err.contains("another dit process"), err);
        finish(first, 0);
        assertArrayEquals(Files.readAllBytes(looReference), Files.readAllBytes(out), "nothing of the second one mixed in");
    }

    @Test
    void ctrlCDuringDemoOverAnEarlierDemoLeavesTheEarlierOneWhole() throws Exception {
        Path out = tmp.resolve("demo");
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.json"), "{\"experiment\": \"demo\", \"seed\": 99}\n");
        Files.writeString(out.resolve("report.html"), "<html>the earlier report</html>\n");
        Files.writeString(out.resolve("agreement.csv"), "earlier\n");
        Map<String, String> before = snapshot(out);
        Dit d = start(List.of("demo", "--quick", "--data", "blobs:n=300,d=4", "-q", "--out", out.toString()));
        awaitWhileRunning(d, () -> {
            try (Stream<Path> s = Files.list(tmp)) {
                return s.anyMatch(p -> p.getFileName().toString().startsWith(".demo.staging-")
                        && Files.exists(p.resolve("training.csv")));
            } catch (IOException e) {
                return false;
            }
        }, "the new demo's first tables");
        signal(d, "INT");
        assertEquals(130, d.process().waitFor());
        assertEquals(before, snapshot(out), "the earlier demo is whole: no new config.json beside the old report");
        for (String n : names(tmp)) {
            assertTrue(n.equals("demo") || n.startsWith(".demo.staging-"), "only hidden staging leftovers, never a second"
                    + " output: " + n);
        }
    }

    @Test
    void ctrlCDuringAFirstDemoLeavesNoReportDirectory() throws Exception {
        Path out = tmp.resolve("demo");
        Dit d = start(List.of("demo", "--quick", "--data", "blobs:n=300,d=4", "-q", "--out", out.toString()));
        awaitWhileRunning(d, () -> {
            try (Stream<Path> s = Files.list(tmp)) {
                return s.anyMatch(p -> p.getFileName().toString().startsWith(".demo.staging-")
                        && Files.exists(p.resolve("config.json")));
            } catch (IOException e) {
                return false;
            }
        }, "the staging directory");
        signal(d, "INT");
        assertEquals(130, d.process().waitFor());
        assertFalse(Files.exists(out), "no report directory from an interrupted demo");
    }

    @Test
    void aNameThePlatformCannotEncodeIsOneLine() throws Exception {
        // Under the C locale the JVM's file-name encoding is ASCII: 'é' cannot become a path.
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "dev.dit.cli.DitCommand",
                "train", "--data", "csv:" + tmp.resolve("donn\u00e9es.csv"), "--model", "logreg", "--n-train", "10",
                "--epochs", "1", "--batch", "2", "--lr", "0.1", "-q", "--out", tmp.resolve("run").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("LANG");
        Process p = pb.start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // The flag's value cannot be used at all: a usage error (exit 2) naming the flag.
        assertEquals(2, p.waitFor(), all);
        List<String> lines = all.lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, lines.size(), all);
        assertTrue(lines.get(0).startsWith("dit: error: --data '") && lines.get(0).contains("unmappable"), all);
        assertEquals(List.of(), names(tmp));
    }

    @Test
    void outOfMemoryIsOneLineNamingTheHeapOption() throws Exception {
        Path out = tmp.resolve("run");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx24m",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "dev.dit.cli.DitCommand",
                "train", "--data", "blobs:n=400000,d=64", "--model", "logreg", "--n-train", "1000", "--epochs", "1",
                "--batch", "8", "--lr", "0.1", "-q", "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), all);
        List<String> lines = all.lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, lines.size(), all);
        assertTrue(lines.get(0).startsWith("dit: error: out of memory") && lines.get(0).contains("DIT_JAVA_OPTS=-Xmx"), all);
        assertEquals(List.of(), names(tmp), "no run directory, no staging directory, no lock file");
    }
}
