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
                + "dropped; a partial file from other arguments is refused). One loo per OUT at a time. "
                + "--engine spark runs the retrainings as an Apache Spark job instead (README: Leave-one-out on Spark).")
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

    @Option(names = "--engine", defaultValue = "local", paramLabel = "local|spark",
            description = "Where the retrainings run: local (this process's threads) or spark (an Apache Spark job; "
                    + "needs the dit-spark module, which ./dit adds for this flag). Same output file either way (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: the Spark master, e.g. local[2] (default: the one spark-submit gives, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "P", converter = Converters.Positive.class,
            description = "With --engine spark: Spark tasks, each retraining a contiguous range of the samples on one thread "
                    + "(default: 16 per core of the cluster).")
    Integer partitions;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output CSV file (written atomically when complete; not a file of the run directory).")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        LooEngine remote = engine();
        String runText = opts.spec.findOption("--run").originalStringValues().get(0);
        boolean fetched = remote != null && isUri(runText);
        opts.refuseOutputOverRun(out);
        // Locked for the whole run: two loo processes appending to one .partial would mix their rows.
        try (OutputLock lock = OutputLock.acquire(out, "leave-one-out output");
             LooEngine.LocalRun copy = fetched ? remote.fetch(runText) : null) {
            if (copy != null) {
                opts.runDir = copy.dir();
            }
            try (RunOptions o = opts.load()) {
                return run(remote, runText, fetched);
            }
        }
    }

    /** The engine of {@code --engine}, or null for the local one; usage errors for flags that do not fit it. */
    private LooEngine engine() {
        if (engine.equals("local")) {
            if (master != null || partitions != null) {
                throw Usage.error(opts.spec, master != null ? "--master" : "--partitions",
                        master != null ? master : partitions, "only with --engine spark");
            }
            return null;
        }
        for (LooEngine e : java.util.ServiceLoader.load(LooEngine.class)) {
            if (e.name().equals(engine)) {
                return e;
            }
        }
        if (engine.equals("spark")) {
            throw Usage.error(opts.spec, "--engine", engine, "this dit has no Spark engine (dit.jar leaves Spark out);"
                    + " run it through ./dit, which adds the dit-spark module, or with spark-submit (README: Leave-one-out on Spark)");
        }
        throw Usage.error(opts.spec, "--engine", engine, "must be local or spark");
    }

    /** A run named by a URI (hdfs://..., file:/...) rather than a local path: the engine fetches it. */
    static boolean isUri(String run) {
        return run.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }

    private int run(LooEngine remote, String runText, boolean fetched) {
        int n = opts.run.n();
        int[] chosen = Usage.check(opts.spec, "--samples", samples, () -> choose(samples, n, seed));
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Map<String, String> extra = opts.provenance();
        if (fetched) {
            extra.put("run", runText); // not the local copy's temporary name
        }
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
            LeaveOneOut.RowSink sink = (j, row) -> partial.append(InfluenceCsv.row(j, labels[j], corrupted[j], row));
            if (remote == null) {
                LeaveOneOut loo = new LeaveOneOut(opts.run, opts.parsedQuery, opts.parsedWindows, opts.parsedDefinition);
                m = loo.compute(chosen, nThreads, done, sink, bar);
            } else {
                m = computeWith(remote, runText, chosen, done, sink, bar);
            }
            InfluenceCsv.write(out, m, labels, corrupted, extra);
            partial.finish();
        }
        if (!opts.quiet()) {
            String where = remote == null ? nThreads + " thread(s)" : remote.name() + (master != null ? " " + master : "");
            System.err.printf("dit: leave-one-out for %d samples in %d window(s) on %s -> %s (%.1f s)%n",
                    m.rows(), m.windows().size(), where, out, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    /** The rows of {@code chosen}: those in {@code done} as they are, the others from the engine. */
    private InfluenceMatrix computeWith(LooEngine remote, String runText, int[] chosen, Map<Integer, double[]> done,
                                        LeaveOneOut.RowSink sink, TerminalProgress bar) {
        int width = opts.parsedWindows.size();
        Map<Integer, double[]> rows = new java.util.HashMap<>();
        int[] todo = Arrays.stream(chosen).filter(j -> done.get(j) == null || done.get(j).length != width).toArray();
        for (int j : chosen) {
            if (done.get(j) != null && done.get(j).length == width) {
                rows.put(j, done.get(j));
            }
        }
        int already = rows.size();
        bar.update(already, chosen.length);
        LooEngine.Job job = new LooEngine.Job(runText, opts.query, opts.windows, opts.parsedDefinition.id(), todo,
                master, partitions);
        remote.compute(job, (j, row) -> {
            if (row.length != width) {
                throw new IllegalStateException("the " + remote.name() + " engine gave training sample " + j + " "
                        + row.length + " values for " + width + " windows");
            }
            rows.put(j, row);
            sink.accept(j, row);
        }, (d, t) -> bar.update(already + d, chosen.length));
        double[][] values = new double[chosen.length][];
        for (int r = 0; r < chosen.length; r++) {
            values[r] = rows.get(chosen[r]);
            if (values[r] == null) {
                throw new IllegalStateException("the " + remote.name() + " engine gave no row for training sample " + chosen[r]);
            }
        }
        return new InfluenceMatrix("loo", opts.parsedDefinition, opts.parsedQuery.id(), opts.parsedWindows, chosen, values);
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
