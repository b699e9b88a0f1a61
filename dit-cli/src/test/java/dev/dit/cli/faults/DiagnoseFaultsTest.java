package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of {@code dit diagnose}: each case asserts the exit code, one {@code dit: error:} line
 * naming the problem and the flag or file, and what is left on disk: no diagnostics file (neither
 * the default one in the run directory nor the one asked for), no {@code .tmp} or lock left
 * behind, and every file of the run byte-identical.
 */
class DiagnoseFaultsTest {
    @TempDir
    static Path inputs;
    static Path run;

    @TempDir
    Path work;
    Path out;
    Map<String, String> before;

    @BeforeAll
    static void train() {
        run = inputs.resolve("run");
        Cli.Result r = Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "logreg", "--n-train", "30",
                "--n-val", "20", "--n-test", "10", "--epochs", "2", "--batch", "10", "--lr", "0.3", "--seed", "1", "--quiet",
                "--out", run.toString());
        assertEquals(0, r.exit(), r.all());
    }

    @BeforeEach
    void snapshot() throws IOException {
        out = work.resolve("diag.json");
        before = FileFaultsTest.snapshot(inputs);
    }

    static Cli.Result diagnose(String... args) {
        List<String> a = new ArrayList<>(List.of("diagnose"));
        a.addAll(List.of(args));
        return Cli.run(a.toArray(String[]::new));
    }

    /** Exit code, one error line holding every part, no output anywhere, no leftovers, inputs untouched. */
    void refused(Cli.Result r, int exit, String... parts) throws IOException {
        assertEquals(exit, r.exit(), r.all());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), "one line on stderr:\n" + r.all());
        assertTrue(lines.get(0).startsWith("dit: error: "), r.all());
        for (String p : parts) {
            assertTrue(lines.get(0).contains(p), "stderr lacks '" + p + "':\n" + r.all());
        }
        assertFalse(r.err().contains("Exception"), r.all());
        assertFalse(Files.exists(out), "an output file was written");
        assertFalse(Files.exists(run.resolve("diagnostics.json")), "the default output was written");
        for (Path dir : List.of(work, run)) {
            try (Stream<Path> s = Files.list(dir)) {
                List<String> left = s.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".tmp") || n.endsWith(".lock")).toList();
                assertTrue(left.isEmpty(), "left behind in " + dir + ": " + left);
            }
        }
        assertEquals(before, FileFaultsTest.snapshot(inputs), "an input changed");
    }

    @Test
    void missingRunDirectory() throws IOException {
        Path none = work.resolve("no-such-run");
        refused(diagnose("--run", none.toString()), 1, "run directory " + none, "does not exist");
        assertFalse(Files.exists(none), "the missing run directory was created");
    }

    @Test
    void runDirectoryWithoutItsManifest() throws IOException {
        Path half = work.resolve("half-run");
        Files.createDirectories(half);
        Files.copy(run.resolve("training-log.csv"), half.resolve("training-log.csv"));
        refused(diagnose("--run", half.toString()), 1, "run.json", "incomplete");
        assertFalse(Files.exists(half.resolve("diagnostics.json")));
    }

    @Test
    void damagedTrajectory() throws IOException {
        Path copy = work.resolve("damaged");
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.toList()) {
                Files.copy(p, copy.resolve(run.relativize(p).toString()));
            }
        }
        byte[] b = Files.readAllBytes(copy.resolve("trajectory.dit"));
        b[b.length / 2] ^= 1;
        Files.write(copy.resolve("trajectory.dit"), b);
        refused(diagnose("--run", copy.toString()), 1, "trajectory.dit");
        assertFalse(Files.exists(copy.resolve("diagnostics.json")));
    }

    @Test
    void missingRunFlag() throws IOException {
        refused(diagnose("--out", out.toString()), 2, "--run");
    }

    @Test
    void unknownFlag() throws IOException {
        refused(diagnose("--run", run.toString(), "--eigen", "3"), 2, "--eigen");
    }

    @Test
    void everyZero() throws IOException {
        refused(diagnose("--run", run.toString(), "--every", "0", "--out", out.toString()), 2, "--every", "0");
    }

    @Test
    void everyNotANumber() throws IOException {
        refused(diagnose("--run", run.toString(), "--every", "ten", "--out", out.toString()), 2, "--every", "ten");
    }

    @Test
    void topZero() throws IOException {
        refused(diagnose("--run", run.toString(), "--top", "0", "--out", out.toString()), 2, "--top");
    }

    @Test
    void topAboveTheLanczosIterations() throws IOException {
        refused(diagnose("--run", run.toString(), "--top", "5", "--lanczos-iterations", "3", "--out", out.toString()), 2,
                "--top '5'", "--lanczos-iterations 3");
    }

    @Test
    void gainIterationsNegative() throws IOException {
        refused(diagnose("--run", run.toString(), "--gain-iterations", "-1", "--out", out.toString()), 2,
                "--gain-iterations");
    }

    @Test
    void unknownWindow() throws IOException {
        refused(diagnose("--run", run.toString(), "--windows", "epochs,sideways", "--out", out.toString()), 2,
                "--windows", "sideways");
    }

    @Test
    void windowBeyondTheRun() throws IOException {
        // 2 epochs of 3 batches: T = 6
        refused(diagnose("--run", run.toString(), "--windows", "2:60", "--out", out.toString()), 2, "--windows", "2:60");
    }

    @Test
    void outputOverTheTrajectory() throws IOException {
        refused(diagnose("--run", run.toString(), "--out", run.resolve("trajectory.dit").toString()), 1,
                "would overwrite a file of the run directory");
    }

    @Test
    void outputOverTheManifest() throws IOException {
        refused(diagnose("--run", run.toString(), "--out", run.resolve("run.json").toString()), 1,
                "would overwrite a file of the run directory");
    }

    @Test
    void outputIntoTheDataDirectory() throws IOException {
        refused(diagnose("--run", run.toString(), "--out", run.resolve("data").resolve("d.json").toString()), 1,
                "would overwrite a file of the run directory");
    }

    @Test
    void outputIsADirectory() throws IOException {
        refused(diagnose("--run", run.toString(), "--out", work.toString()), 1, "--out", "is a directory");
    }

    @Test
    void outputUnderARegularFile() throws IOException {
        Path file = work.resolve("plain");
        Files.writeString(file, "x");
        Path under = file.resolve("d.json");
        refused(diagnose("--run", run.toString(), "--out", under.toString()), 1, "--out " + under, "is a file, not a directory");
        assertEquals("x", Files.readString(file), "the file in the way is untouched");
    }
}
