package dev.dit.cli;

import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.Estimators;
import dev.dit.influence.estimate.InfluenceFunctions;
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

    @Option(names = "--method", defaultValue = "dit", paramLabel = "METHOD", converter = Converters.Methods.class, description = "dit | tracin | tracin-cp | tracin-adam (Adam-preconditioned TracIn, for adam/adamw runs) | if (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--out", required = true, paramLabel = "FILE|-",
            description = "Output CSV file (written atomically; not a file of the run directory); '-' writes it to standard output.")
    Path out;

    @Option(names = "--validate", defaultValue = "0", paramLabel = "K", converter = Converters.NonNegative.class,
            description = "Spot-check the linearisation: for K seeded samples per window, exact leave-one-out and a "
                    + "half-removal replay on the same definition; prints a verdict per window (reliable/doubtful/unreliable, "
                    + "docs/method.md section 10) and puts it in the CSV header. 0 = off (default: ${DEFAULT-VALUE}).")
    int validate;

    @Option(names = "--validate-seed", paramLabel = "S", description = "Seed of the spot-check samples and bootstrap (default: ${DEFAULT-VALUE}).")
    long validateSeed = 0;

    @Option(names = "--threads", paramLabel = "T", converter = Converters.Positive.class,
            description = "Worker threads of the spot check; results do not depend on it (default: available processors).")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE|-",
            description = "Also write the verdicts and spot checks as JSON to FILE; '-' writes it to standard output.")
    Path json;

    @Override
    public Integer call() throws java.io.IOException {
        opts.refuseOutputOverRun(out);
        if (json != null) {
            if (Json.isStdout(json) && Json.isStdout(out)) {
                throw Usage.error(opts.spec, "--json", json, "--out - already writes to standard output");
            }
            if (!Json.isStdout(json)) {
                OutputPaths.refuseRunFiles(json, "--json", opts.runDir);
                OutputPaths.refuseDirectory(json, "--json");
                if (!Json.isStdout(out) && json.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                    throw Usage.error(opts.spec, "--json", json, "is the same file as --out");
                }
            }
        }
        if (validate > 0 && validate < 3) {
            throw Usage.error(opts.spec, "--validate", validate, "a spot check needs at least 3 samples per window (or 0: off)");
        }
        try (RunOptions o = opts.load()) {
            return run();
        }
    }

    private int run() {
        Estimator est = Estimators.byName(method);
        int steps = opts.run.trajectory().steps();
        if (method.equals(InfluenceFunctions.METHOD)
                && opts.parsedWindows.stream().anyMatch(w -> w.start() != 0 || w.end() != steps)) {
            throw Usage.error(opts.spec, "--windows", opts.windows, "--method if looks only at the final model and has no"
                    + " time windows; use --windows full");
        }
        long t0 = System.nanoTime();
        InfluenceMatrix m;
        try (TerminalProgress bar = TerminalProgress.start(method + " " + opts.parsedDefinition.id(), 1, "steps", opts.quiet())) {
            m = est.estimate(opts.run, opts.parsedQuery, opts.parsedWindows, opts.parsedDefinition, bar);
        }
        Map<String, String> extra = opts.provenance();
        TrustOutput trust = TrustOutput.of(opts.run, opts.parsedQuery, m, validate, validateSeed,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), opts.runDir, opts.quiet());
        extra.putAll(trust.header());
        if (Json.isStdout(out)) {
            printCsv(m, opts.labels(), opts.run.corruptedMask(), extra);
        } else {
            InfluenceCsv.write(out, m, opts.labels(), opts.run.corruptedMask(), extra);
        }
        if (!opts.quiet()) {
            System.err.printf("dit: %s influence of %d samples in %d window(s) -> %s (%.1f s)%n", method, m.rows(),
                    m.windows().size(), out, (System.nanoTime() - t0) / 1e9);
        }
        if (!opts.quiet()) {
            System.err.print(trust.summary());
        }
        if (json != null) {
            Map<String, Object> j = new java.util.LinkedHashMap<>();
            j.put("format", TrustOutput.FORMAT);
            j.put("method", method);
            j.put("definition", m.definition().id());
            j.put("query", m.query());
            j.putAll(opts.provenance());
            j.putAll(trust.toJson());
            Json.writeOrPrint(json, j);
        }
        return 0;
    }

    /** The same bytes {@link InfluenceCsv#write} puts in a file, on standard output ({@code --out -}). */
    private static void printCsv(InfluenceMatrix m, int[] labels, boolean[] corrupted, Map<String, String> extra) {
        StringBuilder b = new StringBuilder(InfluenceCsv.header(m, extra));
        double[] values = new double[m.windows().size()];
        int[] samples = m.samples();
        for (int r = 0; r < samples.length; r++) {
            for (int c = 0; c < values.length; c++) {
                values[c] = m.get(r, c);
            }
            b.append(InfluenceCsv.row(samples[r], labels[samples[r]], corrupted[samples[r]], values));
        }
        System.out.print(b);
        System.out.flush();
    }
}
