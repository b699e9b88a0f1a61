package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void aFailedFillLeavesTheOlderDirectoryAndNoStaging() throws Exception {
        Path target = dir.resolve("report");
        Files.createDirectories(target);
        Files.writeString(target.resolve("report.html"), "old");
        assertThrows(UncheckedIOException.class, () -> StagedDirectory.write(target, stage -> {
            try {
                Files.writeString(stage.resolve("report.html"), "new, half written");
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new UncheckedIOException(new java.io.IOException("disk full"));
        }));
        assertEquals("old", Files.readString(target.resolve("report.html")));
        assertEquals(List.of("report"), names(dir));
        assertEquals(List.of("report.html"), names(target));
    }

    @Test
    void aFinishedFillReplacesTheWholeOlderDirectory() throws Exception {
        Path target = dir.resolve("report");
        Files.createDirectories(target);
        Files.writeString(target.resolve("stale.csv"), "old");
        StagedDirectory.write(target, stage -> {
            try {
                Files.writeString(stage.resolve("report.html"), "new");
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(List.of("report.html"), names(target));
        assertEquals(List.of("report"), names(dir), "no staging or old copy left");
    }

    private static List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
