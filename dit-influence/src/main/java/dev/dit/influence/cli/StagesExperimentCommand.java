package dev.dit.influence.cli;

import dev.dit.influence.experiment.StagesExperiment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment stages}. */
@Command(name = "stages", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per-epoch DIT-G and DIT-L; correlation between the early, middle and late thirds of training and "
                + "between every pair of epochs; early-vs-late scatter and heat maps.")
final class StagesExperimentCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output directory (created; files in it are replaced).")
    Path out;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--model", defaultValue = "mlp:16:tanh", description = "Model spec (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--corrupt", defaultValue = "0", description = "Fraction of training labels flipped (default: ${DEFAULT-VALUE}).")
    double corrupt;

    @Override
    public Integer call() {
        ExperimentOptions.print(StagesExperiment.run(new StagesExperiment.Settings(common.setup(), model, seed, corrupt),
                out, new BarsFeedback(common.quiet)));
        return 0;
    }
}
