package dev.dit.autodiff.kernel;

/**
 * A bounded busy-wait that gives up early when the thread was descheduled while spinning: a gap
 * between two clock reads far longer than one loop turn means another process has the core, and
 * spinning then only takes it from the thread being waited for, which parking would let run.
 */
final class Spin {
    /** A gap between two turns of a spin loop longer than this means the thread was descheduled. */
    static final long PREEMPTED_NANOS = 20_000L;

    private final long start;
    private final long budget;
    private long last;

    Spin(long budgetNanos) {
        start = System.nanoTime();
        last = start;
        budget = budgetNanos;
    }

    /** Whether to spin one more turn: false once the budget is spent or the thread was descheduled. */
    boolean goOn() {
        long now = System.nanoTime();
        if (now - last > PREEMPTED_NANOS) {
            return false;
        }
        last = now;
        return now - start < budget;
    }
}
