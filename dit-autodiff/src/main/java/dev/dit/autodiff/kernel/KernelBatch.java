package dev.dit.autodiff.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The parts of one split kernel call and who has claimed them. The caller and the workers claim
 * parts from one counter, so a part goes to whichever thread gets to it first: a worker the
 * operating system has not scheduled yet (a busy machine) never holds the call up, because the
 * caller runs its unclaimed parts itself. Only parts already started are waited for. Which thread
 * ran a part never changes a result, since parts never share an output element.
 *
 * <p>One instance is reused by every call (under {@code KernelThreads}' lock), so splitting
 * allocates nothing. The claim counter carries a generation: {@code gen << 32 | parts << 16 |
 * claimed}. It only grows, so a compare-and-set that succeeds proves the call it read is still
 * running (its last part was unclaimed until that moment), and a worker that wakes late can never
 * run a part of a call that has already returned.
 */
final class KernelBatch {
    private static final long GEN_ONE = 1L << 32;
    /** Most parts one call may have (16 bits of the claim word). */
    static final int MAX_PARTS = 0xFFFF;

    /** Published by the volatile write of {@link #claims}; read only after a successful claim. */
    private IntConsumer part;
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Thread caller;
    /** Whether the caller is parked (or about to be) waiting for started parts. */
    private volatile boolean callerWaiting;
    private volatile Throwable failure;
    /**
     * Workers numbered above this take no part in the current call (a hint, published with the
     * call; any thread may run any part, so a stale value only moves work between threads).
     */
    private int helpers;
    /** For tests: run by a worker between claiming a part and running it, as if descheduled there. */
    static volatile Runnable workerPause;

    /** Starts the next call: {@code parts} parts of {@code p}, none claimed yet, any worker may help. */
    void start(IntConsumer p, int parts) {
        start(p, parts, MAX_PARTS);
    }

    /** Starts the next call: {@code parts} parts of {@code p}; only workers 1..{@code helpers} may help. */
    void start(IntConsumer p, int parts, int helpers) {
        if (parts < 1 || parts > MAX_PARTS) {
            throw new IllegalArgumentException("parts must be in 1.." + MAX_PARTS + ", got " + parts);
        }
        this.helpers = helpers;
        part = p;
        caller = Thread.currentThread();
        failure = null;
        callerWaiting = false;
        finished.set(0);
        long gen = (claims.get() >>> 32) + 1;
        claims.set(gen << 32 | (long) parts << 16); // publishes the fields above
    }

    /** Whether a call that worker {@code number} may help has unclaimed parts (a hint). */
    boolean hasWork(int number) {
        return hasWork() && number <= helpers;
    }

    /** Whether a call with unclaimed parts is running (a hint for idle workers). */
    boolean hasWork() {
        long c = claims.get();
        return (int) (c & 0xFFFF) < (int) ((c >>> 16) & 0xFFFF);
    }

    /**
     * Claims and runs parts until none is left unclaimed; returns how many this thread ran.
     * Failures are recorded, not thrown: the other parts still run, and the caller rethrows.
     */
    int runParts() {
        return runParts(0);
    }

    /**
     * As {@link #runParts()} for worker {@code number} (0 for the caller), which stops claiming
     * once the call does not want its help.
     */
    int runParts(int number) {
        int ran = 0;
        while (true) {
            long c = claims.get();
            int claimed = (int) (c & 0xFFFF);
            int parts = (int) ((c >>> 16) & 0xFFFF);
            if (claimed >= parts || number > helpers) {
                return ran;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            // The call cannot finish before this part does, so part belongs to generation c.
            Runnable pause = workerPause;
            if (pause != null && number > 0) {
                pause.run();
            }
            try {
                part.accept(claimed);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            ran++;
            if (finished.incrementAndGet() == parts && Thread.currentThread() != caller && callerWaiting) {
                LockSupport.unpark(caller);
            }
        }
    }

    /**
     * Called by the caller once no part is left to claim: waits until every started part has
     * finished, spinning for up to {@code spinNanos} and then parking. Ignores interrupts (the
     * workers still write into the caller's arrays) but restores the flag.
     *
     * @return false if the caller had to park (the spin was too short to be of use)
     */
    boolean awaitStarted(long spinNanos) {
        int parts = (int) ((claims.get() >>> 16) & 0xFFFF);
        if (finished.get() == parts) {
            return true;
        }
        Spin spin = new Spin(spinNanos);
        while (finished.get() != parts && spin.goOn()) {
            Thread.onSpinWait();
        }
        if (finished.get() == parts) {
            return true;
        }
        boolean interrupted = false;
        while (finished.get() != parts) {
            // Dekker with the finisher: it increments `finished`, then reads `callerWaiting`; we
            // write `callerWaiting`, then read `finished`. One of us sees the other's write, so
            // the unpark cannot be lost (and a permit left over only makes a later park return early).
            callerWaiting = true;
            if (finished.get() != parts) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        callerWaiting = false;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Throws the first failure of a part, if any. */
    void rethrow() {
        Throwable t = failure;
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
