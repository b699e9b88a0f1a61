package dev.dit.autodiff.kernel;

import java.util.concurrent.locks.LockSupport;

/** A daemon thread running one part of a {@link KernelBatch} at a time. */
final class KernelWorker extends Thread {
    private volatile KernelBatch batch;
    private int index;

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

    @Override
    public void run() {
        long idleSince = System.nanoTime();
        while (true) {
            KernelBatch b = batch;
            if (b != null) {
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
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
                idleSince = System.nanoTime() - KernelThreads.SPIN_NANOS; // woken: do not spin again
            }
        }
    }
}
