package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fault suite, optimizers: malformed {@code --optimizer} values in train and the experiments, a
 * damaged or mismatched optimizer in run.json, an Adam run that diverges. Every case checks the
 * exit code, the message and what is left on disk.
 */
class OptimizerFaultsTest {
    @TempDir
    Path tmp;

    private static String[] train(Path out, String... overrides) {
        List<String> a = new ArrayList<>(List.of("train", "--data", "blobs:n=120,d=4", "--model", "logreg",
                "--n-train", "60", "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "16",
                "--quiet", "--out", out.toString()));
        a.addAll(List.of(overrides));
        if (!a.contains("--lr")) {
            a.addAll(List.of("--lr", "0.01"));
        }
        return a.toArray(String[]::new);
    }

    private static String firstErrorLine(Cli.Result r) {
        return r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).findFirst().orElse("");
    }

    private static void assertNoTrace(Cli.Result r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.all());
    }

    @ParameterizedTest(name = "train --optimizer {0}")
    @CsvSource(delimiter = '|', value = {
        "rmsprop|unknown optimizer 'rmsprop'",
        "momentum|takes 1 value",
        "momentum:1.5|momentum must be in [0, 1)",
        "nesterov:0|nesterov momentum must be > 0",
        "adam:0.9,0.999,0|eps must be a positive number",
        "adam:0.9,abc|'abc' is not a number",
        "adamw:0.9,0.999,1e-8,-0.1|weight decay must be a finite number >= 0",
        "sgd:0.9|takes 0 values"})
    void trainRefusesABadOptimizerNamingTheFlag(String value, String problem) {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--optimizer", value));
        assertEquals(2, r.exit(), r.all());
        String first = firstErrorLine(r);
        assertTrue(first.contains("--optimizer") && first.contains(problem), r.all());
        assertNoTrace(r);
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void anExperimentRefusesABadOptimizerBeforeTraining() {
        Path out = tmp.resolve("corr");
        Cli.Result r = Cli.run("experiment", "correlation", "--data", "blobs:n=120,d=4", "--n-train", "40", "--n-val",
                "20", "--n-test", "20", "--epochs", "2", "--batch", "8", "--optimizer", "adagrad", "--quiet", "--out",
                out.toString());
        assertEquals(2, r.exit(), r.all());
        String first = firstErrorLine(r);
        assertTrue(first.contains("--optimizer") && first.contains("unknown optimizer 'adagrad'")
                && first.contains("adam[:B1,B2,EPS]"), r.all());
        assertNoTrace(r);
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void aDivergingAdamRunIsRefusedAndWritesNothing() {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(train(out, "--optimizer", "adam", "--lr", "1e6", "--lr-decay", "constant"));
        assertEquals(1, r.exit(), r.all());
        assertTrue(firstErrorLine(r).startsWith("dit: error: training diverged in epoch 1 of 2"), r.all());
        assertTrue(r.err().contains("Lower --lr"), r.all());
        assertNoTrace(r);
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void aDamagedOptimizerInRunJsonIsNamed() throws IOException {
        Path run = trainedRun();
        Path json = run.resolve("run.json");
        String text = Files.readString(json, StandardCharsets.UTF_8).replace("\"momentum:0.9\"", "\"momentum:2\"");
        Files.writeString(json, text, StandardCharsets.UTF_8);
        Path out = tmp.resolve("inf.csv");
        Cli.Result r = Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet", "--out",
                out.toString());
        assertEquals(1, r.exit(), r.all());
        String first = firstErrorLine(r);
        assertTrue(first.contains("run.json") && first.contains("training.optimizer")
                && first.contains("momentum must be in [0, 1)"), r.all());
        assertNoTrace(r);
        assertFalse(Files.exists(out), "no influence file");
        assertEquals(text, Files.readString(json, StandardCharsets.UTF_8), "the input is untouched");
    }

    @Test
    void anOptimizerInRunJsonThatDisagreesWithTheTrajectoryIsNamed() throws IOException {
        Path run = trainedRun();
        Path json = run.resolve("run.json");
        String text = Files.readString(json, StandardCharsets.UTF_8).replace("\"momentum:0.9\"", "\"nesterov:0.9\"");
        Files.writeString(json, text, StandardCharsets.UTF_8);
        Path out = tmp.resolve("inf.csv");
        Cli.Result r = Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet", "--out",
                out.toString());
        assertEquals(1, r.exit(), r.all());
        String first = firstErrorLine(r);
        assertTrue(first.contains("training.optimizer") && first.contains("nesterov:0.9")
                && first.contains("momentum:0.9"), r.all());
        assertNoTrace(r);
        assertFalse(Files.exists(out), "no influence file");
    }

    @Test
    void adamPreconditionedTracInOnANonAdamRunIsRefused() throws IOException {
        Path run = trainedRun();
        Path out = tmp.resolve("inf.csv");
        Cli.Result r = Cli.run("influence", "--run", run.toString(), "--definition", "global", "--method",
                "tracin-adam", "--quiet", "--out", out.toString());
        assertEquals(1, r.exit(), r.all());
        assertTrue(firstErrorLine(r).contains("method tracin-adam needs a run trained with adam or adamw;"
                + " this run used momentum:0.9"), r.all());
        assertNoTrace(r);
        assertFalse(Files.exists(out), "no influence file");
    }

    private Path trainedRun() {
        Path run = tmp.resolve("good");
        Cli.Result r = Cli.run(train(run, "--optimizer", "momentum:0.9", "--checkpoint-every", "3"));
        assertEquals(0, r.exit(), r.all());
        return run;
    }
}
