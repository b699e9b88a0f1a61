package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose trajectory is larger than the Java heap: {@code dit train} streams the trajectory
 * to its file as it trains and {@code dit influence} streams it back, so both finish in a child
 * JVM with {@code -Xmx64m} while the trajectory file is about three times that (200 steps × 128 513
 * parameters × 8 bytes ≈ 206 MB). Before training streamed, {@code dit train} refused this run.
 */
class SmallHeapTest {
    private static final String HEAP = "-Xmx64m";
    private static final long HEAP_BYTES = 64L << 20;

    @TempDir
    Path tmp;

    @Test
    void trainAndInfluenceRunInAHeapSmallerThanTheTrajectory() throws Exception {
        Path run = tmp.resolve("run");
        dit("train", "--data", "blobs:n=600,d=500", "--model", "mlp:256", "--n-train", "500", "--n-val", "50",
                "--n-test", "50", "--epochs", "4", "--batch", "10", "--lr", "0.05", "-q", "--out", run.toString());
        long trajectory = Files.size(run.resolve("trajectory.dit"));
        assertTrue(trajectory > 3 * HEAP_BYTES, "the trajectory (" + trajectory + " bytes) must be well over the heap");
        Path csv = tmp.resolve("influence.csv");
        dit("influence", "--run", run.toString(), "--windows", "epochs,full", "--definition", "local", "-q",
                "--out", csv.toString());
        List<String> lines = Files.readAllLines(csv);
        long rows = lines.stream().filter(l -> !l.startsWith("#")).count() - 1; // minus the column header
        assertEquals(500, rows, "one row per training sample");
        String header = lines.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        assertTrue(header.contains("full"), header);
    }

    /**
     * Opening a run holds its training data once: the 37.7 MB of doubles decoded from
     * {@code data/train.ds} become the dataset itself, not a copy of it. {@code dit influence} of this
     * run then finishes in a 68 MB heap (it needed 56 MB when measured); with the former copy it ran
     * out of memory even in 72 MB.
     */
    @Test
    void influenceHoldsTheTrainingDataOnce() throws Exception {
        Path run = tmp.resolve("wide");
        dit("-Xmx512m", "train", "--data", "blobs:n=6500,d=784", "--model", "logreg", "--n-train", "6000", "--n-val",
                "250", "--n-test", "250", "--epochs", "1", "--batch", "100", "--lr", "0.05", "-q", "--out", run.toString());
        long data = Files.size(run.resolve("data/train.ds"));
        assertTrue(data > (68L << 20) / 2, "the training data (" + data + " bytes) must not fit twice in the heap");
        Path csv = tmp.resolve("wide.csv");
        dit("-Xmx68m", "influence", "--run", run.toString(), "--windows", "epochs,full", "--definition", "local", "-q",
                "--out", csv.toString());
        assertEquals(6000, Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).count() - 1);
    }

    /** Runs {@code dit args} in a child JVM with the small heap; fails with its output unless it exits 0. */
    private void dit(String... args) throws Exception {
        if (args[0].startsWith("-Xmx")) {
            run(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
        } else {
            run(HEAP, args);
        }
    }

    private void run(String heap, String... args) throws Exception {
        Path logs = Files.createTempDirectory(tmp, "proc");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), heap,
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dev.dit.cli.DitCommand"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(logs.resolve("out").toFile())
                .redirectError(logs.resolve("err").toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "dit " + args[0] + " did not finish");
        assertEquals(0, p.exitValue(), "dit " + args[0] + " in " + heap + ":\n" + Files.readString(logs.resolve("err")));
    }
}
