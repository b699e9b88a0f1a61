package dev.dit.cli;

import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.Estimators;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.io.InfluenceCsv;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit influence}: estimate every training sample's influence in each window. */
@Command(name = "influence", mixinStandardHelpOptions = true,
        description = "Estimate the influence of every training sample in each window: one row per sample "
                + "(index, label, corrupted flag), one column per window. Sign: F(without) - F(with).")
public final class InfluenceCommand implements Callable<Integer> {
    @Mixin
    RunOptions opts;

    @Option(names = "--method", defaultValue = "dit", paramLabel = "METHOD", converter = Converters.Methods.class, description = "dit | tracin | tracin-cp | if (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output CSV file (written atomically).")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        try (RunOptions o = opts.load()) {
            return run();
        }
    }

    private int run() {
        Estimator est = Estimators.byName(method);
        long t0 = System.nanoTime();
        InfluenceMatrix m;
        try (TerminalProgress bar = TerminalProgress.start(method + " " + opts.parsedDefinition.id(), 1, "steps", opts.quiet)) {
            m = est.estimate(opts.run, opts.parsedQuery, opts.parsedWindows, opts.parsedDefinition, bar);
        }
        Map<String, String> extra = opts.provenance();
        InfluenceCsv.write(out, m, opts.labels(), opts.run.corruptedMask(), extra);
        if (!opts.quiet) {
            System.err.printf("dit: %s influence of %d samples in %d window(s) -> %s (%.1f s)%n", method, m.rows(),
                    m.windows().size(), out, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }
}
