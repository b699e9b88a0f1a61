package dev.dit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Checks on output directories shared by the commands. */
final class Directories {
    private Directories() {
    }

    /**
     * Refuses an output path that is a file, or a non-empty directory unless {@code force}.
     *
     * @param what how the message names the directory, e.g. "run directory"
     */
    static void requireWritable(Path dir, boolean force, String what) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + " " + dir + " exists and is not a directory");
        }
        if (!force && Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(what + " " + dir + " is not empty; choose another"
                            + " directory or pass --force to overwrite");
                }
            }
        }
    }
}
