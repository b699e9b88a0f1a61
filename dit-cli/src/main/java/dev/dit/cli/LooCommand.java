package dev.dit.cli;

import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.io.InfluenceCsv;
import dev.dit.influence.io.PartialRows;
import dev.dit.influence.truth.LeaveOneOut;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dit loo}: exact leave-one-out ground truth by retraining. */
@Command(name = "loo", mixinStandardHelpOptions = true,
        description = "Exact leave-one-out ground truth by retraining without each sample (G: from the start; "
                + "L: only inside each window). Parallel, bit-identical for any thread count, and resumable: "
                + "finished rows go to OUT.partial, and a re-run with the same arguments skips them (a torn last line is "
                + "dropped; a partial file from other arguments is refused). One loo per OUT at a time.")
public final class LooCommand implements Callable<Integer> {
    @Mixin
    RunOptions opts;

    @Option(names = "--samples", defaultValue = "all", paramLabel = "all|N", converter = Converters.SampleCounts.class,
            description = "all, or N samples drawn with --samples-seed (default: ${DEFAULT-VALUE}).")
    String samples;

    @Option(names = "--samples-seed", paramLabel = "S",
            description = "Seed choosing the N samples (default: ${DEFAULT-VALUE}).")
    long seed = 0; // an initial value, not a defaultValue: picocli would apply that after --seed

    /** The old spelling of {@code --samples-seed}, kept for scripts. */
    @Option(names = "--seed", hidden = true)
    void oldSeed(long value) {
        seed = value;
    }

    @Option(names = "--threads", paramLabel = "T", converter = Converters.Positive.class,
            description = "Worker threads; results do not depend on it (default: available processors).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output CSV file (written atomically when complete; not a file of the run directory).")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        opts.refuseOutputOverRun(out);
        // Locked for the whole run: two loo processes appending to one .partial would mix their rows.
        try (OutputLock lock = OutputLock.acquire(out, "leave-one-out output");
             RunOptions o = opts.load()) {
            return run();
        }
    }

    private int run() {
        int n = opts.run.n();
        int[] chosen = Usage.check(opts.spec, "--samples", samples, () -> choose(samples, n, seed));
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        LeaveOneOut loo = new LeaveOneOut(opts.run, opts.parsedQuery, opts.parsedWindows, opts.parsedDefinition);
        Map<String, String> extra = opts.provenance();
        extra.put("samples", samples.equals("all") ? "all" : samples + " (seed " + seed + ")");
        InfluenceMatrix shape = new InfluenceMatrix("loo", opts.parsedDefinition, opts.parsedQuery.id(),
                opts.parsedWindows, new int[0], new double[0][]);
        String header = InfluenceCsv.header(shape, extra);
        Map<Integer, double[]> done = PartialRows.resume(out, header);
        int[] labels = opts.labels();
        boolean[] corrupted = opts.run.corruptedMask();
        if (!done.isEmpty() && !opts.quiet()) {
            System.err.printf("dit: resuming: %d of %d samples already done in %s%n", done.size(), chosen.length,
                    PartialRows.partialOf(out));
        }
        long t0 = System.nanoTime();
        InfluenceMatrix m;
        try (PartialRows partial = PartialRows.open(out, header, done, labels, corrupted);
             TerminalProgress bar = TerminalProgress.start("loo " + opts.parsedDefinition.id(), chosen.length, "samples", opts.quiet())) {
            m = loo.compute(chosen, nThreads, done,
                    (j, row) -> partial.append(InfluenceCsv.row(j, labels[j], corrupted[j], row)), bar);
            InfluenceCsv.write(out, m, labels, corrupted, extra);
            partial.finish();
        }
        if (!opts.quiet()) {
            System.err.printf("dit: leave-one-out for %d samples in %d window(s) on %d thread(s) -> %s (%.1f s)%n",
                    m.rows(), m.windows().size(), nThreads, out, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    /** All samples, or N distinct ones drawn with the seed (sorted). */
    static int[] choose(String spec, int n, long seed) {
        if (spec.equals("all")) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int k;
        try {
            k = Integer.parseInt(spec.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be 'all' or a count");
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("outside 1.." + n + " (the run has " + n + " training samples)");
        }
        int[] perm = new int[n];
        Arrays.setAll(perm, i -> i);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = Arrays.copyOf(perm, k);
        Arrays.sort(out);
        return out;
    }
}
