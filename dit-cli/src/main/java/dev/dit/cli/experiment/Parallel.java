package dev.dit.cli.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;

/** Runs independent computations (retrainings) on a few threads, results in input order. */
final class Parallel {
    private Parallel() {
    }

    static double[] map(int count, int threads, IntToDoubleFunction job, Feedback.Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, count)), dev.dit.autodiff.kernel.Parallel.outerWorkers("dit-retrain"));
        double[] out = new double[count];
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int k = i;
                fs.add(pool.submit(() -> {
                    out[k] = job.applyAsDouble(k);
                    synchronized (task) {
                        task.update(done.incrementAndGet(), count);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}
