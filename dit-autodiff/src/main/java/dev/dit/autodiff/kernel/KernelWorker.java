package dev.dit.autodiff.kernel;

import java.util.concurrent.locks.LockSupport;

/** A daemon thread running one part of a {@link KernelBatch} at a time. */
final class KernelWorker extends Thread {
    private volatile KernelBatch batch;
    private int index;
    /** Whether the worker is spinning for its next task (so a hand-over costs no wake-up). */
    private volatile boolean spinning;

    KernelWorker(int number) {
        super("dit-kernel-" + number);
        setDaemon(true);
    }

    /** Hands over part {@code i} of {@code b}; the worker must be idle. */
    void submit(KernelBatch b, int i) {
        index = i; // published by the volatile write below
        batch = b;
        LockSupport.unpark(this);
    }

    /** Whether the worker is spinning for a task right now (a hint: it may park the next moment). */
    boolean spinning() {
        return spinning;
    }

    @Override
    public void run() {
        long idleSince = System.nanoTime();
        while (true) {
            KernelBatch b = batch;
            if (b != null) {
                spinning = false;
                batch = null;
                Throwable failure = null;
                try {
                    b.part.accept(index);
                } catch (Throwable t) {
                    failure = t;
                }
                b.done(failure);
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < KernelThreads.SPIN_NANOS) {
                if (!spinning) {
                    spinning = true;
                }
                Thread.onSpinWait();
            } else {
                spinning = false;
                LockSupport.park(this);
                idleSince = System.nanoTime() - KernelThreads.SPIN_NANOS; // woken: do not spin again
            }
        }
    }
}
