package dev.dit.autodiff.kernel;

/**
 * Whether one call site lets the kernel workers help, learnt by timing both ways on the machine as
 * it is now. The site runs epochs of {@link #EPOCH} calls in the way that has been faster and, now
 * and then, one trial epoch the other way (the caller running every part itself, or the workers
 * helping again); if the trial's calls took clearly less time than those of the faster of the
 * two epochs just before it, the site switches. Trials are frequent after a switch and grow rarer (up to one
 * epoch in {@link #MAX_EXPLOIT} + 1) while the choice holds. On a quiet machine splitting wins
 * and the trials cost about 2 %; when another process takes a core, the workers may be
 * descheduled mid-part or only take CPU time from the caller, and running alone can be faster.
 *
 * <p>Only who runs which part changes: the parts themselves, and so every result, stay the same.
 * Not thread-safe: used under {@code KernelThreads}' lock.
 */
final class SplitPolicy {
    /** Calls per timed epoch: many passes of a model, so both epochs of a comparison see the same mix of calls. */
    static final int EPOCH = 128;
    /** Epochs between trials right after a switch. */
    static final int MIN_EXPLOIT = 2;
    /** Most epochs between trials. */
    static final int MAX_EXPLOIT = 32;
    /** A trial must save this fraction of the time to win (noise must not flip the choice). */
    static final double MARGIN = 0.1;

    private boolean split = true;
    private boolean trial;
    private int calls;
    private long nanos;
    /** The faster of the last two epochs run the chosen way (other processes only ever add time). */
    private long bestNanos;
    private long lastNanos;
    private int exploit = MIN_EXPLOIT;
    private int epochsLeft = MIN_EXPLOIT;

    /** Helpers for the next call, which could use {@code wanted}: all of them or none. */
    int helpers(int wanted) {
        return split != trial ? wanted : 0;
    }

    /** Learns from the call just run (with the helpers {@link #helpers} gave), which took {@code callNanos}. */
    void record(long callNanos) {
        nanos += callNanos;
        if (++calls < EPOCH) {
            return;
        }
        if (trial) {
            if (nanos < (1.0 - MARGIN) * bestNanos) {
                split = !split;
                exploit = MIN_EXPLOIT;
            } else {
                exploit = Math.min(MAX_EXPLOIT, 2 * exploit);
            }
            trial = false;
            epochsLeft = exploit;
        } else {
            bestNanos = epochsLeft == exploit ? nanos : Math.min(lastNanos, nanos);
            lastNanos = nanos;
            trial = --epochsLeft == 0;
        }
        calls = 0;
        nanos = 0;
    }

    /** Whether the site currently lets workers help, outside trials (for tests). */
    boolean splits() {
        return split;
    }

    /** Whether the current epoch is a trial of the other way (for tests). */
    boolean inTrial() {
        return trial;
    }
}
