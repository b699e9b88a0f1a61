package dev.dit.cli;

import dev.dit.cli.experiment.StagesExperiment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment stages}. */
@Command(name = "stages", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per-epoch DIT-G and DIT-L; correlation between the early, middle and late thirds of training and "
                + "between every pair of epochs; early-vs-late scatter and heat maps.")
final class StagesExperimentCommand implements Callable<Integer> {
    @Mixin
    SingleModelOptions run;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--corrupt", defaultValue = "0", description = "Fraction of training labels flipped (default: ${DEFAULT-VALUE}).")
    double corrupt;

    @Override
    public Integer call() {
        StagesExperiment.Settings settings = new StagesExperiment.Settings(common.setup(), run.model, run.seed, corrupt);
        ExperimentOptions.print(Directories.writeReport(run.out,
                dir -> StagesExperiment.run(settings, dir, new BarsFeedback(common.quiet))));
        return 0;
    }
}
