package dev.dit.cli;

import dev.dit.influence.analysis.Patterns;
import dev.dit.influence.estimate.Definition;
import dev.dit.cli.experiment.PatternsExperiment;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment patterns}. */
@Command(name = "patterns", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per-epoch influence z-scored per epoch and classified: Stable Influencer, Early Influencer, "
                + "Late Bloomer, Highly Fluctuating; shares, bar chart, top samples over epochs, heat map.")
final class PatternsExperimentCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    SingleModelOptions run;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--corrupt", defaultValue = "0", paramLabel = "FRACTION", converter = Converters.Fraction.class,
            description = "Fraction of training labels flipped (default: ${DEFAULT-VALUE}).")
    double corrupt;

    @Option(names = "--definition", defaultValue = "local", paramLabel = "global|local", converter = Converters.Definitions.class,
            description = "Per-epoch influence: local or global (default: ${DEFAULT-VALUE}).")
    String definition;

    @Option(names = "--fluctuation-threshold", defaultValue = "0.45", paramLabel = "FRACTION", converter = Converters.Fraction.class,
            description = "Share of consecutive epoch pairs with a sign change that makes a sample Highly Fluctuating (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "A", converter = Converters.Fraction.class,
            description = "Significance level of the slope test (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--magnitude", description = "Z-score |influence| instead of the signed influence.")
    boolean magnitude;

    @Option(names = "--top", defaultValue = "8", paramLabel = "N", converter = Converters.Positive.class,
            description = "Samples drawn in the line plot (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
        common.check(spec, "--model", List.of(run.model), null);
        PatternsExperiment.Settings settings = new PatternsExperiment.Settings(common.setup(), run.model, run.seed, corrupt,
                Definition.parse(definition), new Patterns.Options(threshold, alpha, magnitude), top);
        common.print(Directories.writeReport(run.out,
                dir -> PatternsExperiment.run(settings, dir, new BarsFeedback(common.quiet()))));
        return 0;
    }
}
