package dev.dit.spark;

import dev.dit.cli.LooEngine;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.truth.LeaveOneOut;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code dit loo --engine spark}: the samples are split into contiguous ranges, one Spark task
 * each, and every task runs the single-machine {@link LeaveOneOut} on one thread. Each range is
 * its own Spark job, so that its rows reach the driver (and {@code OUT.partial}) as soon as it
 * finishes rather than when the last one does: a killed job resumes from the ranges already
 * saved. The rows do not depend on the ranges, the executors or retried tasks, because every
 * sample's retraining is sequential and deterministic.
 */
public final class SparkLooEngine implements LooEngine {
    /** Ranges submitted at once even when the cluster reports few cores at first (executors still starting). */
    private static final int MIN_JOBS_IN_FLIGHT = 256;
    /**
     * Default tasks per core: a core left idle at the end waits for at most one task, about
     * 1/16 of a core's share (with 4 per core, 100 CNN samples on {@code local[2]} took 1.4× the
     * local engine's wall-clock and kept only 1.1 cores busy).
     */
    static final int PARTITIONS_PER_CORE = 16;

    /** The tasks of a job: {@code given} (--partitions) if set, else {@link #PARTITIONS_PER_CORE} per core. */
    static int partitions(Integer given, int cores) {
        return given != null ? given : PARTITIONS_PER_CORE * cores;
    }

    private final int failedAttempts;

    /** The engine that {@link java.util.ServiceLoader} finds. */
    public SparkLooEngine() {
        this(0);
    }

    /** An engine whose tasks fail their first {@code failedAttempts} attempts on purpose (retry tests). */
    SparkLooEngine(int failedAttempts) {
        this.failedAttempts = failedAttempts;
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public LocalRun fetch(String run) throws IOException {
        return RunFetcher.fetch(run);
    }

    @Override
    public void compute(Job job, LeaveOneOut.RowSink sink, Progress progress) {
        int[] samples = job.samples();
        progress.update(0, samples.length);
        if (samples.length == 0) {
            return;
        }
        SparkConf conf = conf(job.master());
        boolean local = conf.get("spark.master").startsWith("local");
        ExecutorRuns.Key key = new ExecutorRuns.Key(job.run(), job.query(), job.windows(), job.definition());
        JavaSparkContext sc = new JavaSparkContext(conf);
        ExecutorService pool = null;
        try {
            int parts = partitions(job.partitions(), sc.defaultParallelism());
            List<int[]> chunks = Chunks.split(samples, parts);
            JavaRDD<TaskResult> results = sc.parallelize(chunks, chunks.size()).map(new RetrainTask(key, failedAttempts));
            // Enough jobs in flight to keep every core busy, also once more executors join; the rest wait here.
            int inFlight = Math.min(chunks.size(), Math.max(MIN_JOBS_IN_FLIGHT, 4 * sc.defaultParallelism()));
            pool = Executors.newFixedThreadPool(inFlight, r -> {
                Thread t = new Thread(r, "dit-spark-job");
                t.setDaemon(true);
                return t;
            });
            CompletionService<TaskResult> finished = new ExecutorCompletionService<>(pool);
            for (int p = 0; p < chunks.size(); p++) {
                int[] one = {p};
                finished.submit(() -> results.collectPartitions(one)[0].get(0));
            }
            long done = 0;
            for (int i = 0; i < chunks.size(); i++) {
                TaskResult r = take(finished);
                if (!r.ok()) {
                    throw new IllegalStateException(failure(r));
                }
                for (int k = 0; k < r.samples().length; k++) {
                    sink.accept(r.samples()[k], r.rows()[k]);
                }
                done += r.samples().length;
                progress.update(done, samples.length);
            }
        } finally {
            sc.cancelAllJobs();
            if (pool != null) {
                pool.shutdownNow();
            }
            sc.stop();
            if (local) {
                ExecutorRuns.closeAll(); // the executors were this JVM: close their runs, delete their copies
            }
        }
    }

    /** Spark's settings: the master, and no console progress bar or web UI for a local job. */
    static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setAppName("dit loo");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]"); // spark-submit sets spark.master; ./dit without --master runs here
        }
        conf.set("spark.ui.showConsoleProgress", "false");
        if (conf.get("spark.master").startsWith("local")) {
            conf.set("spark.ui.enabled", "false");
        }
        return conf;
    }

    private static TaskResult take(CompletionService<TaskResult> finished) {
        Future<TaskResult> f;
        try {
            f = finished.take();
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("leave-one-out on Spark interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Spark job failed: " + firstLine(e.getCause()), e.getCause());
        }
    }

    /** One line naming the sample that failed (or the run, when no sample could be started). */
    static String failure(TaskResult r) {
        if (r.failedSample() < 0) {
            return r.error();
        }
        String range = r.samples().length == 1 ? "" : " (in the Spark task of samples " + r.samples()[0] + ".."
                + r.samples()[r.samples().length - 1] + ")";
        return "leave-one-out of training sample " + r.failedSample() + " failed: " + r.error() + range;
    }

    private static String firstLine(Throwable e) {
        String m = e == null ? "unknown cause" : String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
