package dev.dit.autodiff.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The thread count for kernels and a small pool of daemon worker threads. The calling thread
 * always runs part 0 itself; parts 1.. go to the pool. Workers never wait on other tasks, so
 * concurrent callers cannot deadlock.
 */
final class KernelThreads {
    /** System property overriding the default thread count (available processors). */
    static final String PROPERTY = "dit.threads";

    private static volatile int threads = initialThreads();
    private static ExecutorService pool;
    private static int poolSize;

    private KernelThreads() {
    }

    static int threads() {
        return threads;
    }

    static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        threads = n;
    }

    private static int initialThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String s = System.getProperty(PROPERTY);
        if (s == null || s.isBlank()) {
            return cpus;
        }
        try {
            return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            System.err.println("dit: ignoring bad -D" + PROPERTY + "=" + s + ", using " + cpus);
            return cpus;
        }
    }

    private static synchronized ExecutorService pool(int workers) {
        if (pool == null || poolSize < workers) {
            if (pool != null) {
                pool.shutdown();
            }
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "dit-kernel");
                t.setDaemon(true);
                return t;
            });
            poolSize = workers;
        }
        return pool;
    }

    /** Runs {@code part.accept(i)} for {@code i < parts}, returning when all have finished. */
    static void run(int parts, IntConsumer part) {
        if (parts == 1) {
            part.accept(0);
            return;
        }
        ExecutorService exec = pool(parts - 1);
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int index = i;
            futures[i - 1] = exec.submit(() -> part.accept(index));
        }
        Throwable failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the worker is still writing into C
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
