package dev.dit.cli;

import dev.dit.influence.rundir.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/** The output directories of the commands: what an earlier one looks like, and writing one as a whole. */
final class Directories {
    private static final Set<String> RUN_ENTRIES = Set.of(RunDirectory.MANIFEST, RunDirectory.TRAJECTORY,
            RunDirectory.CORRUPTED, RunDirectory.TRAINING_LOG, "data");

    private Directories() {
    }

    /**
     * Refuses an output path that is a file, or a non-empty directory unless {@code force}. Only
     * a check: commands that write a whole directory use {@link StagedDirectory}, which also locks
     * it and replaces it in one step.
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

    /** A directory written by {@code dit train}: nothing but the run's own files. */
    static boolean isRun(Path dir) {
        return StagedDirectory.onlyEntries(dir, RUN_ENTRIES::contains);
    }

    /** A directory written by {@code dit export}: {@code manifest.json} and {@code .npy} files. */
    static boolean isExport(Path dir) {
        return StagedDirectory.onlyEntries(dir, n -> n.equals("manifest.json") || n.endsWith(".npy"));
    }

    /** A report directory of {@code dit demo} or {@code dit experiment}: a {@code config.json} and plain files. */
    static boolean isReport(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.noneMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * As {@link #writeReport}, for a report that keeps work across runs in the hidden directory
     * {@code keep} inside {@code out}: {@code body} gets the staging directory and {@code out/keep}
     * (created, not staged: what is written there survives a killed run), and the new report takes
     * {@code keep} over when it is moved into place. A directory holding nothing but {@code keep}
     * (a run killed before its first report) counts as an earlier report.
     */
    static List<String> writeReportKeeping(Path out, String keep, BiFunction<Path, Path, List<String>> body) {
        try (StagedDirectory dir = StagedDirectory.open(out, "output directory", true,
                d -> isReport(d) || onlyEntry(d, keep))) {
            Path kept = dir.target().resolve(keep);
            try {
                Files.createDirectories(kept);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + kept + ": " + e.getMessage(), e);
            }
            List<String> lines = body.apply(dir.path(), kept);
            dir.commitKeeping(keep);
            String staged = dir.path().toString();
            return lines.stream().map(l -> l.replace(staged, out.toString())).toList();
        }
    }

    private static boolean onlyEntry(Path dir, String name) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().equals(name));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs {@code body} on a staging directory for the report directory {@code out} and moves the
     * result into place when it returns, replacing an earlier report only then. The summary lines
     * it returns name the staging directory; they are given back naming {@code out}.
     */
    static List<String> writeReport(Path out, Function<Path, List<String>> body) {
        try (StagedDirectory dir = StagedDirectory.open(out, "output directory", true, Directories::isReport)) {
            List<String> lines = body.apply(dir.path());
            dir.commit();
            String staged = dir.path().toString();
            return lines.stream().map(l -> l.replace(staged, out.toString())).toList();
        }
    }
}
