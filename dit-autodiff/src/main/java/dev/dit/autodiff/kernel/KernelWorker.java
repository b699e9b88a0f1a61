package dev.dit.autodiff.kernel;

import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread that claims parts of the running {@link KernelBatch}. When idle it spins for a
 * while (a hand-over then costs no wake-up), then parks. The spin adapts: it doubles (up to
 * {@link KernelThreads#SPIN_NANOS}) each time work arrived while spinning and halves (down to
 * {@link #MIN_SPIN_NANOS}) each time it did not, so a worker whose spins are wasted, as between
 * the rare split products of an MLP, barely spins and leaves the core to others.
 */
final class KernelWorker extends Thread {
    /** Shortest idle spin. */
    static final long MIN_SPIN_NANOS = 1_000L;

    private final KernelBatch batch;
    /** 1 for the first worker; a call that wants h helpers is served by workers 1..h. */
    private final int number;
    /** Whether the worker is spinning for work right now (a hint: it may park the next moment). */
    private volatile boolean spinning;
    /** Whether the worker is parked or about to park; see {@link #wake}. */
    private volatile boolean parked;
    private long spinNanos = KernelThreads.SPIN_NANOS;

    KernelWorker(int number, KernelBatch batch) {
        super("dit-kernel-" + number);
        this.batch = batch;
        this.number = number;
        setDaemon(true);
    }

    /**
     * Wakes the worker if it parked; the caller must have published the work first. The worker
     * writes {@code parked} and then reads the batch, the caller writes the batch and then reads
     * {@code parked}: one of them sees the other's write, so a wake-up cannot be lost.
     */
    void wake() {
        if (parked) {
            LockSupport.unpark(this);
        }
    }

    /** Whether the worker is spinning for work right now (a hint: it may park the next moment). */
    boolean spinning() {
        return spinning;
    }

    /** The current spin budget in nanoseconds (for tests). */
    long spinNanos() {
        return spinNanos;
    }

    @Override
    public void run() {
        while (true) {
            if (batch.hasWork(number)) {
                batch.runParts(number);
                continue;
            }
            spinning = true;
            boolean found = false;
            long start = System.nanoTime();
            while (System.nanoTime() - start < spinNanos) {
                if (batch.hasWork(number)) {
                    found = true;
                    break;
                }
                Thread.onSpinWait();
            }
            spinning = false;
            if (found) {
                spinNanos = Math.min(KernelThreads.SPIN_NANOS, spinNanos * 2);
                continue;
            }
            spinNanos = Math.max(MIN_SPIN_NANOS, spinNanos / 2);
            parked = true;
            if (!batch.hasWork(number)) {
                LockSupport.park(this); // may return spuriously: the loop checks again
            }
            parked = false;
        }
    }
}
