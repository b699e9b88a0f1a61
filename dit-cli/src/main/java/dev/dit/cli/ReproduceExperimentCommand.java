package dev.dit.cli;

import dev.dit.cli.experiment.ReproduceExperiment;
import dev.dit.models.data.FashionMnist;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment reproduce}. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The DIT paper's protocol on every dataset at hand (the bundled Fashion-MNIST subset; Fashion-MNIST "
                + "pairs when " + FashionMnist.DEFAULT_DIR_NAME + " is installed) for logreg, mlp:8 and cnn:4,8 over N seeds: "
                + "DIT vs exact leave-one-out, the pattern shares, early vs late correlation and flipped-label detection, with "
                + "a verdict per claim (reproduced / partly / not reproduced) and the rule that decides it.",
            "Finished units (dataset x model x seed) are kept in DIR/.seeds/ as they complete, so a killed run restarts "
                + "where it stopped; the report itself is replaced as a whole when the run finishes."})
final class ReproduceExperimentCommand implements Callable<Integer> {
    /** The hidden directory inside --out that keeps finished units across runs. */
    static final String SEEDS = ".seeds";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory: report.html, config.json, CSV/JSON tables, PNG figures, and .seeds/ with the "
                    + "finished units.")
    Path out;

    @Option(names = "--seeds", defaultValue = "1,2,3,4", paramLabel = "S[,S...]", converter = Converters.Longs.class,
            description = "Training seeds, comma-separated, at least 2 (each also draws the split and the flipped labels; default:"
                    + " ${DEFAULT-VALUE}, or 1,2 with --quick; the authors used 16).")
    String seeds;

    @Option(names = "--quick", description = "The reduced protocol (12 epochs, 16 leave-one-out samples, flip rates 10 and 30%%, "
            + "one Fashion-MNIST pair): minutes instead of an hour; the report says so.")
    boolean quick;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the Fashion-MNIST files (default: " + FashionMnist.DEFAULT_DIR_NAME + ").")
    Path dataDir;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "T", converter = Converters.Positive.class,
            description = "Units computed at once; results do not depend on it (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    QuietOption output;

    @Override
    public Integer call() {
        boolean seedsGiven = spec.commandLine().getParseResult().hasMatchedOption("--seeds");
        List<Long> list = ExperimentOptions.longs(quick && !seedsGiven ? "1,2" : seeds);
        if (list.size() < 2 || new java.util.HashSet<>(list).size() != list.size()) {
            throw Usage.error(spec, "--seeds", seeds, "a reproduction needs at least 2 different seeds for its intervals");
        }
        if (dataDir != null && !java.nio.file.Files.isDirectory(dataDir)) {
            throw Usage.error(spec, "--data-dir", dataDir, "not a directory");
        }
        ReproduceExperiment.Settings settings = ReproduceExperiment.Settings.protocol(list, quick, dataDir, threads,
                ExperimentOptions.version());
        long start = System.nanoTime();
        List<String> lines = new ArrayList<>(Directories.writeReportKeeping(out, SEEDS,
                (dir, kept) -> ReproduceExperiment.run(settings, dir, kept, new BarsFeedback(output.quiet))));
        lines.add(String.format(Locale.ROOT, "wall-clock: %.1f s", (System.nanoTime() - start) / 1e9));
        if (!output.quiet) {
            lines.forEach(System.out::println);
        }
        return 0;
    }
}
