package dev.dit.autodiff.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The parts of one split kernel call handed to workers, and their completion count. One instance
 * is reused by every call (under {@code KernelThreads}' lock), so splitting allocates nothing.
 */
final class KernelBatch {
    /** Published to workers by {@link KernelWorker#submit}'s volatile write. */
    IntConsumer part;
    private final AtomicInteger remaining = new AtomicInteger();
    private Thread caller;
    private volatile Throwable failure;

    /** Prepares the next call: {@code workerParts} parts of {@code part} go to workers. */
    void reset(IntConsumer part, int workerParts) {
        this.part = part;
        this.caller = Thread.currentThread();
        this.failure = null;
        remaining.set(workerParts);
    }

    /** Called by a worker when its part has finished, normally or not. */
    void done(Throwable t) {
        if (t != null && failure == null) {
            failure = t;
        }
        if (remaining.decrementAndGet() == 0) {
            LockSupport.unpark(caller);
        }
    }

    /** Waits (spinning, then parking) until every worker part is done; ignores interrupts. */
    void await(long spinNanos) {
        long start = System.nanoTime();
        boolean interrupted = false;
        while (remaining.get() != 0) {
            if (System.nanoTime() - start < spinNanos) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 100_000L);
                interrupted |= Thread.interrupted(); // keep waiting: workers still write into C
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Throws the caller's own failure, else the first worker failure, if any. */
    void rethrow(Throwable own) {
        Throwable t = own != null ? own : failure;
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
