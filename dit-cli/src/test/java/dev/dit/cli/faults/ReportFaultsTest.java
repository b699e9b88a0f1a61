package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of {@code dit report}: each case asserts the exit code, that stderr names the problem
 * and the file or flag, and what is left on disk: no report directory, no staging directory
 * beside it, every input byte-identical.
 */
class ReportFaultsTest {
    @TempDir
    static Path inputs;
    static Path run;
    static Path ditG;
    static Path ditL;
    static Path looG;
    static Path looL;

    @TempDir
    Path work;
    Path out;
    Map<String, String> before;

    @BeforeAll
    static void trainInfluenceLoo() {
        run = inputs.resolve("run");
        ok(Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "logreg", "--n-train", "30", "--n-val", "20",
                "--n-test", "10", "--epochs", "2", "--batch", "10", "--lr", "0.3", "--corrupt", "0.1", "--seed", "1", "--quiet",
                "--out", run.toString()));
        ditG = influence(run, "global", "dit-G.csv");
        ditL = influence(run, "local", "dit-L.csv");
        looG = inputs.resolve("loo-G.csv");
        looL = inputs.resolve("loo-L.csv");
        ok(Cli.run("loo", "--run", run.toString(), "--windows", "epochs", "--definition", "global", "--samples", "6",
                "--threads", "1", "--quiet", "--out", looG.toString()));
        ok(Cli.run("loo", "--run", run.toString(), "--windows", "epochs", "--definition", "local", "--samples", "6",
                "--threads", "1", "--quiet", "--out", looL.toString()));
    }

    static Path influence(Path runDir, String definition, String name) {
        Path f = inputs.resolve(name);
        ok(Cli.run("influence", "--run", runDir.toString(), "--windows", "epochs", "--definition", definition, "--quiet",
                "--out", f.toString()));
        return f;
    }

    static void ok(Cli.Result r) {
        assertEquals(0, r.exit(), r.all());
    }

    @BeforeEach
    void snapshot() throws IOException {
        out = work.resolve("rep");
        before = digests(inputs);
    }

    Cli.Result report(String... args) {
        List<String> a = new ArrayList<>(List.of("report"));
        a.addAll(List.of(args));
        return Cli.run(a.toArray(String[]::new));
    }

    /** Exit code, the message (all of it in stderr, no stack trace), no report, no staging, inputs untouched. */
    void refused(Cli.Result r, int exit, String... message) throws IOException {
        assertEquals(exit, r.exit(), r.all());
        for (String m : message) {
            assertTrue(r.err().contains(m), "stderr lacks '" + m + "':\n" + r.all());
        }
        assertFalse(r.err().contains("\tat "), "stack trace on stderr:\n" + r.err());
        assertFalse(r.err().contains("Exception"), "exception name on stderr:\n" + r.err());
        assertFalse(Files.exists(out.resolve("report.html")), "a report was written");
        try (Stream<Path> s = Files.list(work)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".rep.")), "staging directory left behind");
        }
        assertEquals(before, digests(inputs), "an input changed");
    }

    @Test
    void aReportDirectoryAnotherDitIsWritingIsRefusedAtOnce() throws IOException {
        // What another dit process holds while it writes the same --out (see FileFaultsTest).
        Cli.Result r;
        try (java.nio.channels.FileChannel held = FileFaultsTest.holdLock(out)) {
            r = report("--run", run.toString(), "--influence", ditG.toString(), "--out", out.toString());
        }
        assertEquals(1, r.exit(), r.all());
        assertEquals(1, r.errLines().size(), r.all());
        assertTrue(r.err().contains("report directory " + out) && r.err().contains("another dit process"), r.all());
        assertFalse(Files.exists(out), "nothing written");
        assertEquals(List.of(".rep.lock"), FileFaultsTest.names(work), "only the lock file the test itself held");
        assertEquals(before, digests(inputs), "an input changed");
    }

    @Test
    void missingRunDirectory() throws IOException {
        Path none = work.resolve("no-such-run");
        refused(report("--run", none.toString(), "--influence", ditG.toString(), "--out", out.toString()), 1,
                "dit: error: run directory " + none, "does not exist");
        assertFalse(Files.exists(out));
    }

    @Test
    void runDirectoryWithoutItsManifest() throws IOException {
        Path half = work.resolve("half-run");
        Files.createDirectories(half);
        Files.copy(run.resolve("training-log.csv"), half.resolve("training-log.csv"));
        refused(report("--run", half.toString(), "--out", out.toString()), 1, "run.json", "incomplete");
        assertFalse(Files.exists(out));
    }

    @Test
    void influenceFileOfAnotherRun() throws IOException {
        Path other = inputs.resolve("other-run");
        // same model, sizes and steps, other data: only the fingerprint tells them apart
        ok(Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5,seed=9", "--model", "logreg", "--n-train", "30", "--n-val",
                "20", "--n-test", "10", "--epochs", "2", "--batch", "10", "--lr", "0.3", "--quiet", "--out",
                other.toString()));
        Path foreign = influence(other, "global", "other-dit-G.csv");
        before = digests(inputs);
        refused(report("--run", run.toString(), "--influence", foreign.toString(), "--out", out.toString()), 1,
                foreign.toString(), "computed on another run", "train_fingerprint");
    }

    @Test
    void influenceFileOfAnotherModel() throws IOException {
        Path edited = copyEdited(ditG, "edited-model.csv", "# model: logreg", "# model: mlp:8:tanh");
        refused(report("--run", run.toString(), "--influence", edited.toString(), "--out", out.toString()), 1,
                edited.toString(), "its model mlp:8:tanh differs from the run's logreg");
    }

    @Test
    void influenceFileOfAnotherLengthOfTraining() throws IOException {
        String steps = Files.readAllLines(ditG).stream().filter(l -> l.startsWith("# steps: ")).findFirst().orElseThrow();
        Path edited = copyEdited(ditG, "edited-steps.csv", steps + "\n", "# steps: 999\n");
        refused(report("--run", run.toString(), "--influence", edited.toString(), "--out", out.toString()), 1,
                edited.toString(), "it says steps 999, the run has " + steps.substring("# steps: ".length()));
    }

    @Test
    void truthOfADifferentDefinition() throws IOException {
        refused(report("--run", run.toString(), "--influence", ditG.toString(), "--truth", looL.toString(), "--out",
                out.toString()), 1, "--truth loo-L.csv (loo, local", "no --influence file of the same definition",
                "dit-G.csv (dit, global");
    }

    @Test
    void truthSharingNoWindowWithItsEstimate() throws IOException {
        Path full = inputs.resolve("dit-G-full.csv");
        ok(Cli.run("influence", "--run", run.toString(), "--windows", "full", "--definition", "global", "--quiet", "--out",
                full.toString()));
        before = digests(inputs);
        refused(report("--run", run.toString(), "--influence", full.toString(), "--truth", looG.toString(), "--out",
                out.toString()), 1, "loo-G.csv", "shares no window");
    }

    @Test
    void binaryInfluenceFile() throws IOException {
        Path junk = input("junk.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, '\n', 'x', '\n'});
        refused(report("--run", run.toString(), "--influence", junk.toString(), "--out", out.toString()), 1,
                "--influence " + junk + ": line 1: not a dit influence matrix");
    }

    @Test
    void truncatedInfluenceFile() throws IOException {
        String text = Files.readString(ditL, StandardCharsets.UTF_8);
        // cut inside the last number, as a killed writer would: "-0.00123" becomes "-0", which parses
        Path torn = input("torn.csv", text.substring(0, text.lastIndexOf(',') + 3).getBytes(StandardCharsets.UTF_8));
        refused(report("--run", run.toString(), "--influence", torn.toString(), "--out", out.toString()), 1,
                torn.toString(), "does not end with a newline", "truncated");
    }

    @Test
    void missingInfluenceFile() throws IOException {
        Path none = inputs.resolve("never-written.csv");
        refused(report("--run", run.toString(), "--influence", none.toString(), "--out", out.toString()), 1,
                "--influence " + none + ": no such file");
    }

    @Test
    void directoryGivenAsATruthFile() throws IOException {
        refused(report("--run", run.toString(), "--influence", ditG.toString(), "--truth", run.toString(), "--out",
                out.toString()), 1, "--truth " + run + ": not a regular file");
    }

    @Test
    void fileWithoutAFingerprint() throws IOException {
        Path bare = copyEdited(ditG, "bare.csv", "# train_fingerprint: ", "# was_a_fingerprint: ");
        refused(report("--run", run.toString(), "--influence", bare.toString(), "--out", out.toString()), 1,
                bare.toString(), "no 'train_fingerprint' header line");
    }

    @Test
    void sampleTheRunDoesNotHave() throws IOException {
        String text = Files.readString(ditG, StandardCharsets.UTF_8);
        int row = text.indexOf("\n0,") + 1;
        Path edited = input("sample-999.csv", (text.substring(0, row) + "999" + text.substring(row + 1))
                .getBytes(StandardCharsets.UTF_8));
        long line = text.substring(0, row).lines().count() + 1; // after the header lines (verdicts included)
        refused(report("--run", run.toString(), "--influence", edited.toString(), "--out", out.toString()), 1,
                edited.toString(), "line " + line + ": sample 999 is outside 0..29");
    }

    @Test
    void outInsideTheRun() throws IOException {
        out = run.resolve("report");
        List<String> runFiles = list(run);
        refused(report("--run", run.toString(), "--influence", ditG.toString(), "--out", out.toString()), 2,
                "--out " + out + " is inside the run directory");
        assertEquals(runFiles, list(run), "the run directory changed");
    }

    @Test
    void outHoldingTheRunEvenWithForce() throws IOException {
        out = inputs;
        refused(report("--run", run.toString(), "--influence", ditG.toString(), "--force", "--out", inputs.toString()), 2,
                "--out " + inputs + " holds the input " + run);
        assertTrue(Files.isRegularFile(run.resolve("run.json")));
    }

    @Test
    void outIsAFile() throws IOException {
        Path file = work.resolve("rep");
        Files.writeString(file, "not a directory");
        refused(report("--run", run.toString(), "--influence", ditG.toString(), "--out", file.toString()), 1,
                "report directory " + file + " exists and is not a directory");
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void outNotEmptyWithoutForce() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        refused(report("--run", run.toString(), "--influence", ditG.toString(), "--out", out.toString()), 1,
                "report directory " + out + " is not empty", "--force");
        assertEquals(List.of("notes.txt"), list(out));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void bootstrapBelowOne() throws IOException {
        refused(report("--run", run.toString(), "--influence", ditG.toString(), "--truth", looG.toString(), "--bootstrap",
                "0", "--out", out.toString()), 2, "--bootstrap must be >= 1, got 0");
        assertFalse(Files.exists(out));
    }

    /** A copy of {@code source} with one text replaced (which must occur); the new file counts as an input. */
    Path copyEdited(Path source, String name, String from, String to) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), source + " lacks " + from);
        return input(name, text.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes an input file for one case and takes it into the snapshot of inputs. */
    Path input(String name, byte[] content) throws IOException {
        Path f = inputs.resolve(name);
        Files.write(f, content);
        before = digests(inputs);
        return f;
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** SHA-256 of every file under {@code root}, by relative path. */
    static Map<String, String> digests(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    m.put(root.relativize(p).toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return m;
    }
}
