package dev.dit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the experiments that train one model: where to write, which model, which seed. */
final class SingleModelOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory, written as a whole: an earlier output there is replaced once the new one is complete.")
    Path out;

    @Option(names = "--model", defaultValue = "mlp:16:tanh", paramLabel = "SPEC", converter = Converters.ModelSpecs.class,
            description = "Model spec: a layer list (see dit train --help), @FILE.json, logreg, mlp:W[,W...][:act] or cnn:C[,C...][:act] (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Training seed: θ_0 and the batches (default: ${DEFAULT-VALUE}).")
    long seed;
}
