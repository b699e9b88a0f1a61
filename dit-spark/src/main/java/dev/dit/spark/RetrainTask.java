package dev.dit.spark;

import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.truth.LeaveOneOut;
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
        try {
            loo = ExecutorRuns.get(key);
        } catch (RuntimeException e) {
            return TaskResult.failed(samples, -1, message(e));
        }
        double[][] rows = new double[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            int j = samples[i];
            try {
                InfluenceMatrix m = loo.compute(new int[] {j}, 1, null, null, Progress.NONE);
                rows[i] = new double[m.windows().size()];
                for (int w = 0; w < rows[i].length; w++) {
                    rows[i][w] = m.get(0, w);
                }
            } catch (RuntimeException e) {
                return TaskResult.failed(samples, j, message(e));
            }
        }
        return TaskResult.done(samples, rows);
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
