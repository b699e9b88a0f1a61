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
                + "finished rows go to OUT.partial, and a re-run skips them.")
public final class LooCommand implements Callable<Integer> {
    @Mixin
    RunOptions opts;

    @Option(names = "--samples", defaultValue = "all", description = "all, or N samples drawn with --seed (default: ${DEFAULT-VALUE}).")
    String samples;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the sample subset (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", converter = ThreadCount.class, description = "Worker threads, at least 1 (default: available processors).")
    Integer threads;

    @Option(names = "--out", required = true, description = "Output CSV file (written atomically when complete).")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        try (RunOptions o = opts.load()) {
            return run();
        }
    }

    private int run() {
        int n = opts.run.n();
        int[] chosen = choose(samples, n, seed);
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
        if (!done.isEmpty()) {
            System.err.printf("dit: resuming: %d of %d samples already done in %s%n", done.size(), chosen.length,
                    PartialRows.partialOf(out));
        }
        long t0 = System.nanoTime();
        InfluenceMatrix m;
        try (PartialRows partial = PartialRows.open(out, header, done, labels, corrupted);
             TerminalProgress bar = TerminalProgress.start("loo " + opts.parsedDefinition.id(), chosen.length, "samples", opts.quiet)) {
            m = loo.compute(chosen, nThreads, done,
                    (j, row) -> partial.append(InfluenceCsv.row(j, labels[j], corrupted[j], row)), bar);
            InfluenceCsv.write(out, m, labels, corrupted, extra);
            partial.finish();
        }
        System.err.printf("dit: leave-one-out for %d samples in %d window(s) on %d thread(s) -> %s (%.1f s)%n",
                m.rows(), m.windows().size(), nThreads, out, (System.nanoTime() - t0) / 1e9);
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
            throw new IllegalArgumentException("--samples must be 'all' or a count, got '" + spec + "'");
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("--samples " + k + " outside 1.." + n + " (the run has " + n + " training samples)");
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
