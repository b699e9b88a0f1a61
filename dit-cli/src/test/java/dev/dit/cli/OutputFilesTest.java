package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputLock}, {@link StagedDirectory}, {@link OutputPaths} and {@link Failures}. */
class OutputFilesTest {
    @TempDir
    Path tmp;

    List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aLockIsExclusiveAndItsFileGoesWithIt() throws IOException {
        Path out = tmp.resolve("out.csv");
        try (OutputLock lock = OutputLock.acquire(out, "output")) {
            assertEquals(List.of(".out.csv.lock"), names(tmp));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutputLock.acquire(out, "output"));
            assertTrue(e.getMessage().startsWith("output " + out + " is being written by another dit process"), e.getMessage());
        }
        assertEquals(List.of(), names(tmp));
        try (OutputLock again = OutputLock.acquire(tmp.resolve("x/../out.csv"), "output")) {
            assertEquals(List.of(".out.csv.lock"), names(tmp), "the same lock, however the path is spelled");
        }
    }

    @Test
    void aStagedDirectoryAppearsOnlyOnCommit() throws IOException {
        Path out = tmp.resolve("report");
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.json"), "old");
        Files.writeString(out.resolve("old.csv"), "old");
        try (StagedDirectory d = StagedDirectory.open(out, "output directory", true, Directories::isReport)) {
            Files.writeString(d.path().resolve("config.json"), "new");
            assertEquals(List.of("config.json", "old.csv"), names(out), "untouched until commit");
            d.commit();
        }
        assertEquals(List.of("config.json"), names(out), "nothing of the old directory survives");
        assertEquals("new", Files.readString(out.resolve("config.json")));
        assertEquals(List.of("report"), names(tmp));
    }

    @Test
    void anAbandonedStagedDirectoryLeavesTheOldOneAndNoTrace() throws IOException {
        Path out = tmp.resolve("report");
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.json"), "old");
        try (StagedDirectory d = StagedDirectory.open(out, "output directory", true, Directories::isReport)) {
            Files.writeString(d.path().resolve("config.json"), "new");
        }
        assertEquals("old", Files.readString(out.resolve("config.json")));
        assertEquals(List.of("report"), names(tmp));
    }

    @Test
    void onlyAnEarlierOutputOfTheSameKindIsReplaced() throws IOException {
        Path out = tmp.resolve("x");
        Files.createDirectories(out.resolve("data"));
        Files.writeString(out.resolve("trajectory.dit"), "t");
        assertTrue(Directories.isRun(out));
        assertFalse(Directories.isExport(out));
        assertFalse(Directories.isReport(out));
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertFalse(Directories.isRun(out));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StagedDirectory.open(out, "run directory", true, Directories::isRun));
        assertTrue(e.getMessage().contains("not an earlier run directory (e.g. data)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StagedDirectory.open(out, "run directory", false, Directories::isRun));
        assertTrue(e.getMessage().endsWith("is not empty; choose another directory or pass --force to overwrite"), e.getMessage());
        assertEquals(List.of("x"), names(tmp), "refusals leave no lock or staging directory");
    }

    @Test
    void realPathsSeeThroughSymlinksAndDotDot() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), run);
        assertEquals(run.toRealPath().resolve("run.json"), OutputPaths.real(link.resolve("run.json")));
        assertEquals(run.toRealPath().resolve("a/b.csv"), OutputPaths.real(tmp.resolve("run/new/../a/b.csv")));
        assertThrows(IllegalArgumentException.class, () -> OutputPaths.refuseRunFiles(link.resolve("run.json"), "--out", run));
        OutputPaths.refuseRunFiles(link.resolve("dit-L.csv"), "--out", run); // a new file inside the run: fine
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.refuseInputs(tmp.resolve("run/../link/t.csv"), "--json", Map.of("--truth", run.resolve("t.csv"))));
        assertTrue(e.getMessage().contains("is the same file as --truth " + run.resolve("t.csv")), e.getMessage());
    }

    @Test
    void failuresAreOneReadableLine() {
        assertEquals("/x/y: no such file or directory", Failures.message(new NoSuchFileException("/x/y")));
        assertEquals("/ro: permission denied", Failures.message(new AccessDeniedException("/ro")));
        assertEquals("cannot write a: disk full", Failures.message(new UncheckedIOException("cannot write a: disk full",
                new IOException("disk full"))));
        assertEquals("cannot use the path 'a\0b': Nul character not allowed (the platform cannot represent this name)",
                Failures.message(new InvalidPathException("a\0b", "Nul character not allowed")));
        assertEquals("internal error (NullPointerException); please report it with the command line",
                Failures.message(new NullPointerException()));
        String oom = Failures.message(new IllegalStateException(new OutOfMemoryError("Java heap space")));
        assertTrue(oom.startsWith("out of memory (Java heap space, maximum heap ") && oom.contains("DIT_JAVA_OPTS=-Xmx"), oom);
    }
}
