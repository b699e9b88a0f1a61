package dev.dit.cli;

import dev.dit.cli.experiment.CorrelationExperiment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment correlation}. */
@Command(name = "correlation", mixinStandardHelpOptions = true, sortOptions = false,
        description = "DIT and the baselines against leave-one-out retraining, both definitions, per model, window and seed: "
                + "Pearson / Spearman / Kendall / top-10%% Jaccard with bootstrap intervals, and DIT-vs-LOO scatter plots.")
final class CorrelationExperimentCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output directory (created; files in it are replaced).")
    Path out;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--models", defaultValue = "logreg,mlp:16:tanh",
            description = "Model specs, comma-separated; an item starting with a digit continues the previous spec's sizes, "
                    + "so 'logreg,mlp:16:tanh,cnn:4,8' is three models (default: ${DEFAULT-VALUE}).")
    String models;

    @Option(names = "--windows", defaultValue = "full,first,middle,last", description = "Windows (default: ${DEFAULT-VALUE}).")
    String windows;

    @Option(names = "--seeds", defaultValue = "1", description = "Training seeds, comma-separated (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--corrupt", defaultValue = "0", description = "Fraction of training labels flipped (default: ${DEFAULT-VALUE}).")
    double corrupt;

    @Option(names = "--loo-samples", defaultValue = "64", description = "Samples given leave-one-out ground truth; 0 or more than --n-train = all, and config.json records"
                    + " the number used (default: ${DEFAULT-VALUE}).")
    int looSamples;

    @Option(names = "--loo-seed", defaultValue = "1", description = "Seed choosing them (default: ${DEFAULT-VALUE}).")
    long looSeed;

    @Override
    public Integer call() {
        ExperimentOptions.print(CorrelationExperiment.run(new CorrelationExperiment.Settings(common.setup(),
                CorrelationExperiment.models(models), windows, ExperimentOptions.longs(seeds), corrupt, looSamples,
                looSeed), out, new BarsFeedback(common.quiet)));
        return 0;
    }
}
