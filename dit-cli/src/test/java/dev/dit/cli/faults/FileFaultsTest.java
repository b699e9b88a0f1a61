package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.io.PartialRows;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults around files: interrupted and resumed leave-one-out, concurrent writers, outputs that
 * would destroy inputs, report directories, influence CSVs that do not belong together or are
 * malformed, and resource problems (paths that cannot be written, a full disk). Every case checks
 * the exit code, the one-line message and what is left on disk.
 */
class FileFaultsTest {
    @TempDir
    static Path shared;
    static Path run;
    static Path otherRun;
    /** An uninterrupted leave-one-out file with the {@link #LOO} settings. */
    static Path looReference;

    static final String[] LOO = {"--windows", "first,last,full", "--definition", "local", "--samples", "all"};

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainRuns() {
        run = shared.resolve("run");
        otherRun = shared.resolve("other");
        train(run, "3");
        train(otherRun, "4");
        looReference = shared.resolve("loo-ref.csv");
        ok(loo(run, looReference, "--threads", "1"));
    }

    static void train(Path dir, String seed) {
        ok(Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "40", "--n-val", "20",
                "--n-test", "20", "--epochs", "2", "--batch", "8", "--lr", "0.1", "--seed", seed, "-q", "--out", dir.toString()));
    }

    static Cli.Result loo(Path runDir, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("loo", "--run", runDir.toString()));
        a.addAll(List.of(LOO));
        for (int k = 0; k < extra.length; k += 2) { // an extra flag replaces the default one
            int i = a.indexOf(extra[k]);
            if (i >= 0) {
                a.set(i + 1, extra[k + 1]);
            } else {
                a.addAll(List.of(extra[k], extra[k + 1]));
            }
        }
        a.addAll(List.of("--out", out.toString()));
        return Cli.run(a.toArray(String[]::new));
    }

    static Cli.Result ok(Cli.Result r) {
        assertEquals(0, r.exit(), r.all());
        return r;
    }

    /** A failed run: exit 1 and exactly one line on stderr, containing every {@code parts}. */
    static String fails(Cli.Result r, String... parts) {
        assertEquals(1, r.exit(), r.all());
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("dit: resuming")).toList();
        assertEquals(1, lines.size(), r.all());
        String line = lines.get(0);
        assertTrue(line.startsWith("dit: error: "), r.all());
        for (String p : parts) {
            assertTrue(line.contains(p), "expected '" + p + "' in: " + line);
        }
        return line;
    }

    /** Names and contents of every file under {@code dir}, to show that nothing changed. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String header(Path csv) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String l : Files.readAllLines(csv)) {
            b.append(l).append('\n');
            if (l.startsWith("sample,")) {
                break;
            }
        }
        return b.toString();
    }

    static List<String> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().dropWhile(l -> !l.startsWith("sample,")).skip(1).toList();
    }

    // ---- 1. interrupted and resumed leave-one-out ----

    @Test
    void looTornLastNumberIsDroppedAndTheResumedFileIsByteIdentical() throws IOException {
        // What a full disk left behind: 12 rows, then a 13th cut in its last number ("-0.0" of "-0.00114").
        List<String> rows = rows(looReference);
        String torn = rows.get(12).substring(0, rows.get(12).length() - 3);
        assertTrue(Double.isFinite(Double.parseDouble(torn.substring(torn.lastIndexOf(',') + 1))), "the cut still parses");
        Path out = tmp.resolve("loo.csv");
        Files.writeString(PartialRows.partialOf(out), header(looReference) + String.join("\n", rows.subList(0, 12)) + "\n" + torn);
        Cli.Result r = ok(loo(run, out, "--threads", "2"));
        assertTrue(r.err().contains("resuming: 12 of 40"), r.all());
        assertEquals(Files.readString(looReference), Files.readString(out));
        assertFalse(Files.exists(PartialRows.partialOf(out)));
        assertEquals(List.of("loo.csv"), names(tmp));
    }

    @Test
    void looPartialKilledInsideItsHeaderStartsOver() throws IOException {
        Path out = tmp.resolve("loo.csv");
        String h = header(looReference);
        Files.writeString(PartialRows.partialOf(out), h.substring(0, h.length() / 2));
        ok(loo(run, out));
        assertEquals(Files.readString(looReference), Files.readString(out));
        assertEquals(List.of("loo.csv"), names(tmp));
    }

    @ParameterizedTest(name = "partial from other {0}")
    @CsvSource(delimiter = '|', value = {
        "windows|--windows|first,full|# windows:",
        "definition|--definition|global|# definition:",
        "query|--query|test-loss:2|# query:",
        "samples|--samples|7|# samples:"})
    void looRefusesAPartialFileWrittenWithOtherArguments(String what, String flag, String value, String line) throws IOException {
        Path out = tmp.resolve("loo.csv");
        String partial = header(looReference) + rows(looReference).get(0) + "\n";
        Files.writeString(PartialRows.partialOf(out), partial);
        List<String> a = new ArrayList<>(List.of("loo", "--run", run.toString()));
        a.addAll(List.of(LOO));
        int i = a.indexOf(flag);
        if (i >= 0) {
            a.set(i + 1, value);
        } else {
            a.addAll(List.of(flag, value));
        }
        a.addAll(List.of("--out", out.toString()));
        fails(Cli.run(a.toArray(String[]::new)), PartialRows.partialOf(out).toString(), "other settings", line, "delete it");
        assertEquals(partial, Files.readString(PartialRows.partialOf(out)), "the partial file is kept as it was");
        assertFalse(Files.exists(out));
    }

    @Test
    void looRefusesAPartialFileOfAnotherRun() throws IOException {
        Path out = tmp.resolve("loo.csv");
        String partial = header(looReference) + rows(looReference).get(0) + "\n";
        Files.writeString(PartialRows.partialOf(out), partial);
        fails(loo(otherRun, out), PartialRows.partialOf(out).toString(), "other settings", "# run:");
        assertEquals(partial, Files.readString(PartialRows.partialOf(out)));
        assertFalse(Files.exists(out));
    }

    @Test
    void looRefusesAPartialFileWithADuplicateRowNamingTheLine() throws IOException {
        Path out = tmp.resolve("loo.csv");
        String h = header(looReference);
        String row = rows(looReference).get(3);
        Files.writeString(PartialRows.partialOf(out), h + row + "\n" + row + "\n");
        int line = (int) h.lines().count() + 2;
        fails(loo(run, out), PartialRows.partialOf(out) + ": line " + line, "appears twice");
        assertFalse(Files.exists(out));
    }

    // ---- 2. one writer per output ----

    /** Holds the lock another dit process would hold on {@code target}. */
    static FileChannel holdLock(Path target) throws IOException {
        Path lock = target.getParent().toRealPath().resolve("." + target.getFileName() + ".lock");
        FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.lock();
        return ch;
    }

    @Test
    void trainOnADirectoryAnotherDitIsWritingFailsAtOnce() throws IOException {
        Path out = tmp.resolve("run");
        try (FileChannel held = holdLock(out)) {
            String line = fails(Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "40",
                    "--epochs", "2", "--batch", "8", "--lr", "0.1", "-q", "--out", out.toString()),
                    "run directory " + out, "another dit process");
            assertTrue(line.contains("--out"), line);
        }
        assertFalse(Files.exists(out));
        assertEquals(List.of(".run.lock"), names(tmp), "only the lock file the test itself held");
    }

    @Test
    void looOnAnOutputAnotherDitIsWritingFailsAndLeavesItsPartialAlone() throws IOException {
        Path out = tmp.resolve("loo.csv");
        String partial = header(looReference) + rows(looReference).get(0) + "\n";
        Files.writeString(PartialRows.partialOf(out), partial);
        try (FileChannel held = holdLock(out)) {
            fails(loo(run, out), out.toString(), "another dit process");
        }
        assertEquals(partial, Files.readString(PartialRows.partialOf(out)));
        assertFalse(Files.exists(out));
    }

    @Test
    void demoOnADirectoryAnotherDitIsWritingFailsAtOnce() throws IOException {
        Path out = tmp.resolve("demo");
        try (FileChannel held = holdLock(out)) {
            fails(Cli.run("demo", "--quick", "--data", "blobs:n=200,d=4", "-q", "--out", out.toString()),
                    "output directory " + out, "another dit process");
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void aLockFileLeftByAKilledRunIsHarmlessAndRemoved() throws IOException {
        Path out = tmp.resolve("run");
        Files.writeString(tmp.resolve(".run.lock"), "12345 left by kill -9\n");
        Files.createDirectories(tmp.resolve(".run.staging-123/data"));
        Files.writeString(tmp.resolve(".run.staging-123/trajectory.dit"), "half");
        train(out, "3");
        assertEquals(List.of("run"), names(tmp), "the stale lock file and staging directory are gone");
        assertEquals(snapshot(run), snapshot(out), "same arguments, same bytes");
    }

    // ---- 3. outputs that would destroy inputs ----

    @ParameterizedTest(name = "influence --out {0}")
    @CsvSource({"trajectory.dit", "run.json", "data/train.ds", "data/new.csv", "corrupted.csv", "training-log.csv",
        "data/../run.json", "."})
    void influenceRefusesAnOutputThatWouldReplaceTheRunItReads(String rel) throws IOException {
        Map<String, String> before = snapshot(run);
        Path out = Path.of(run + "/" + rel);
        fails(Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet", "--out", out.toString()),
                "--out " + out, "run directory " + run);
        assertEquals(before, snapshot(run), "the run is untouched");
    }

    @Test
    void influenceRefusesARunFileReachedThroughASymlink() throws IOException {
        Map<String, String> before = snapshot(run);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), run);
        fails(Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet", "--out",
                link.resolve("trajectory.dit").toString()), "would overwrite a file of the run directory");
        assertEquals(before, snapshot(run));
    }

    @Test
    void looRefusesAnOutputOverTheTrajectory() throws IOException {
        Map<String, String> before = snapshot(run);
        fails(loo(run, run.resolve("trajectory.dit")), "--out " + run.resolve("trajectory.dit"), "run directory");
        assertEquals(before, snapshot(run));
        assertFalse(Files.exists(PartialRows.partialOf(run.resolve("trajectory.dit"))));
    }

    @Test
    void aNewFileInsideTheRunDirectoryIsFine() throws IOException {
        Path copy = tmp.resolve("run");
        copyTree(run, copy);
        Path out = copy.resolve("dit-L.csv");
        ok(Cli.run("influence", "--run", copy.toString(), "--definition", "local", "--quiet", "--out", out.toString()));
        assertTrue(rows(out).size() == 40);
        try (LoadedRun r = RunDirectory.read(copy)) {
            assertEquals(40, r.run().n(), "the run still loads");
        }
    }

    @Test
    void agreeRefusesAJsonOutputOverItsOwnInput() throws IOException {
        Path truth = tmp.resolve("truth.csv");
        Files.copy(looReference, truth);
        byte[] before = Files.readAllBytes(truth);
        fails(Cli.run("agree", "--estimate", looReference.toString(), "--truth", truth.toString(), "--json",
                tmp.resolve("x/../truth.csv").toString()), "--json", "same file as --truth " + truth);
        assertArrayEquals(before, Files.readAllBytes(truth));
    }

    @Test
    void exportRefusesTheRunDirectoryItself() throws IOException {
        Map<String, String> before = snapshot(run);
        fails(Cli.run("export", "--run", run.toString(), "--out", run + "/data/..", "--force", "-q"),
                "is the run directory " + run + " itself");
        assertEquals(before, snapshot(run));
    }

    // ---- 4. output directories written as a whole ----

    @Test
    void trainForceReplacesOnlyAnEarlierRun() throws IOException {
        Path out = tmp.resolve("notes");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.tex"), "mine");
        fails(Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "40", "--epochs", "2",
                "--batch", "8", "--lr", "0.1", "-q", "--force", "--out", out.toString()),
                "run directory " + out, "thesis.tex", "not an earlier run directory");
        assertEquals(List.of("thesis.tex"), names(out));
        assertEquals(List.of("notes"), names(tmp));
    }

    @Test
    void trainForceOverAnEarlierRunLeavesOnlyTheNewRun() throws IOException {
        Path out = tmp.resolve("run");
        copyTree(otherRun, out);
        Files.delete(out.resolve("run.json")); // an interrupted earlier write: no manifest
        ok(Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "40", "--n-val", "20",
                "--n-test", "20", "--epochs", "2", "--batch", "8", "--lr", "0.1", "--seed", "3", "-q", "--force",
                "--out", out.toString()));
        assertEquals(snapshot(run), snapshot(out), "exactly the new run, nothing of the old one");
        assertEquals(List.of("run"), names(tmp));
    }

    @Test
    void exportForceReplacesAnEarlierExportWholeButNothingElse() throws IOException {
        Path out = tmp.resolve("npy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("manifest.json"), "{}");
        Files.writeString(out.resolve("stale_from_an_older_version.npy"), "old");
        ok(Cli.run("export", "--run", run.toString(), "--out", out.toString(), "--force", "-q"));
        assertFalse(Files.exists(out.resolve("stale_from_an_older_version.npy")), "no file of the earlier export is mixed in");
        assertTrue(Files.size(out.resolve("theta.npy")) > 0);
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("paper.pdf"), "mine");
        fails(Cli.run("export", "--run", run.toString(), "--out", mine.toString(), "--force", "-q"),
                "export directory " + mine, "paper.pdf", "not an earlier export directory");
        assertEquals(List.of("paper.pdf"), names(mine));
        assertEquals(List.of("mine", "npy"), names(tmp));
    }

    @Test
    void experimentRefusesToReplaceADirectoryItDidNotWrite() throws IOException {
        Path out = tmp.resolve("mine");
        Files.createDirectories(out.resolve("src"));
        Files.writeString(out.resolve("config.json"), "{}");
        fails(Cli.run("demo", "--quick", "--data", "blobs:n=200,d=4", "-q", "--out", out.toString()),
                "output directory " + out, "not an earlier output directory");
        assertEquals(List.of("config.json", "src"), names(out));
        assertEquals(List.of("mine"), names(tmp));
    }

    // ---- 5. agree: files that do not belong together ----

    @Test
    void agreeRefusesAnEstimateAndATruthFromDifferentRuns() throws IOException {
        Path est = tmp.resolve("est.csv");
        ok(Cli.run("influence", "--run", otherRun.toString(), "--windows", "first,last,full", "--definition", "local",
                "--quiet", "--out", est.toString()));
        Path json = tmp.resolve("a.json");
        fails(Cli.run("agree", "--estimate", est.toString(), "--truth", looReference.toString(), "--json", json.toString()),
                est.toString(), looReference.toString(), "train_fingerprint", "different training runs");
        assertFalse(Files.exists(json));
    }

    @ParameterizedTest(name = "{0} differs")
    @CsvSource(delimiter = '|', value = {
        "steps|# steps: 10|# steps: 11",
        "windows|first[0,5)|first[0,4)",
        "query|# query: val-loss|# query: test-loss:1",
        "train_samples|# train_samples: 40|# train_samples: 41"})
    void agreeRefusesFilesThatDifferInAHeaderField(String field, String from, String to) throws IOException {
        Path est = tmp.resolve("est.csv");
        String text = Files.readString(looReference);
        assertTrue(text.contains(from), text);
        Files.writeString(est, text.replace(from, to));
        Path json = tmp.resolve("a.json");
        fails(Cli.run("agree", "--estimate", est.toString(), "--truth", looReference.toString(), "--json", json.toString()),
                field + " is ", "in " + est, "in " + looReference);
        assertFalse(Files.exists(json));
    }

    // ---- 6. malformed influence files ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "duplicate row|DUP|appears twice",
        "NaN value|NAN|is not a finite influence value",
        "infinite value|INF|is not a finite influence value",
        "negative sample id|NEG|sample -3 is outside",
        "missing sample id|MISSING|sample '' is not an integer",
        "sample id beyond the training set|RANGE|sample 40 is outside 0..39",
        "too few columns|SHORT|fields, expected 6",
        "not a number|WORD|'abc' is not a number",
        "corrupted flag 2|FLAG|corrupted must be 0 or 1"})
    void agreeNamesTheFileAndLineOfABadRow(String what, String fault, String message) throws IOException {
        String h = header(looReference);
        List<String> rows = new ArrayList<>(rows(looReference));
        String r5 = rows.get(5);
        String[] f = r5.split(",");
        rows.set(5, switch (fault) {
            case "DUP" -> rows.get(4);
            case "NAN" -> r5.substring(0, r5.lastIndexOf(',')) + ",NaN";
            case "INF" -> r5.substring(0, r5.lastIndexOf(',')) + ",-Infinity";
            case "NEG" -> "-3" + r5.substring(f[0].length());
            case "MISSING" -> r5.substring(f[0].length());
            case "RANGE" -> "40" + r5.substring(f[0].length());
            case "SHORT" -> r5.substring(0, r5.lastIndexOf(','));
            case "WORD" -> r5.substring(0, r5.lastIndexOf(',')) + ",abc";
            case "FLAG" -> f[0] + "," + f[1] + ",2," + String.join(",", java.util.Arrays.copyOfRange(f, 3, f.length));
            default -> throw new IllegalArgumentException(fault);
        });
        Path truth = tmp.resolve("truth.csv");
        Files.writeString(truth, h + String.join("\n", rows) + "\n");
        int line = (int) h.lines().count() + 6;
        Path json = tmp.resolve("a.json");
        fails(Cli.run("agree", "--estimate", looReference.toString(), "--truth", truth.toString(), "--json", json.toString()),
                truth + ": line " + line + ": ", message);
        assertFalse(Files.exists(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty file|EMPTY|empty file",
        "a CSV that is not an influence file|OTHER|line 1: not a dit influence matrix",
        "no windows header line|NOWIN|header has no '# windows:' line",
        "no data rows|NOROWS|no data rows",
        "unreadable window in the header|BADWIN|window first: [5, 0) is empty",
        "columns that do not match the windows|SWAP|column 4 is 'last' but the header's window 1 is 'first'"})
    void agreeNamesTheFileOfABadHeader(String what, String fault, String message) throws IOException {
        String text = Files.readString(looReference);
        String h = header(looReference);
        Path truth = tmp.resolve("truth.csv");
        Files.writeString(truth, switch (fault) {
            case "EMPTY" -> "";
            case "OTHER" -> "sample,label,corrupted,full\n0,1,0,0.5\n";
            case "NOWIN" -> text.replaceAll("(?m)^# windows:.*\n", "");
            case "NOROWS" -> h;
            case "BADWIN" -> text.replace("first[0,5)", "first[5,0)");
            case "SWAP" -> text.replace("sample,label,corrupted,first,last,", "sample,label,corrupted,last,first,");
            default -> throw new IllegalArgumentException(fault);
        });
        fails(Cli.run("agree", "--estimate", looReference.toString(), "--truth", truth.toString()), truth + ": ", message);
    }

    @Test
    void agreeNamesATruthSampleTheEstimateLacks() throws IOException {
        Path est = tmp.resolve("est.csv");
        List<String> rows = new ArrayList<>(rows(looReference));
        rows.remove(7);
        Files.writeString(est, header(looReference) + String.join("\n", rows) + "\n");
        fails(Cli.run("agree", "--estimate", est.toString(), "--truth", looReference.toString()),
                "sample 7 of " + looReference + " has no row in " + est);
    }

    // ---- 7. resource problems ----

    @Test
    void anOutputWhoseParentIsARegularFileIsOneLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        Path out = file.resolve("dit.csv");
        fails(Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet", "--out", out.toString()),
                file.toString());
        assertEquals("x", Files.readString(file));
        assertEquals(List.of("file.txt"), names(tmp));
    }

    @Test
    void aRunDirectoryUnderARegularFileIsOneLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        fails(Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "40", "--epochs", "2",
                "--batch", "8", "--lr", "0.1", "-q", "--out", file.resolve("run").toString()), file.toString());
        assertEquals(List.of("file.txt"), names(tmp));
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsOneLine() throws Exception {
        // Root writes through permission bits, but not onto a read-only file system.
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        boolean mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=4k", "tmpfs", ro.toString())
                .redirectErrorStream(true).start().waitFor() == 0;
        try {
            Path out = mounted ? ro.resolve("run") : Files.writeString(ro.resolve("file"), "x").resolve("run");
            fails(Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "40", "--epochs", "2",
                    "--batch", "8", "--lr", "0.1", "-q", "--out", out.toString()),
                    mounted ? "Read-only file system" : "is a file, not a directory", ro.toString());
            assertFalse(Files.exists(out));
        } finally {
            if (mounted) {
                new ProcessBuilder("umount", "-l", ro.toString()).start().waitFor();
            }
        }
    }

    @Test
    void anOutputThatIsADeviceIsRefused() {
        fails(Cli.run("agree", "--estimate", looReference.toString(), "--truth", looReference.toString(), "--json",
                "/dev/full"), "--json /dev/full", "not a regular file");
        assertTrue(Files.exists(Path.of("/dev/full")) && !Files.isRegularFile(Path.of("/dev/full")), "/dev/full is untouched");
    }

    @Test
    void aPathWithANulCharacterIsOneLine() {
        Cli.Result r = Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet", "--out",
                tmp.resolve("a").toString() + "\0b.csv");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.errLines().get(0).contains("--out") && r.err().contains("Nul character"), r.all());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aFullDiskDuringLeaveOneOutLeavesNothingCompleteAndResumesToTheSameBytes() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        // A real full disk: an 8 KiB tmpfs (a page for the lock file, one for the partial file) (root only); elsewhere the same state is made by hand.
        boolean mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", disk.toString())
                .redirectErrorStream(true).start().waitFor() == 0;
        System.out.println("full-disk case on a real tmpfs: " + mounted);
        Path out = disk.resolve("loo.csv");
        try {
            if (mounted) {
                Cli.Result r = loo(run, out, "--threads", "1", "--windows", "epochs,first,last,full");
                fails(r, "No space left on device");
                assertFalse(Files.exists(out), "no complete-looking output");
                try (Stream<Path> s = Files.list(disk)) {
                    assertEquals(List.of("loo.csv.partial"), s.map(p -> p.getFileName().toString()).toList(), "no .tmp leftovers");
                }
                String partial = Files.readString(PartialRows.partialOf(out));
                assertTrue(partial.endsWith("\n"), "the failed row was cut off again");
            } else {
                Path ref = tmp.resolve("ref.csv");
                ok(loo(run, ref, "--windows", "epochs,first,last,full"));
                String text = Files.readString(ref);
                Files.writeString(PartialRows.partialOf(out), text.substring(0, 4096));
            }
            Path resumed = tmp.resolve("resumed.csv");
            Files.copy(PartialRows.partialOf(out), PartialRows.partialOf(resumed));
            Path fresh = tmp.resolve("fresh.csv");
            ok(loo(run, resumed, "--threads", "2", "--windows", "epochs,first,last,full"));
            ok(loo(run, fresh, "--threads", "2", "--windows", "epochs,first,last,full"));
            assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(resumed));
        } finally {
            if (mounted) {
                new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor();
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
