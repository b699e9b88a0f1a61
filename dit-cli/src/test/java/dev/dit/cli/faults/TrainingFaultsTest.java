package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault suite, training: divergence, sizes that overflow or cannot fit, thread counts, and the
 * detection experiment's last-k window. Every case checks the exit code, the message and what is
 * left on disk.
 */
class TrainingFaultsTest {
    @TempDir
    Path tmp;

    private static String[] train(Path out, String... overrides) {
        List<String> a = new ArrayList<>(List.of("train", "--data", "blobs:n=120,d=4", "--model", "logreg",
                "--n-val", "20", "--n-test", "20", "--batch", "16", "--quiet", "--out", out.toString()));
        a.addAll(List.of(overrides));
        return a.toArray(String[]::new);
    }

    private static void assertOneErrorLine(Cli.Result r, int exit, String... parts) {
        assertEquals(exit, r.exit(), r.all());
        assertEquals(1, r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).count(), r.all());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + p + "' not in:\n" + r.all());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.all());
    }

    /** For usage errors picocli may add the usage text after the first line: that line must say it all. */
    private static void assertUsageError(Cli.Result r, String... parts) {
        assertEquals(2, r.exit(), r.all());
        String first = r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).findFirst().orElse("");
        for (String p : parts) {
            assertTrue(first.contains(p), "'" + p + "' not in the first line:\n" + r.all());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.all());
    }

    private static void assertNothingIn(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                assertEquals(List.of(dir), s.toList(), "nothing may be written into " + dir);
            }
        }
    }

    // ---- divergence ----

    @Test
    void explodingLossIsRefusedNamingTheEpochAndTheLoss() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--n-train", "60", "--epochs", "3", "--lr", "1e6", "--train-metrics", "exact"));
        assertOneErrorLine(r, 1, "dit: error: training diverged in epoch 1 of 3", "the training loss 1.7",
                "exceeds 100 × max(1,", "no run was written to " + out, "Lower --lr");
        assertFalse(Files.exists(out));
    }

    @Test
    void explodingBatchMeanLossIsRefusedByDefaultNamingWhichLoss() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--n-train", "60", "--epochs", "3", "--lr", "1e6"));
        assertOneErrorLine(r, 1, "dit: error: training diverged in epoch 1 of 3",
                "the mean training loss over the epoch's batches ", "exceeds 100 × max(1,",
                "no run was written to " + out, "Lower --lr");
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownTrainMetricsAreAUsageError() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--n-train", "60", "--epochs", "3", "--lr", "0.1", "--train-metrics", "mean"));
        assertUsageError(r, "--train-metrics", "'mean'", "expected batch-mean or exact");
        assertFalse(Files.exists(out));
    }

    @Test
    void explodingLossLeavesAnEmptyOutputDirectoryEmpty() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("empty"));
        Cli.Result r = Cli.run(train(out, "--n-train", "60", "--epochs", "3", "--lr", "1e6", "--lr-decay", "constant"));
        assertOneErrorLine(r, 1, "diverged in epoch 1", "Lower --lr (now 1.000e+06) or use --lr-decay sqrt");
        assertNothingIn(out);
    }

    @Test
    void nonFiniteParametersAreRefusedNamingTheEpochAndStep() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--n-train", "60", "--epochs", "2", "--lr", "1e200", "--l2", "1"));
        assertOneErrorLine(r, 1, "training diverged in epoch 1 of 2", "a parameter became non-finite at step");
        assertFalse(Files.exists(out));
    }

    @Test
    void divergenceInAnExperimentNamesTheEpoch() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "detection", "--data", "blobs:n=120,d=4", "--model", "logreg",
                "--n-train", "60", "--n-val", "20", "--n-test", "20", "--epochs", "2", "--last-k", "2", "--lr", "1e6", "--no-retrain",
                "-q", "--out", out.toString());
        assertOneErrorLine(r, 1, "training diverged in epoch 1", "lower the learning rate");
        assertFalse(Files.exists(out.resolve("report.html")));
    }

    @Test
    void aHighButStableLearningRateIsNotDivergence() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--n-train", "60", "--epochs", "3", "--lr", "3"));
        assertEquals(0, r.exit(), r.all());
        assertTrue(Files.isRegularFile(out.resolve("run.json")));
    }

    // ---- sizes ----

    @Test
    void stepCountOverflowIsOneLineNamingEpochs() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--n-train", "60", "--epochs", "2000000000", "--lr", "0.1"));
        assertOneErrorLine(r, 1, "--epochs 2000000000 × 4 batches per epoch (--n-train 60, --batch 16)",
                "8000000000 steps", "more than a trajectory can hold");
        assertFalse(Files.exists(out));
    }

    @Test
    void aRunThatCannotFitInMemoryIsRefusedBeforeTraining() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--n-train", "60", "--epochs", "500000000", "--lr", "0.1"));
        assertOneErrorLine(r, 1, "training would keep about", "more than the Java heap allows",
                "lower --epochs");
        assertFalse(Files.exists(out));
    }

    @Test
    void experimentStepCountOverflowIsOneLine() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "detection", "--data", "blobs:n=120,d=4", "--model", "logreg",
                "--n-train", "60", "--n-val", "20", "--n-test", "20", "--epochs", "2000000000", "--batch", "16",
                "--no-retrain", "-q", "--out", out.toString());
        assertOneErrorLine(r, 1, "--epochs 2000000000 ×", "more than a trajectory can hold");
        assertFalse(Files.exists(out));
    }

    @Test
    void experimentThatCannotFitInMemoryIsRefusedBeforeTraining() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "detection", "--data", "blobs:n=120,d=4", "--model", "logreg",
                "--n-train", "60", "--n-val", "20", "--n-test", "20", "--epochs", "2000000000", "--no-retrain",
                "-q", "--out", out.toString());
        assertOneErrorLine(r, 1, "training would keep about", "more than the Java heap allows");
        assertFalse(Files.exists(out.resolve("report.html")));
    }

    // ---- threads ----

    private Path run() {
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run(train(run, "--n-train", "40", "--epochs", "1", "--lr", "0.1"));
        assertEquals(0, r.exit(), r.all());
        return run;
    }

    @Test
    void looThreadsZeroIsAUsageError() throws IOException {
        Path run = run();
        Path out = tmp.resolve("loo.csv");
        Cli.Result r = Cli.run("loo", "--run", run.toString(), "--definition", "global", "--threads", "0",
                "--out", out.toString());
        assertUsageError(r, "--threads", "'0': must be at least 1");
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(tmp.resolve("loo.csv.partial")));
    }

    @Test
    void experimentNegativeThreadsIsAUsageError() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "detection", "--threads", "-3", "--out", out.toString());
        assertUsageError(r, "--threads", "'-3': must be at least 1");
        assertFalse(Files.exists(out));
    }

    @Test
    void demoThreadsZeroIsAUsageError() throws IOException {
        Path out = tmp.resolve("demo");
        Cli.Result r = Cli.run("demo", "--quick", "--threads", "0", "--out", out.toString());
        assertUsageError(r, "--threads", "must be at least 1");
        assertFalse(Files.exists(out));
    }

    private static Cli.Result withThreadsProperty(String value, String... args) {
        String old = System.getProperty("dit.threads");
        System.setProperty("dit.threads", value);
        try {
            return Cli.run(args);
        } finally {
            if (old == null) {
                System.clearProperty("dit.threads");
            } else {
                System.setProperty("dit.threads", old);
            }
        }
    }

    @Test
    void threadsPropertyZeroIsAUsageError() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = withThreadsProperty("0", train(out, "--n-train", "40", "--epochs", "1", "--lr", "0.1"));
        assertUsageError(r, "-Ddit.threads=0", "must be at least 1");
        assertFalse(Files.exists(out));
    }

    @Test
    void threadsPropertyThatIsNotANumberIsAUsageError() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = withThreadsProperty("many", train(out, "--n-train", "40", "--epochs", "1", "--lr", "0.1"));
        assertUsageError(r, "-Ddit.threads=many", "not a whole number");
        assertFalse(Files.exists(out));
    }

    // ---- detection's last-k window ----

    @Test
    void detectionWithFewerEpochsThanLastKClampsAndRecordsTheWindowUsed() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "detection", "--data", "blobs:n=120,d=4", "--model", "logreg",
                "--n-train", "60", "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "16",
                "--rates", "0.1", "--no-retrain", "-q", "--out", out.toString());
        assertEquals(0, r.exit(), r.all());
        // The default K (3) is lowered to the 2 epochs silently; config.json records the K used.
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals(2, config.get("last_k").asInt());
        assertEquals("full,first,middle,last,last:2", config.get("windows").asText());
        assertFalse(config.has("standardize"), "blobs are not standardised, and none is not recorded");
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void detectionLastKZeroIsAUsageError() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "detection", "--last-k", "0", "--out", out.toString());
        assertUsageError(r, "--last-k", "'0': must be at least 1");
        assertFalse(Files.exists(out));
    }

    @Test
    void experimentRecordsTheStandardisationItUsed() throws IOException {
        Path data = tmp.resolve("d.csv");
        StringBuilder b = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 120; i++) {
            b.append(1000 + (i * 37) % 91).append(',').append((i * 13) % 7).append(',').append(i % 2).append('\n');
        }
        Files.writeString(data, b.toString());
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "detection", "--data", "csv:" + data, "--model", "logreg",
                "--n-train", "60", "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "16",
                "--rates", "0.1", "--no-retrain", "-q", "--out", out.toString());
        assertEquals(0, r.exit(), r.all());
        assertEquals("z", new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("standardize").asText());
    }

    @Test
    void looSamplesBeyondTheTrainingSetAreRecordedAsUsed() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "correlation", "--data", "blobs:n=120,d=4", "--models", "logreg",
                "--n-train", "20", "--n-val", "10", "--n-test", "10", "--epochs", "2", "--batch", "8",
                "--loo-samples", "500", "--windows", "full", "--bootstrap", "50", "-q", "--out", out.toString());
        assertEquals(0, r.exit(), r.all());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals(20, config.get("loo_samples").asInt(), "all 20 training samples were used, not 500");
    }
}
