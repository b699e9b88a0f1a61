package dev.dit.cli;

import dev.dit.cli.experiment.RunReport;
import dev.dit.influence.io.InfluenceCsv;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dit report}: the HTML report of a run and any influence files computed on it. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the HTML report of a trained run and of influence files computed on it: a summary, each "
                + "estimate's agreement with the leave-one-out truth of the same definition, influence over time, and the "
                + "detection of flipped labels. Files computed on another run are refused (training-set fingerprint). The "
                + "report directory is written under a temporary name and renamed when complete.")
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "Run directory written by 'dit train'.")
    Path runDir;

    @Option(names = "--influence", arity = "1..*", paramLabel = "FILE",
            description = "Influence CSV files to report on (dit influence, dit loo, experiment outputs).")
    List<Path> influence = new ArrayList<>();

    @Option(names = "--truth", arity = "1..*", paramLabel = "FILE",
            description = "Leave-one-out ground truth (dit loo); each is compared with the --influence files of its own "
                    + "definition and query.")
    List<Path> truth = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report directory (must not be inside the run).")
    Path out;

    @Option(names = "--force", description = "Replace an existing, non-empty report directory.")
    boolean force;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--bootstrap-seed", defaultValue = "0", paramLabel = "S", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long bootstrapSeed;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (bootstrap < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bootstrap must be >= 1, got " + bootstrap);
        }
        checkOutput();
        List<RunReport.Input> estimates = read("--influence", influence);
        List<RunReport.Input> truths = read("--truth", truth);
        try (LoadedRun run = RunDirectory.open(runDir)) {
            RunReport.Settings settings = new RunReport.Settings(runDir, run, estimates, truths, bootstrap, bootstrapSeed,
                    ExperimentOptions.version());
            RunReport.validate(settings);
            List<String> summary = new ArrayList<>();
            // Locked, written under a staging name and renamed into place: an older report (only
            // one that dit wrote, and only with --force) is replaced whole, never mixed.
            try (StagedDirectory dir = StagedDirectory.open(out, "report directory", force, Directories::isReport)) {
                String staged = dir.path().toString();
                RunReport.write(settings, dir.path()).forEach(l -> summary.add(l.replace(staged, out.toString())));
                dir.commit();
            }
            if (!quiet) {
                summary.forEach(System.out::println);
                System.out.println("report: " + out.resolve("report.html"));
            }
        }
        return 0;
    }

    /** Refuses a report directory inside the run, or one that holds an input (--force would delete it). */
    private void checkOutput() throws IOException {
        Path target = real(out);
        Path run = real(runDir);
        if (target.startsWith(run)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is inside the run directory "
                    + runDir + ": a report must not write into the run it reads");
        }
        List<Path> inputs = new ArrayList<>(List.of(runDir));
        inputs.addAll(influence);
        inputs.addAll(truth);
        for (Path in : inputs) {
            if (real(in).startsWith(target)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " holds the input " + in
                        + ": writing the report there would replace it");
            }
        }
    }

    /** The absolute path with every existing ancestor's symbolic links resolved. */
    private static Path real(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
    }

    private static List<RunReport.Input> read(String flag, List<Path> files) throws IOException {
        List<RunReport.Input> inputs = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(flag + " " + f + ": " + (Files.exists(f) ? "not a regular file" : "no such file"));
            }
            if (!Files.isReadable(f)) {
                throw new IllegalArgumentException(flag + " " + f + ": not readable (permission denied)");
            }
            whole(flag, f);
            inputs.add(new RunReport.Input(f, InfluenceCsv.read(f)));
        }
        return inputs;
    }

    /**
     * Refuses a file that is not an influence matrix at all (before decoding it as text) or whose
     * last line was cut off: a number cut mid-write can still parse, so the missing final newline
     * is the only sign.
     */
    private static void whole(String flag, Path f) throws IOException {
        byte[] magic = InfluenceCsv.MAGIC.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long size = Files.size(f);
        byte[] head = new byte[magic.length + 1];
        byte last;
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(f)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill the head or reach the end
            }
            java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(1);
            ch.position(Math.max(0, size - 1));
            last = ch.read(end) == 1 ? end.get(0) : 0;
        }
        boolean magicLine = java.util.Arrays.equals(java.util.Arrays.copyOf(head, magic.length), magic)
                && (head[magic.length] == '\n' || head[magic.length] == '\r');
        if (!magicLine) {
            throw new IllegalArgumentException(flag + " " + f + ": line 1: not a dit influence matrix (expected '"
                    + InfluenceCsv.MAGIC + "')");
        }
        if (last != '\n') {
            throw new IllegalArgumentException(flag + " " + f + ": does not end with a newline: the file is truncated "
                    + "(its writer was interrupted)");
        }
    }
}
