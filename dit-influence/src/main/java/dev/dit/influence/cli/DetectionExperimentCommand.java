package dev.dit.influence.cli;

import dev.dit.influence.estimate.Definition;
import dev.dit.influence.experiment.DetectionExperiment;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment detection}. */
@Command(name = "detection", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Flip a share of the labels, rank samples by ascending influence on the validation loss per window "
                + "and by the baselines: precision/recall@k (k = #flipped), ROC-AUC, precision-recall curves, and test accuracy "
                + "after removing the flagged samples and retraining vs removing random ones.")
final class DetectionExperimentCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output directory (created; files in it are replaced).")
    Path out;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--model", defaultValue = "mlp:16:tanh", description = "Model spec (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rates", defaultValue = "0.05,0.1,0.2", description = "Label-flip rates (default: ${DEFAULT-VALUE}).")
    String rates;

    @Option(names = "--last-k", defaultValue = "3", description = "K of the last:K window (default: ${DEFAULT-VALUE}).")
    int lastK;

    @Option(names = "--definitions", defaultValue = "global,local", description = "DIT definitions to rank by (default: ${DEFAULT-VALUE}).")
    String definitions;

    @Option(names = "--no-retrain", description = "Skip removing the flagged samples and retraining.")
    boolean noRetrain;

    @Override
    public Integer call() {
        ExperimentOptions.print(DetectionExperiment.run(new DetectionExperiment.Settings(common.setup(), model, seed,
                ExperimentOptions.doubles(rates), lastK, Arrays.stream(definitions.split(",")).map(Definition::parse).toList(),
                !noRetrain), out, new BarsFeedback(common.quiet)));
        return 0;
    }
}
