package dev.dit.cli;

import dev.dit.influence.estimate.Definition;
import dev.dit.cli.experiment.DetectionExperiment;
import java.util.Arrays;
import java.util.List;
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
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SingleModelOptions run;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--rates", defaultValue = "0.05,0.1,0.2", paramLabel = "FRACTION[,FRACTION...]",
            converter = Converters.Fractions.class, description = "Label-flip rates (default: ${DEFAULT-VALUE}).")
    String rates;

    @Option(names = "--last-k", defaultValue = "3", paramLabel = "K", converter = Converters.Positive.class,
            description = "K of the last:K window; at most --epochs, which it is lowered to when not given; config.json records the K used (default: ${DEFAULT-VALUE}).")
    int lastK;

    @Option(names = "--definitions", defaultValue = "global,local", paramLabel = "global|local[,...]",
            converter = Converters.Definitions.class, description = "DIT definitions to rank by (default: ${DEFAULT-VALUE}).")
    String definitions;

    @Option(names = "--no-retrain", description = "Skip removing the flagged samples and retraining.")
    boolean noRetrain;

    @Override
    public Integer call() {
        int k = LastK.resolve(spec, lastK, common.epochs);
        common.check(spec, "--model", List.of(run.model), null);
        for (double rate : ExperimentOptions.doubles(rates)) {
            // LabelCorruption flips round(rate · n) labels; a rate that flips none leaves nothing to detect.
            if (Math.round(rate * common.nTrain) < 1) {
                throw Usage.error(spec, "--rates", rates, "rate " + rate + " flips no label of --n-train " + common.nTrain);
            }
        }
        DetectionExperiment.Settings settings = new DetectionExperiment.Settings(common.setup(), run.model, run.seed,
                ExperimentOptions.doubles(rates), k, Arrays.stream(definitions.split(",")).map(String::trim)
                .map(Definition::parse).toList(), !noRetrain);
        common.print(Directories.writeReport(run.out,
                dir -> DetectionExperiment.run(settings, dir, new BarsFeedback(common.quiet()))));
        return 0;
    }
}
