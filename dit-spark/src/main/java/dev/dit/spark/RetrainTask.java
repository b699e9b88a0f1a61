package dev.dit.spark;

import dev.dit.influence.estimate.Progress;
import dev.dit.influence.truth.LeaveOneOut;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One Spark task: the leave-one-out rows of a contiguous range of samples, computed by the
 * single-machine {@link LeaveOneOut} on the task's one thread. A sample that fails (out of
 * range, a retraining that diverges) ends the task with a {@link TaskResult} naming it.
 */
final class RetrainTask implements Function<int[], TaskResult> {
    private static final long serialVersionUID = 1L;

    private final ExecutorRuns.Key key;
    /** Attempts of every task that fail on purpose before computing: lets tests exercise Spark's retries. */
    private final int failedAttempts;

    RetrainTask(ExecutorRuns.Key key, int failedAttempts) {
        this.key = key;
        this.failedAttempts = failedAttempts;
    }

    @Override
    public TaskResult call(int[] samples) {
        TaskContext ctx = TaskContext.get();
        if (ctx != null && ctx.attemptNumber() < failedAttempts) {
            throw new IllegalStateException("attempt " + ctx.attemptNumber() + " of this task fails on purpose (a retry test)");
        }
        LeaveOneOut loo;
        int n;
        try {
            loo = ExecutorRuns.get(key);
            n = ExecutorRuns.samples(key);
        } catch (RuntimeException e) {
            return TaskResult.failed(samples, -1, message(e));
        }
        return rows(loo, n, samples);
    }

    /** The rows of {@code samples} (a run of {@code n} training samples), or the first sample that failed. */
    static TaskResult rows(LeaveOneOut loo, int n, int[] samples) {
        for (int j : samples) {
            if (j < 0 || j >= n) {
                return TaskResult.failed(samples, j, "training sample " + j + " outside [0, " + n + ")");
            }
        }
        // One call for the whole range: its worker (buffers, the model's graphs) serves every sample.
        Map<Integer, double[]> rows = new ConcurrentHashMap<>();
        try {
            loo.compute(samples, 1, null, rows::put, Progress.NONE);
        } catch (RuntimeException e) {
            // One thread takes the samples in order: the first without a row is the one that failed.
            int failed = Arrays.stream(samples).filter(j -> !rows.containsKey(j)).findFirst().orElse(samples[0]);
            return TaskResult.failed(samples, failed, message(e));
        }
        double[][] out = new double[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            out[i] = rows.get(samples[i]);
        }
        return TaskResult.done(samples, out);
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
