package dev.dit.cli;

import dev.dit.influence.estimate.Definition;
import dev.dit.cli.experiment.DetectionExperiment;
import java.util.Arrays;
import dev.dit.cli.experiment.Setup;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment detection}. */
@Command(name = "detection", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Flip a share of the labels, rank samples by ascending influence on the validation loss per window "
                + "and by the baselines: precision/recall@k (k = #flipped), ROC-AUC, precision-recall curves, and test accuracy "
                + "after removing the flagged samples and retraining vs removing random ones.")
final class DetectionExperimentCommand implements Callable<Integer> {
    @Mixin
    SingleModelOptions run;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--rates", defaultValue = "0.05,0.1,0.2", description = "Label-flip rates (default: ${DEFAULT-VALUE}).")
    String rates;

    @Option(names = "--last-k", defaultValue = "3",
            description = "K of the last:K window, at most --epochs: a larger K is clamped to the number of epochs"
                    + " and config.json records the K used (default: ${DEFAULT-VALUE}).")
    int lastK;

    @Option(names = "--definitions", defaultValue = "global,local", description = "DIT definitions to rank by (default: ${DEFAULT-VALUE}).")
    String definitions;

    @Option(names = "--no-retrain", description = "Skip removing the flagged samples and retraining.")
    boolean noRetrain;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (lastK < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--last-k': must be at"
                    + " least 1, got " + lastK);
        }
        Setup setup = common.setup();
        int usedK = Math.min(lastK, setup.epochs());
        if (usedK != lastK) {
            System.err.println("dit: note: --last-k " + lastK + " is more than the " + setup.epochs()
                    + " epochs; using last:" + usedK);
        }
        ExperimentOptions.print(DetectionExperiment.run(new DetectionExperiment.Settings(setup, run.model, run.seed,
                ExperimentOptions.doubles(rates), usedK, Arrays.stream(definitions.split(",")).map(Definition::parse).toList(),
                !noRetrain), run.out, new BarsFeedback(common.quiet)));
        return 0;
    }
}
