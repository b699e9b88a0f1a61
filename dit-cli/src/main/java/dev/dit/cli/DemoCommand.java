package dev.dit.cli;

import dev.dit.influence.analysis.Patterns;
import dev.dit.cli.experiment.Demo;
import dev.dit.cli.experiment.Setup;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit demo}: everything on the bundled Fashion-MNIST subset in a few minutes. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a small MLP on the bundled Fashion-MNIST pullover-vs-coat subset with 10%% flipped labels; "
                + "per-epoch DIT-G and DIT-L; leave-one-out ground truth on a seeded subset; agreement per window; "
                + "flipped-label detection by window; temporal patterns; early vs late. Prints a short summary and writes "
                + "a report directory with report.html.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "dit-demo", paramLabel = "DIR", description = "Report directory, written as a whole: an earlier report there is replaced once the new one is complete (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quick", description = "Tiny settings (64/64/64 samples, 4 epochs, batch 16, 8 LOO samples, 200 "
            + "bootstrap resamples) unless given explicitly; for tests and smoke runs.")
    boolean quick;

    @Mixin
    ExperimentOptions common;

    @Option(names = "--model", defaultValue = "mlp:16:tanh", paramLabel = "SPEC", converter = Converters.ModelSpecs.class,
            description = "Model spec: a layer list (see dit train --help), @FILE.json, logreg, mlp:W[,W...][:act] or cnn:C[,C...][:act] (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Training seed: θ_0 and the batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--corrupt", defaultValue = "0.1", paramLabel = "FRACTION", converter = Converters.Fraction.class,
            description = "Fraction of training labels flipped (default: ${DEFAULT-VALUE}).")
    double corrupt;

    @Option(names = "--loo-samples", defaultValue = "48", paramLabel = "N", converter = Converters.NonNegative.class,
            description = "Samples given leave-one-out ground truth (default: ${DEFAULT-VALUE}).")
    int looSamples;

    @Option(names = "--loo-samples-seed", paramLabel = "S",
            description = "Seed choosing the leave-one-out samples (default: ${DEFAULT-VALUE}).")
    long looSeed = 1; // an initial value, not a defaultValue: picocli would apply that after --loo-seed

    /** The old spelling of {@code --loo-samples-seed}, kept for scripts. */
    @Option(names = "--loo-seed", hidden = true)
    void oldLooSeed(long value) {
        looSeed = value;
    }

    @Option(names = "--last-k", defaultValue = "3", paramLabel = "K", converter = Converters.Positive.class,
            description = "K of the last:K window; at most --epochs, which it is lowered to when not given (default: ${DEFAULT-VALUE}).")
    int lastK;

    @Option(names = "--magnitude", description = "Classify patterns on |influence| instead of the signed influence.")
    boolean magnitude;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        if (quick) {
            shrink();
        }
        int k = LastK.resolve(spec, lastK, common.epochs);
        common.check(spec, "--model", List.of(model), null);
        Preflight.thirds(spec, common.epochs);
        Setup setup = common.setup();
        Demo.Settings settings = new Demo.Settings(setup, model, seed, corrupt, looSamples, looSeed,
                k, new Patterns.Options(0.45, 0.05, magnitude));
        List<String> summary = Directories.writeReport(out, dir -> Demo.run(settings, dir, new BarsFeedback(common.quiet())));
        if (!common.quiet()) {
            System.out.println("dit demo" + (quick ? " (quick)" : ""));
            summary.forEach(l -> System.out.println("  " + l));
            System.out.printf(Locale.ROOT, "  wall-clock: %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    /** Quick mode: small values for every size option the user did not give. */
    private void shrink() {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        if (!pr.hasMatchedOption("--n-train")) {
            common.nTrain = 64;
        }
        if (!pr.hasMatchedOption("--n-val")) {
            common.nVal = 64;
        }
        if (!pr.hasMatchedOption("--n-test")) {
            common.nTest = 64;
        }
        if (!pr.hasMatchedOption("--epochs")) {
            common.epochs = 4;
        }
        if (!pr.hasMatchedOption("--batch")) {
            common.batch = 16;
        }
        if (!pr.hasMatchedOption("--loo-samples")) {
            looSamples = 8;
        }
        if (!pr.hasMatchedOption("--bootstrap")) {
            common.bootstrap = 200;
        }
    }
}
