package dev.dit.cli;

import dev.dit.cli.experiment.CorrelationExperiment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit experiment correlation}. */
@Command(name = "correlation", mixinStandardHelpOptions = true, sortOptions = false,
        description = "DIT and the baselines against leave-one-out retraining, both definitions, per model, window and seed: "
                + "Pearson / Spearman / Kendall / top-10%% Jaccard with bootstrap intervals, and DIT-vs-LOO scatter plots.")
final class CorrelationExperimentCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory, written as a whole: an earlier output there is replaced once the new one is complete.")
    Path out;

    @Mixin
    ExperimentOptions common;

    /** The models when neither --models nor --model is given. */
    static final String DEFAULT_MODELS = "logreg,mlp:16:tanh";

    @Option(names = "--models", paramLabel = "SPEC[;SPEC...]", converter = Converters.ModelLists.class,
            description = "Model specs separated by ';', each any model (a layer list, @model.json, logreg, mlp:..., cnn:...): "
                    + "'logreg;flatten,layernorm,dense(16),gelu,dense'. Without a ';', the older comma list of logreg, "
                    + "mlp:..., cnn:... and @FILE, where an item starting with a digit continues the previous spec's sizes, "
                    + "so 'logreg,mlp:16:tanh,cnn:4,8' is three models (default: " + DEFAULT_MODELS + ").")
    String models;

    @Option(names = "--model", paramLabel = "SPEC", converter = Converters.ModelSpecs.class,
            description = "One model (a layer list, @model.json, logreg, mlp:..., cnn:...); repeat for several, "
                    + "instead of --models.")
    java.util.List<String> model;

    @Option(names = "--windows", defaultValue = "full,first,middle,last", paramLabel = "W[,W...]",
            description = "Windows: full, epochs, first, middle, last, last:E, epochs:A-B, T1:T2 (default: ${DEFAULT-VALUE}).")
    String windows;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "S[,S...]", converter = Converters.Longs.class,
            description = "Training seeds, comma-separated (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--corrupt", defaultValue = "0", paramLabel = "FRACTION", converter = Converters.Fraction.class,
            description = "Fraction of training labels flipped (default: ${DEFAULT-VALUE}).")
    double corrupt;

    @Option(names = "--loo-samples", defaultValue = "64", paramLabel = "N", converter = Converters.NonNegative.class,
            description = "Samples given leave-one-out ground truth; 0 or more than --n-train = all, and config.json records"
                    + " the number used (default: ${DEFAULT-VALUE}).")
    int looSamples;

    @Option(names = "--loo-samples-seed", paramLabel = "S",
            description = "Seed choosing the leave-one-out samples (default: ${DEFAULT-VALUE}).")
    long looSeed = 1; // an initial value, not a defaultValue: picocli would apply that after --loo-seed

    /** The old spelling of {@code --loo-samples-seed}, kept for scripts. */
    @Option(names = "--loo-seed", hidden = true)
    void oldLooSeed(long value) {
        looSeed = value;
    }

    @Override
    public Integer call() {
        if (model != null && models != null) {
            throw Usage.error(spec, "--model", model.get(0), "give the models with --models or with --model, not both");
        }
        String flag = model != null ? "--model" : "--models";
        List<String> list = model != null
                ? Usage.check(spec, "--model", String.join(" --model ", model), () -> CorrelationExperiment.models(model))
                : CorrelationExperiment.models(models != null ? models : DEFAULT_MODELS);
        common.check(spec, flag, list, windows);
        CorrelationExperiment.Settings settings = new CorrelationExperiment.Settings(common.setup(),
                list, windows, ExperimentOptions.longs(seeds), corrupt, looSamples, looSeed);
        common.print(Directories.writeReport(out,
                dir -> CorrelationExperiment.run(settings, dir, new BarsFeedback(common.quiet()))));
        return 0;
    }
}
