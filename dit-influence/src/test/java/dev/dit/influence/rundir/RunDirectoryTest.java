package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    static LoadedRun original;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        original = TinyRuns.train(7);
    }

    private Path written() throws IOException {
        Path dir = tmp.resolve("run");
        RunDirectory.write(dir, original.run(), original.info());
        return dir;
    }

    @Test
    void theDataIsStoredUncompressedAndOlderRunDirectoriesStillLoad() throws IOException {
        Path dir = written();
        long n = original.run().train().size();
        long d = original.run().train().featureCount();
        // header aside, the training file is its doubles and labels: all distinct, no palette pays
        assertTrue(Files.size(dir.resolve("data/train.ds")) > 8 * n * d + 4 * n, "uncompressed");
        assertFalse(Files.exists(dir.resolve("data/train.ds.gz")));
        LegacyRunDirectories.version1Data(dir);
        assertEquals(1, java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("data/train.ds")))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8), "dataset file version");
        try (LoadedRun loaded = RunDirectory.read(dir)) {
            assertSame(original.run().train(), loaded.run().train());
            assertSame(original.run().test(), loaded.run().test());
            assertEquals(original.info(), loaded.info());
        }
        LegacyRunDirectories.gzipData(dir);
        assertTrue(Files.exists(dir.resolve("data/train.ds.gz")) && !Files.exists(dir.resolve("data/train.ds")));
        try (LoadedRun loaded = RunDirectory.read(dir)) {
            assertSame(original.run().train(), loaded.run().train());
            assertSame(original.run().val(), loaded.run().val());
            assertSame(original.run().test(), loaded.run().test());
            assertEquals(original.info(), loaded.info());
        }
        TinyRuns.flipByte(dir.resolve("data/val.ds.gz"), 40);
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> RunDirectory.read(dir).close());
        assertTrue(e.getMessage().contains("data/val.ds.gz"), e.getMessage());
        RunDirectory.write(dir, original.run(), original.info()); // rewritten by this version: the old files go
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            assertEquals(List.of("test.ds", "train.ds", "val.ds"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        RunDirectory.read(dir).close();
    }

    @Test
    void roundTripKeepsEveryThetaBitForBitAndTheDataAndInfo() throws IOException {
        Path dir = written();
        Run a = original.run();
        assertTrue(a.corrupted().length > 0, "the fixture must corrupt some labels");
        try (LoadedRun loaded = RunDirectory.read(dir)) {
            Run b = loaded.run();
            assertEquals(original.info(), loaded.info());
            assertSame(a.train(), b.train());
            assertSame(a.val(), b.val());
            assertSame(a.test(), b.test());
            assertArrayEquals(a.corrupted(), b.corrupted());
            assertEquals(a.model().spec(), b.model().spec());
            Trajectory ta = a.trajectory();
            Trajectory tb = b.trajectory();
            assertEquals(ta.steps(), tb.steps());
            assertEquals(4, tb.checkpointEvery());
            assertArrayEquals(ta.epochBoundaries(), tb.epochBoundaries());
            assertArrayEquals(ta.learningRates(), tb.learningRates());
            assertEquals(ta.alpha(), tb.alpha());
            for (int t = 0; t < ta.steps(); t++) {
                assertArrayEquals(ta.batch(t), tb.batch(t), "batch " + t);
            }
            assertTrue(tb.checkpoints() instanceof TrajectoryFile);
            ThetaReplay ra = a.replay();
            ThetaReplay rb = b.replay();
            double[] x = new double[ta.parameterCount()];
            double[] y = new double[ta.parameterCount()];
            for (int t = ta.steps(); t >= 0; t--) {
                ra.theta(t, x);
                rb.theta(t, y);
                assertArrayEquals(x, y, "θ_" + t); // Arrays.equals on doubles compares bits
            }
        }
    }

    private static void assertSame(Dataset x, Dataset y) {
        assertEquals(x.fingerprint(), y.fingerprint());
        assertEquals(x.name(), y.name());
        assertEquals(x.classNames(), y.classNames());
        assertArrayEquals(x.sampleShape(), y.sampleShape());
        assertArrayEquals(x.labels(), y.labels());
    }

    @Test
    void originalLabelsAreRecordedInCorruptedCsv() throws IOException {
        Path dir = written();
        List<String> lines = Files.readAllLines(dir.resolve(RunDirectory.CORRUPTED));
        assertEquals(CsvFiles.CORRUPTED_HEADER, lines.get(0));
        int[] idx = original.run().corrupted();
        int[] was = original.info().originalLabels();
        assertEquals(idx.length + 1, lines.size());
        for (int k = 0; k < idx.length; k++) {
            assertEquals(idx[k] + "," + was[k] + "," + original.run().train().label(idx[k]), lines.get(k + 1));
            assertTrue(was[k] != original.run().train().label(idx[k]));
        }
        assertEquals(original.info().log().size() + 1,
                Files.readAllLines(dir.resolve(RunDirectory.TRAINING_LOG)).size());
    }

    @Test
    void sameSeedGivesByteIdenticalDirectories() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        LoadedRun first = TinyRuns.train(3);
        LoadedRun second = TinyRuns.train(3);
        RunDirectory.write(a, first.run(), first.info());
        RunDirectory.write(b, second.run(), second.info());
        List<String> files = list(a);
        assertEquals(files, list(b));
        assertEquals(7, files.size(), files.toString());
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        Path c = tmp.resolve("c");
        LoadedRun other = TinyRuns.train(4);
        RunDirectory.write(c, other.run(), other.info());
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve(RunDirectory.TRAJECTORY)),
                Files.readAllBytes(c.resolve(RunDirectory.TRAJECTORY))), "a different seed must change the run");
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void flippedByteInDataIsRefusedNamingTheFile() throws IOException {
        Path dir = written();
        TinyRuns.flipByte(dir.resolve("data/val.ds"), 40);
        for (boolean full : new boolean[] {true, false}) {
            RunDirectoryException e = assertThrows(RunDirectoryException.class,
                    () -> (full ? RunDirectory.read(dir) : RunDirectory.open(dir)).close());
            assertTrue(e.getMessage().contains("data/val.ds"), e.getMessage());
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
    }

    @Test
    void flippedByteInTrajectoryIsRefusedNamingTheFile() throws IOException {
        Path dir = written();
        // the byte before the INDX block and footer: inside the last checkpoint's θ_T
        TinyRuns.flipByte(dir.resolve(RunDirectory.TRAJECTORY), -(24 + 16 + 16 + 16L * 5 + 8));
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> RunDirectory.read(dir).close());
        assertTrue(e.getMessage().contains(RunDirectory.TRAJECTORY), e.getMessage());
        // without the whole-file hash, the checkpoint's own CRC catches it when θ_T is read
        try (LoadedRun lazy = RunDirectory.open(dir)) {
            double[] theta = new double[lazy.run().trajectory().parameterCount()];
            UncheckedIOException u = assertThrows(UncheckedIOException.class,
                    () -> lazy.run().replay().theta(lazy.run().trajectory().steps(), theta));
            assertTrue(u.getMessage().contains(RunDirectory.TRAJECTORY) && u.getMessage().contains("checksum"),
                    u.getMessage());
        }
    }

    @Test
    void checkpointsCanBeReadFromSeveralThreadsAtOnce() throws Exception {
        Path dir = written();
        try (LoadedRun loaded = RunDirectory.read(dir)) {
            TrajectoryFile file = (TrajectoryFile) loaded.run().trajectory().checkpoints();
            int[] steps = file.header().checkpointSteps();
            int p = loaded.run().trajectory().parameterCount();
            double[][] expected = new double[steps.length][p];
            for (int k = 0; k < steps.length; k++) {
                original.run().trajectory().checkpoints().read(steps[k], expected[k]);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int offset = w;
                    results.add(pool.submit(() -> {
                        double[] theta = new double[p];
                        boolean ok = true;
                        for (int r = 0; r < 50; r++) {
                            int k = (r + offset) % steps.length;
                            file.read(steps[k], theta);
                            ok &= Arrays.equals(expected[k], theta);
                        }
                        return ok;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertTrue(f.get());
                }
            } finally {
                pool.shutdown();
            }
            assertThrows(UnsupportedOperationException.class, () -> file.write(0, new double[p]));
        }
    }

    @Test
    void directoryWithoutManifestIsRefusedAsIncomplete() throws IOException {
        Path dir = written();
        Files.delete(dir.resolve(RunDirectory.MANIFEST));
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> RunDirectory.read(dir));
        assertTrue(e.getMessage().contains("run.json") && e.getMessage().contains("incomplete"), e.getMessage());
        RunDirectoryException missing = assertThrows(RunDirectoryException.class,
                () -> RunDirectory.read(tmp.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void missingFileAndEditedManifestAreRefused() throws IOException {
        Path dir = written();
        Files.delete(dir.resolve(RunDirectory.TRAINING_LOG));
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> RunDirectory.read(dir));
        assertTrue(e.getMessage().contains(RunDirectory.TRAINING_LOG + ": missing"), e.getMessage());

        Path dir2 = tmp.resolve("run2");
        RunDirectory.write(dir2, original.run(), original.info());
        Path mf = dir2.resolve(RunDirectory.MANIFEST);
        Files.writeString(mf, Files.readString(mf).replace("\"epochs\" : 3", "\"epochs\" : \"three\""));
        RunDirectoryException f = assertThrows(RunDirectoryException.class, () -> RunDirectory.read(dir2));
        assertTrue(f.getMessage().contains("run.json: field 'training.epochs' must be an integer"), f.getMessage());
    }

    @Test
    void rewritingRemovesTheOldManifestFirst() throws IOException {
        Path dir = written();
        Files.writeString(dir.resolve("notes.txt"), "mine");
        RunDirectory.write(dir, original.run(), original.info());
        try (LoadedRun again = RunDirectory.read(dir)) {
            assertEquals(original.info(), again.info());
        }
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void runInfoMustDescribeTheRun() {
        RunInfo i = original.info();
        RunInfo wrong = new RunInfo(i.dataSpec(), i.plan(), i.modelSpec(), i.config(), i.log(), new int[0],
                i.ditVersion());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.write(tmp.resolve("x"), original.run(), wrong));
        assertTrue(e.getMessage().contains("original labels"), e.getMessage());
    }
}
