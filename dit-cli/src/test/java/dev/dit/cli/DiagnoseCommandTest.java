package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.cli.faults.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dit diagnose} on tiny runs: what it writes, where, and that the run stays usable. */
class DiagnoseCommandTest {
    @TempDir
    static Path dir;
    static Path stable;
    static Path unstable;

    static Path train(String name, String lr) {
        Path run = dir.resolve(name);
        Cli.Result r = Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "logreg", "--n-train", "30",
                "--n-val", "20", "--n-test", "10", "--epochs", "3", "--batch", "10", "--lr", lr, "--lr-decay", "constant",
                "--seed", "1", "--quiet", "--out", run.toString());
        assertEquals(0, r.exit(), r.all());
        return run;
    }

    @BeforeAll
    static void runs() {
        stable = train("stable", "0.1");
        unstable = train("unstable", "60");
    }

    @Test
    void writesDiagnosticsIntoTheRunDirectoryAndTheRunStaysUsable() throws IOException {
        byte[] manifest = Files.readAllBytes(stable.resolve("run.json"));
        Cli.Result r = Cli.run("diagnose", "--run", stable.toString(), "--every", "2", "--windows", "epochs,full");
        assertEquals(0, r.exit(), r.all());
        Path f = stable.resolve("diagnostics.json");
        JsonNode j = Json.MAPPER.readTree(f.toFile());
        assertEquals("dit-diagnostics/1", j.get("format").asText());
        assertEquals(9, j.get("steps").asInt());
        assertEquals(3, j.get("epochs").size());
        assertEquals(4, j.get("windows").size());
        assertEquals("full", j.get("windows").get(3).get("window").asText());
        // steps 0, 2, 4, 6, 8 and the epochs' last steps 2, 5, 8
        int[] steps = new int[j.get("curvature").size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = j.get("curvature").get(i).get("step").asInt();
        }
        assertArrayEquals(new int[] {0, 2, 4, 5, 6, 8}, steps);
        assertEquals(0, j.get("unstable_steps").size());
        assertTrue(j.get("max_eta_lambda_max").asDouble() < 2);
        assertTrue(r.out().contains("no examined step has eta*lambda_max > 2"), r.out());
        assertTrue(r.out().contains("window gain"), r.out());
        assertTrue(r.out().contains("provisional thresholds, not calibrated"), r.out());
        for (JsonNode w : j.get("windows")) {
            assertTrue(w.get("verdict").asText().matches("reliable|doubtful|unreliable"), w.toString());
            assertTrue(w.get("reasons").size() >= 2, "a gain reason and a curvature reason: " + w);
        }
        assertEquals(2.0, j.get("settings").get("verdict_gain_doubtful").asDouble());
        assertArrayEquals(manifest, Files.readAllBytes(stable.resolve("run.json")), "run.json changed");
        // The new file does not upset the run directory's own checks.
        Cli.Result inf = Cli.run("influence", "--run", stable.toString(), "--definition", "local", "--quiet", "--out",
                dir.resolve("inf.csv").toString());
        assertEquals(0, inf.exit(), inf.all());
    }

    @Test
    void unstableRunListsItsUnstableSteps() throws IOException {
        Path out = dir.resolve("unstable.json");
        Cli.Result r = Cli.run("diagnose", "--run", unstable.toString(), "--every", "1", "--windows", "first",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("dit: diagnostics of 9 steps and 1 window(s) -> " + out), r.err());
        byte[] written = Files.readAllBytes(out);
        Cli.Result quiet = Cli.run("diagnose", "--run", unstable.toString(), "--every", "1", "--windows", "first",
                "--quiet", "--out", out.toString());
        assertEquals(0, quiet.exit(), quiet.all());
        assertEquals("", quiet.out() + quiet.err(), "--quiet: the summary and the information line are dropped");
        assertArrayEquals(written, Files.readAllBytes(out), "the same JSON, replaced whole");
        JsonNode j = Json.MAPPER.readTree(out.toFile());
        assertTrue(j.get("unstable_steps").size() > 0, j.toString());
        assertEquals(0, j.get("unstable_steps").get(0).asInt(), "lr 60 on logreg is unstable from the first step");
        assertTrue(j.get("max_eta_lambda_max").asDouble() > 2);
        assertTrue(r.out().contains("eta*lambda_max > 2 at "), r.out());
        assertTrue(j.get("windows").get(0).get("log10_gain").asDouble() > 0, "the first epoch amplifies");
        JsonNode first = j.get("windows").get(0);
        assertTrue(first.get("verdict").asText().matches("doubtful|unreliable"), first.toString());
        assertTrue(first.get("verdict_provisional").asBoolean());
        assertTrue(first.get("reasons").toString().contains("> 2 at "), "names the unstable steps: " + first);
        assertFalse(Files.exists(unstable.resolve("diagnostics.json")), "--out given: nothing in the run directory");
    }

    @Test
    void jsonToStandardOutputIsTheWholeOutputAndDeterministic() throws IOException {
        Cli.Result a = Cli.run("diagnose", "--run", stable.toString(), "--out", "-", "--quiet");
        Cli.Result b = Cli.run("diagnose", "--run", stable.toString(), "--out", "-");
        assertEquals(0, a.exit(), a.all());
        assertEquals(0, b.exit(), b.all());
        assertEquals(a.out(), b.out(), "same run and seed, same bytes");
        JsonNode j = Json.MAPPER.readTree(a.out());
        assertEquals(64, j.get("run_manifest_sha256").asText().length());
        assertTrue(b.err().contains("max eta*lambda"), "the summary goes to stderr: " + b.err());
        assertEquals("", a.err());
    }

    @Test
    void momentumAndAdamRunsAreDiagnosedWithTheirOwnLimitsAndStepMaps() throws IOException {
        for (String[] c : new String[][] {{"momentum:0.9", "3.8", "H + alpha I"}, {"adam", "38", "D (H + alpha I)"}}) {
            Path run = dir.resolve("opt-" + c[0].replace(':', '-'));
            Cli.Result t = Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "logreg", "--n-train",
                    "30", "--n-val", "20", "--n-test", "10", "--epochs", "2", "--batch", "10", "--lr", "0.05",
                    "--optimizer", c[0], "--seed", "1", "--quiet", "--out", run.toString());
            assertEquals(0, t.exit(), t.all());
            Cli.Result r = Cli.run("diagnose", "--run", run.toString(), "--every", "2", "--windows", "epochs");
            assertEquals(0, r.exit(), r.all());
            JsonNode j = Json.MAPPER.readTree(run.resolve("diagnostics.json").toFile());
            assertTrue(j.get("optimizer").asText().startsWith(c[0].startsWith("adam") ? "adam:0.9,0.999," : c[0]), j.get("optimizer").asText());
            assertEquals(Double.parseDouble(c[1]), j.get("stability_limit").asDouble(), 1e-12);
            assertEquals(c[2], j.get("stability_matrix").asText());
            assertTrue(r.out().contains("eta*lambda_max(" + c[2] + ") < " + c[1]), r.out());
            assertTrue(r.out().contains("linearised state map of " + c[0].split(":")[0]), r.out());
            for (JsonNode w : j.get("windows")) {
                assertTrue(Double.isFinite(w.get("log10_gain").asDouble()), w.toString());
            }
        }
    }
}
