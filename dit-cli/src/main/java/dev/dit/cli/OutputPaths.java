package dev.dit.cli;

import dev.dit.influence.rundir.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Checks that an output path does not destroy an input: the same file reached through a symlink
 * or a {@code ..} counts as the same file, so paths are compared in their real form.
 */
final class OutputPaths {
    /** The files of a run directory that the commands read (besides everything under {@code data/}). */
    private static final Set<String> RUN_FILES = Set.of(RunDirectory.MANIFEST, RunDirectory.TRAJECTORY,
            RunDirectory.CORRUPTED, RunDirectory.TRAINING_LOG);

    private OutputPaths() {
    }

    /**
     * The real form of {@code p}, which need not exist yet: the real path of its longest existing
     * ancestor (symlinks resolved), followed by the remaining names.
     */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs.normalize();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses an output file that is (or would replace) part of the run directory the command
     * reads: the directory itself, its manifest, trajectory, corrupted list, training log or
     * anything under {@code data/}. New files inside the run directory are fine.
     */
    static void refuseRunFiles(Path out, String flag, Path runDir) {
        Path o = real(out);
        Path r = real(runDir);
        boolean runFile = o.getParent() != null && o.getParent().equals(r) && RUN_FILES.contains(o.getFileName().toString());
        if (o.equals(r) || r.startsWith(o) || runFile || o.startsWith(r.resolve("data"))) {
            throw new IllegalArgumentException(flag + " " + out + " would overwrite " + (o.equals(r) || r.startsWith(o)
                    ? "the run directory " + runDir : "a file of the run directory " + runDir) + " that this command reads;"
                    + " choose another path (new files inside the run directory are fine)");
        }
    }

    /** Refuses an output file that is one of the command's input files. */
    static void refuseInputs(Path out, String flag, Map<String, Path> inputs) {
        Path o = real(out);
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (o.equals(real(in.getValue()))) {
                throw new IllegalArgumentException(flag + " " + out + " is the same file as " + in.getKey() + " "
                        + in.getValue() + ", which this command reads; choose another path");
            }
        }
    }

    /**
     * Refuses an output file path that names an existing directory or special file (a device,
     * a pipe: they would be replaced by a regular file, not written to), or whose parent cannot
     * be a directory because an ancestor is a regular file.
     */
    static void refuseDirectory(Path out, String flag) {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(flag + " " + out + " is a directory; give a file name");
        }
        if (Files.exists(out) && !Files.isRegularFile(out)) {
            throw new IllegalArgumentException(flag + " " + out + " is not a regular file; give a file name");
        }
        requireParentDirectory(out, flag);
    }

    /** Refuses a path below a regular file: its parent directory can never be created. */
    static void requireParentDirectory(Path out, String flag) {
        for (Path p = out.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new IllegalArgumentException(flag + " " + out + " cannot be created: " + p + " is a file, not a directory");
                }
                return;
            }
        }
    }
}
