package dev.dit.autodiff.kernel;

import java.util.function.IntConsumer;

/**
 * Runs independent parts of one operation on the kernel threads ({@code -Ddit.threads}). The
 * caller runs part 0; a caller arriving while the threads serve another runs every part itself.
 * Parts must not share output elements, so the result never depends on which thread ran what.
 */
public final class Parallel {
    private Parallel() {
    }

    /** The number of kernel threads, at least 1. */
    public static int threads() {
        return KernelThreads.threads();
    }

    /** Runs {@code part.accept(i)} for every {@code i < parts}; returns when all have finished. */
    public static void run(int parts, IntConsumer part) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        KernelThreads.run(parts, part);
    }
}
