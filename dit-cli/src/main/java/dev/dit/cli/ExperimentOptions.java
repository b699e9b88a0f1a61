package dev.dit.cli;

import dev.dit.cli.experiment.TrainingBudget;
import dev.dit.cli.experiment.Setup;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options shared by {@code dit experiment …} and {@code dit demo}: data, SGD, query, output. */
final class ExperimentOptions {
    @Option(names = "--data", defaultValue = "fashion-mnist-mini",
            description = "Data spec, e.g. fashion-mnist-mini, fashion-mnist:pullover,coat, blobs:n=600 (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--standardize", paramLabel = "none|z", converter = TrainCommand.ScalingConverter.class,
            description = "Feature standardisation fitted on the training split: z or none (default: z for csv: data,"
                    + " none otherwise).")
    FeatureScaling standardize;

    @Option(names = "--data-dir", description = "Fashion-MNIST directory (default: /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--n-train", defaultValue = "256", description = "Training samples (default: ${DEFAULT-VALUE}).")
    int nTrain;

    @Option(names = "--n-val", defaultValue = "256", description = "Validation samples (default: ${DEFAULT-VALUE}).")
    int nVal;

    @Option(names = "--n-test", defaultValue = "256", description = "Test samples (default: ${DEFAULT-VALUE}).")
    int nTest;

    @Option(names = "--split-seed", defaultValue = "1", description = "Seed of the train/val/test split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--corrupt-seed", defaultValue = "7", description = "Seed choosing the flipped labels (default: ${DEFAULT-VALUE}).")
    long corruptSeed;

    @Option(names = "--epochs", defaultValue = "15", description = "SGD epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1", description = "Base learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--decay", defaultValue = "sqrt", description = "Learning-rate decay: sqrt (eta0/sqrt(t+1)) or constant (default: ${DEFAULT-VALUE}).")
    String decay;

    @Option(names = "--l2", defaultValue = "1e-3", description = "L2 coefficient (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--query", defaultValue = "val-loss", description = "Query: val-loss, test-loss:K, logit:K[:C], prob:K[:C] (default: ${DEFAULT-VALUE}).")
    String query;

    @Option(names = "--threads", defaultValue = "2", converter = ThreadCount.class,
            description = "Threads for leave-one-out and retraining, at least 1 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap resamples for agreement intervals (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--bootstrap-seed", defaultValue = "0", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long bootstrapSeed;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;

    /** The shared settings. */
    Setup setup() {
        if (batch >= 1 && epochs >= 1 && nTrain >= 1) {
            TrainingBudget.steps(nTrain, batch, epochs);
        }
        return new Setup(data, dataDir, nTrain, nVal, nTest, splitSeed, corruptSeed, epochs, batch, lr,
                LearningRate.parse(decay), l2, query, threads, bootstrap, bootstrapSeed, version(),
                standardize != null ? standardize : FeatureScaling.defaultFor(data));
    }

    /** The version string of the dit command. */
    static String version() {
        return "dit " + dev.dit.influence.DitVersion.current();
    }

    /** Parses {@code 1,2,3}. */
    static List<Long> longs(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).map(Long::parseLong).toList();
    }

    /** Parses {@code 0.05,0.1}. */
    static List<Double> doubles(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).map(Double::parseDouble).toList();
    }

    /** Prints the summary lines to stdout. */
    static void print(List<String> lines) {
        lines.forEach(System.out::println);
    }
}
