package dev.dit.cli;

import dev.dit.cli.experiment.StagesExperiment;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment stages}. */
@Command(name = "stages", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per-epoch DIT-G and DIT-L; correlation between the early, middle and late thirds of training and "
                + "between every pair of epochs; early-vs-late scatter and heat maps.")
final class StagesExperimentCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SingleModelOptions run;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--corrupt", defaultValue = "0", paramLabel = "FRACTION", converter = Converters.Fraction.class,
            description = "Fraction of training labels flipped (default: ${DEFAULT-VALUE}).")
    double corrupt;

    @Override
    public Integer call() {
        common.check(spec, "--model", List.of(run.model), null);
        Preflight.thirds(spec, common.epochs);
        StagesExperiment.Settings settings = new StagesExperiment.Settings(common.setup(), run.model, run.seed, corrupt);
        common.print(Directories.writeReport(run.out,
                dir -> StagesExperiment.run(settings, dir, new BarsFeedback(common.quiet()))));
        return 0;
    }
}
