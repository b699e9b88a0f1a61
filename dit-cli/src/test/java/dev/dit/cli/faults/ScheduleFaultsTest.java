package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fault suite, learning-rate schedules ({@code --lr-decay}): malformed specs, a warm-up longer than
 * the run, and a run directory whose recorded schedule was edited. Every case checks the exit code,
 * the message (flag or file and field, and the value) and what is left on disk.
 */
class ScheduleFaultsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String[] train(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", "blobs:n=120,d=4", "--model", "logreg",
                "--n-train", "30", "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "8", "--lr", "0.1",
                "--quiet", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /** Exit 2 and a first line that says it all (picocli may not add more: one line). */
    private static void assertUsageError(Cli.Result r, String... parts) {
        assertEquals(2, r.exit(), r.all());
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).toList();
        assertEquals(1, lines.size(), r.all());
        assertTrue(lines.get(0).startsWith("dit: error: "), r.all());
        for (String p : parts) {
            assertTrue(lines.get(0).contains(p), "'" + p + "' not in:\n" + r.all());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.all());
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")
                    || p.getFileName().toString().startsWith(".")), "no temporary or staging files left in " + tmp);
        }
    }

    // ---- malformed specs: refused while parsing, before anything is loaded or written ----

    @ParameterizedTest(name = "--lr-decay ''{0}''")
    @CsvSource(delimiter = '|', value = {
        "linear|unknown learning-rate schedule 'linear' (expected constant, sqrt, step:E,GAMMA, cosine, or warmup:K",
        "step:2|step:E,GAMMA needs an epoch count E and a factor GAMMA, e.g. step:10,0.5",
        "step:0,0.5|step:E,GAMMA needs E >= 1 epochs (an integer), got '0'",
        "step:2,1.5|step:E,GAMMA needs a factor GAMMA in (0, 1], got 1.5",
        "step:2,half|step:E,GAMMA needs a number GAMMA, got 'half'",
        "cosine:5|cosine takes no parameters (it anneals over the whole run)",
        "warmup:0,cosine|warmup:K needs K >= 1 steps (an integer), got '0'",
        "warmup:3,warmup:2,cosine|only one warmup:K is allowed, at the start",
        "warmup:3,|warmup:K, needs a schedule after the comma, e.g. warmup:3,cosine",
        "warmup:2.5,cosine|warmup:K needs K >= 1 steps (an integer), got '2.5'"
    })
    void malformedSpecIsAUsageErrorNamingTheFlagAndTheValue(String spec, String why) throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--lr-decay", spec));
        assertUsageError(r, "--lr-decay '" + spec + "': " + why, "see 'dit train --help'");
        assertFalse(Files.exists(out), "no run directory");
        assertNoTemporaryFiles();
    }

    @Test
    void emptySpecIsAUsageError() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--lr-decay", " "));
        assertUsageError(r, "--lr-decay ' ': empty learning-rate schedule (expected constant, sqrt");
        assertFalse(Files.exists(out));
        assertNoTemporaryFiles();
    }

    @Test
    void malformedSpecOfAnExperimentIsAUsageError() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "correlation", "--data", "blobs:n=120,d=4", "--models", "logreg",
                "--n-train", "30", "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "8",
                "--lr-decay", "step:two,0.5", "-q", "--out", out.toString());
        assertUsageError(r, "--lr-decay 'step:two,0.5': step:E,GAMMA needs E >= 1 epochs (an integer), got 'two'");
        assertFalse(Files.exists(out));
        assertNoTemporaryFiles();
    }

    @Test
    void malformedSpecUnderTheOldFlagNameIsNamedByThatFlag() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "correlation", "--data", "blobs:n=120,d=4", "--models", "logreg",
                "--n-train", "30", "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "8",
                "--decay", "exp", "-q", "--out", out.toString());
        assertUsageError(r, "--decay 'exp': unknown learning-rate schedule 'exp'");
        assertFalse(Files.exists(out));
    }

    // ---- a warm-up longer than the run: only the data tells, still a usage error ----

    @Test
    void warmupLongerThanTheRunIsAUsageErrorSayingKCountsSteps() throws IOException {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--lr-decay", "warmup:9,cosine")); // 2 epochs × 4 batches = 8 steps
        assertUsageError(r, "--lr-decay 'warmup:9,cosine': the warm-up of 9 steps is longer than the run (8 steps);"
                + " K counts optimizer steps, not epochs");
        assertFalse(Files.exists(out), "no run directory");
        assertNoTemporaryFiles();
    }

    @Test
    void warmupLongerThanTheRunLeavesAnEmptyOutputDirectoryEmpty() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("empty"));
        Cli.Result r = Cli.run(train(out, "--lr-decay", "warmup:100"));
        assertUsageError(r, "--lr-decay 'warmup:100': the warm-up of 100 steps is longer than the run (8 steps)");
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count(), "nothing written into " + out);
        }
    }

    @Test
    void warmupLongerThanTheRunLeavesAnEarlierRunUntouchedUnderForce() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(0, Cli.run(train(out)).exit());
        byte[] before = Files.readAllBytes(out.resolve("trajectory.dit"));
        Cli.Result r = Cli.run(train(out, "--force", "--lr-decay", "warmup:50,step:1,0.5"));
        assertUsageError(r, "--lr-decay 'warmup:50,step:1,0.5': the warm-up of 50 steps is longer than the run");
        assertArrayEquals(before, Files.readAllBytes(out.resolve("trajectory.dit")), "the earlier run is kept");
        assertNoTemporaryFiles();
    }

    @Test
    void warmupLongerThanAnExperimentsRunsIsAUsageError() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "correlation", "--data", "blobs:n=120,d=4", "--models", "logreg",
                "--n-train", "30", "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "8",
                "--lr-decay", "warmup:20", "-q", "--out", out.toString());
        assertUsageError(r, "--lr-decay 'warmup:20': the warm-up of 20 steps is longer than the run (8 steps)");
        assertFalse(Files.exists(out));
    }

    // ---- a run directory whose recorded schedule was edited ----

    private void editedScheduleIsRefused(String trainedWith, String editedTo, String... words) throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, Cli.run(train(run, "--lr-decay", trainedWith)).exit());
        Path mf = run.resolve("run.json");
        ObjectNode root = (ObjectNode) MAPPER.readTree(mf.toFile());
        ((ObjectNode) root.get("training")).put("lrDecay", editedTo);
        Files.writeString(mf, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        byte[] before = Files.readAllBytes(mf);
        Path out = tmp.resolve("influence.csv");
        Cli.Result r = Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet",
                "--out", out.toString());
        assertEquals(1, r.exit(), r.all());
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).toList();
        assertEquals(1, lines.size(), r.all());
        assertTrue(lines.get(0).startsWith("dit: error: run directory " + run + ": run.json: field 'training.lrDecay'"),
                r.all());
        for (String w : words) {
            assertTrue(lines.get(0).contains(w), "'" + w + "' not in:\n" + r.all());
        }
        assertFalse(Files.exists(out), "no influence file");
        assertArrayEquals(before, Files.readAllBytes(mf), "the run is left untouched");
        assertNoTemporaryFiles();
    }

    @Test
    void editedMalformedScheduleIsRefused() throws IOException {
        editedScheduleIsRefused("cosine", "cosine:5", "is \"cosine:5\": unknown learning-rate schedule 'cosine:5'");
    }

    @Test
    void editedScheduleInAnotherSpellingIsRefused() throws IOException {
        editedScheduleIsRefused("warmup:3,step:1,0.5", "warmup:3,step:1,.5",
                "'warmup:3,step:1,.5' is not in canonical form (expected 'warmup:3,step:1,0.5')");
    }

    @Test
    void editedScheduleThatIsValidButNotTheOneTrainedWithIsRefused() throws IOException {
        editedScheduleIsRefused("warmup:3,cosine", "cosine", "is cosine",
                "trajectory.dit was recorded with warmup:3,cosine");
    }
}
