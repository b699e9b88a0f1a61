package dev.dit.cli;

import dev.dit.cli.experiment.TrainingBudget;
import dev.dit.cli.experiment.Setup;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.FashionMnist;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options shared by {@code dit experiment …} and {@code dit demo}: data, training, query, output. */
final class ExperimentOptions {
    @Option(names = "--data", defaultValue = "fashion-mnist-mini", paramLabel = "SPEC",
            description = "Data spec, e.g. fashion-mnist-mini, fashion-mnist:pullover,coat, blobs:n=600 (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--standardize", paramLabel = "none|z", converter = TrainCommand.ScalingConverter.class,
            description = "Feature standardisation fitted on the training split: z or none (default: z for csv: data,"
                    + " none otherwise).")
    FeatureScaling standardize;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the Fashion-MNIST files, for --data fashion-mnist (default: "
                    + FashionMnist.DEFAULT_DIR_NAME + ").")
    Path dataDir;

    @Option(names = "--n-train", defaultValue = "256", paramLabel = "N", converter = Converters.Positive.class,
            description = "Training samples, at least 2 (default: ${DEFAULT-VALUE}).")
    int nTrain;

    @Option(names = "--n-val", defaultValue = "256", paramLabel = "N", converter = Converters.Positive.class,
            description = "Validation samples (default: ${DEFAULT-VALUE}).")
    int nVal;

    @Option(names = "--n-test", defaultValue = "256", paramLabel = "N", converter = Converters.Positive.class,
            description = "Test samples (default: ${DEFAULT-VALUE}).")
    int nTest;

    @Option(names = "--split-seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the train/val/test split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--corrupt-seed", defaultValue = "7", paramLabel = "S",
            description = "Seed choosing the flipped labels (default: ${DEFAULT-VALUE}).")
    long corruptSeed;

    @Option(names = "--epochs", defaultValue = "15", paramLabel = "E", converter = Converters.Positive.class,
            description = "SGD epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "B", converter = Converters.Positive.class,
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1", paramLabel = "L", converter = Converters.PositiveNumber.class,
            description = "Base learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", paramLabel = "SCHEDULE", converter = Converters.LearningRates.class,
            description = "Learning-rate schedule: constant, sqrt (η_t = η / √(t+1)), step:E,GAMMA, cosine, or"
                    + " warmup:K,SCHEDULE; see dit train --help (default: sqrt).")
    LearningRate lrDecay = LearningRate.SQRT; // an initial value, not a defaultValue: picocli would apply that after --decay

    /** The old spelling of {@code --lr-decay}, kept for scripts. */
    @Option(names = "--decay", hidden = true, converter = Converters.LearningRates.class)
    void oldDecay(LearningRate value) {
        lrDecay = value;
    }

    @Option(names = "--l2", defaultValue = "1e-3", paramLabel = "A", converter = Converters.NonNegativeNumber.class,
            description = "L2 coefficient (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "sgd", converter = Converters.Optimizers.class,
            description = "Optimizer, with PyTorch's update rules: sgd, momentum:MU (torch.optim.SGD momentum), nesterov:MU,"
                    + " adam[:B1,B2,EPS] (defaults 0.9,0.999,1e-8), adamw[:B1,B2,EPS,WD] (WD default 0.01, decoupled);"
                    + " --l2 is added to the gradient for every optimizer. (default: ${DEFAULT-VALUE}).")
    OptimizerSpec optimizer;

    @Option(names = "--query", defaultValue = "val-loss", paramLabel = "Q",
            description = "Query: val-loss, test-loss:K, logit:K[:C], prob:K[:C] (default: ${DEFAULT-VALUE}).")
    String query;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "T", converter = Converters.Positive.class,
            description = "Threads for leave-one-out and retraining; results do not depend on it (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", converter = Converters.Positive.class,
            description = "Bootstrap resamples for agreement intervals (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--bootstrap-seed", defaultValue = "0", paramLabel = "S",
            description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long bootstrapSeed;

    @Mixin
    QuietOption output;

    /** Whether progress bars and summary lines are off. */
    boolean quiet() {
        return output.quiet;
    }

    /** The shared settings. */
    Setup setup() {
        if (batch >= 1 && epochs >= 1 && nTrain >= 1) {
            TrainingBudget.steps(nTrain, batch, epochs);
        }
        return new Setup(data, dataDir, nTrain, nVal, nTest, splitSeed, corruptSeed, epochs, batch, lr,
                lrDecay, l2, query, threads, bootstrap, bootstrapSeed, version(),
                standardize != null ? standardize : FeatureScaling.defaultFor(data), optimizer);
    }

    /**
     * Checks, before anything is trained or written, what parsing alone cannot: the data spec and
     * the split sizes, every model against the data, the query, and the windows (null: none).
     */
    void check(CommandSpec spec, String modelFlag, List<String> models, String windows) {
        if (nTrain < 2) {
            throw Usage.error(spec, "--n-train", nTrain, "an experiment needs at least 2 training samples");
        }
        long steps = ((long) nTrain + batch - 1) / batch * epochs; // T; setup() says if it is too large
        if (batch >= 1 && epochs >= 1 && steps < Integer.MAX_VALUE) {
            Usage.check(spec, "--lr-decay", Usage.typed(spec, "--lr-decay", lrDecay.id()), () -> {
                lrDecay.checkFits((int) steps);
                return null;
            });
        }
        Dataset pool = Preflight.pool(spec, data, dataDir, nTrain, nVal, nTest);
        for (String m : models) {
            Preflight.modelFits(spec, modelFlag, m, pool);
        }
        Preflight.query(spec, query, pool, nVal, nTest);
        if (windows != null) {
            Preflight.windows(spec, windows, nTrain, batch, epochs);
        }
    }

    /** The version string of the dit command. */
    static String version() {
        return "dit " + dev.dit.influence.DitVersion.current();
    }

    /** Parses {@code 1,2,3} (checked by {@link Converters.Longs}). */
    static List<Long> longs(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).map(Long::parseLong).toList();
    }

    /** Parses {@code 0.05,0.1} (checked by {@link Converters.Fractions}). */
    static List<Double> doubles(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).map(Double::parseDouble).toList();
    }

    /** Prints the summary lines to stdout, unless quiet. */
    void print(List<String> lines) {
        if (!quiet()) {
            lines.forEach(System.out::println);
        }
    }
}
