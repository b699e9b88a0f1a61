package dev.dit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * Writes an output directory as a whole: everything goes into a hidden temporary sibling, which is
 * renamed to the target only once complete. An interrupted run leaves the older directory (if
 * any) untouched and at most a {@code .NAME.tmp-*} sibling; a finished one never mixes its files
 * with an older run's.
 */
final class StagedDirectory {
    private StagedDirectory() {
    }

    /**
     * Fills a fresh temporary sibling of {@code target} with {@code fill}, then puts it in place of
     * {@code target}; an existing {@code target} (which the caller has agreed to replace) is
     * removed only after the new directory is in place.
     */
    static void write(Path target, Consumer<Path> fill) throws IOException {
        Path dir = target.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        String name = dir.getFileName().toString();
        Path stage = Files.createTempDirectory(parent, "." + name + ".tmp-");
        try {
            fill.accept(stage);
            publish(stage, dir, parent, name);
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(stage);
            throw e;
        }
    }

    private static void publish(Path stage, Path dir, Path parent, String name) throws IOException {
        if (!Files.exists(dir)) {
            Files.move(stage, dir, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = Files.createTempDirectory(parent, "." + name + ".old-");
        Files.delete(old);
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(stage, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
            throw e;
        }
        deleteTree(old);
    }

    /** Deletes a directory and everything in it; a missing one is fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
