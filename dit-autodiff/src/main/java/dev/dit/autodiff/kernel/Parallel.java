package dev.dit.autodiff.kernel;

import java.util.concurrent.ThreadFactory;
import java.util.function.IntConsumer;

/**
 * Runs independent parts of one operation on the kernel threads ({@code -Ddit.threads}). The
 * caller runs part 0; a caller arriving while the threads serve another runs every part itself,
 * and so does a caller whose call site has measured that the workers do not help right now (as
 * when another process takes a core). Parts must not share output elements, so the result never
 * depends on which thread ran what.
 */
public final class Parallel {
    private Parallel() {
    }

    /** {@return the number of threads work started on the current thread may use, at least 1} */
    public static int threads() {
        return KernelThreads.threads();
    }

    /**
     * Daemon threads for the workers of an outer parallel loop (one retraining or one sample per
     * thread). The kernels and ops they run stay on their own thread: the outer loop already uses
     * the cores, and splitting further would only oversubscribe them.
     *
     * @param name the threads' name
     * @return a factory for such threads
     */
    public static ThreadFactory outerWorkers(String name) {
        return r -> {
            Thread t = new Thread(() -> {
                KernelThreads.markSerial();
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * As {@link #run}, but splits only while the kernel threads are awake (spinning after a
     * recent parallel op); otherwise the caller runs every part. For short work, such as copying
     * a batch, that is worth splitting only when no thread has to be woken: waking a parked one
     * costs ~100 µs on virtualised hosts. The result never depends on which path was taken.
     *
     * @param parts the number of parts, at least 1
     * @param part runs part i; parts must not write to the same elements
     */
    public static void runIfAwake(int parts, IntConsumer part) {
        if (parts > 1 && KernelThreads.workersSpinning(parts)) {
            KernelThreads.run(parts, part);
            return;
        }
        for (int i = 0; i < parts; i++) {
            part.accept(i);
        }
    }

    /**
     * Runs {@code part.accept(i)} for every {@code i < parts}; returns when all have finished.
     *
     * @param parts the number of parts, at least 1
     * @param part runs part i; parts must not write to the same elements
     */
    public static void run(int parts, IntConsumer part) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        KernelThreads.run(parts, part);
    }
}
