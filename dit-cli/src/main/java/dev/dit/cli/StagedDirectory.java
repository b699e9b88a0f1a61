package dev.dit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An output directory written as a whole: everything goes into a hidden staging directory next
 * to the target ({@code .NAME.staging-…}), and {@link #commit()} renames it into place, replacing
 * an earlier output only then. A reader therefore sees the old directory or the new one, never a
 * mixture; an interrupted run leaves the old one untouched. The target is locked
 * ({@link OutputLock}) from {@link #open} to {@link #close()}, so a second dit writing the same
 * directory fails at once; leftovers of killed runs are removed by the next run under that lock.
 */
final class StagedDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final OutputLock lock;
    private final Thread cleanup;
    private boolean committed;

    private StagedDirectory(Path target, Path staging, OutputLock lock) {
        this.target = target;
        this.staging = staging;
        this.lock = lock;
        // Ctrl-C or SIGTERM: remove the half-written staging directory (kill -9 leaves it to the next run).
        this.cleanup = new Thread(this::discard, "dit-discard-staging");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Locks {@code target} and creates its staging directory.
     *
     * @param what how messages name the directory, e.g. "run directory"
     * @param force whether a non-empty target may be replaced
     * @param earlierOutput recognises a directory this kind of command wrote before: only such a
     *     directory (or an empty one) is replaced, so that files dit did not write are never deleted
     */
    static StagedDirectory open(Path target, String what, boolean force, Predicate<Path> earlierOutput) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException(what + " " + target + " exists and is not a directory");
        }
        OutputPaths.requireParentDirectory(target, what);
        OutputLock lock = OutputLock.acquire(target, what);
        try {
            Path real = OutputPaths.real(target);
            removeLeftovers(real);
            Optional<String> entry = firstEntry(real);
            if (entry.isPresent() && !force) {
                throw new IllegalArgumentException(what + " " + target + " is not empty; choose another directory or pass"
                        + " --force to overwrite");
            }
            if (entry.isPresent() && !earlierOutput.test(real)) {
                throw new IllegalArgumentException(what + " " + target + " holds files that are not an earlier " + what
                        + " (e.g. " + entry.get() + "); dit replaces only its own output: choose another directory");
            }
            Files.createDirectories(real.getParent());
            Path staging = Files.createTempDirectory(real.getParent(), "." + real.getFileName() + ".staging-");
            try {
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            return new StagedDirectory(real, staging, lock);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException("cannot prepare " + what + " " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The directory to write into. */
    Path path() {
        return staging;
    }

    /** Moves the finished directory into place, replacing an earlier one. */
    synchronized void commit() {
        Path old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
        try {
            boolean replacing = Files.exists(target);
            if (replacing) {
                move(target, old);
            }
            try {
                move(staging, target);
            } catch (IOException e) {
                if (replacing) {
                    move(old, target);
                }
                throw e;
            }
            committed = true;
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the finished output into " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #commit()}, but the hidden entry {@code keep} of the target (a flat directory of
     * files kept across runs, such as a reproduction's finished units) is carried over into the new
     * output: its files are hard-linked (copied where the file system cannot link) into the staging
     * directory first, so they exist at every moment but the final rename, when the old directory is
     * set aside and the new one not yet in place.
     */
    synchronized void commitKeeping(String keep) {
        Path from = target.resolve(keep);
        if (Files.isDirectory(from)) {
            Path to = staging.resolve(keep);
            try (Stream<Path> s = Files.list(from)) {
                Files.createDirectories(to);
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    try {
                        Files.createLink(to.resolve(f.getFileName()), f);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot carry " + from + " over into the new output: " + e.getMessage(), e);
            }
        }
        commit();
    }

    /** The target as it will be once committed (the real path of the output). */
    Path target() {
        return target;
    }

    /** Removes the staging directory unless committed. */
    private synchronized void discard() {
        if (!committed) {
            deleteTree(staging);
        }
    }

    @Override
    public void close() {
        discard();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs
        }
        lock.close();
    }

    /** Whether every entry of {@code dir} has one of {@code names} or is hidden (a dit temporary file). */
    static boolean onlyEntries(Path dir, Predicate<String> names) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).allMatch(n -> n.startsWith(".") || names.test(n));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> firstEntry(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().findFirst();
        }
    }

    /** Staging and set-aside directories of earlier runs that were killed before they could clean up. */
    private static void removeLeftovers(Path target) throws IOException {
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String staged = "." + target.getFileName() + ".staging-";
        String old = "." + target.getFileName() + ".old-";
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(parent)) {
            leftovers = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(staged) || n.startsWith(old);
            }).toList();
        }
        leftovers.forEach(StagedDirectory::deleteTree);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Best-effort recursive delete. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover is removed by the next run
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // same
        }
    }
}
