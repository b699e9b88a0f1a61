package dev.dit.autodiff;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the chunks of one parallel pass as its parts become free, so no part waits for
 * another at the end of the pass. With two parts, part 0 claims from the front and part 1 from
 * the back: each then works on about the same images in every layer of a network, and reads
 * activations it wrote itself, still in its own cache. Which part runs a chunk must never change
 * a result; callers make chunks write disjoint outputs.
 */
final class ChunkClaims {
    /** The unclaimed chunks {@code [front, back)}, packed as {@code back << 32 | front}. */
    private final AtomicLong state = new AtomicLong();

    /** Starts a pass over chunks {@code 0 .. count-1}. */
    void reset(int count) {
        state.set(((long) count) << 32);
    }

    /** The next chunk for {@code part} of {@code parts}, or -1 when none is left. */
    int next(int part, int parts) {
        boolean fromBack = parts == 2 && part == 1;
        while (true) {
            long c = state.get();
            int front = (int) c;
            int back = (int) (c >>> 32);
            if (front >= back) {
                return -1;
            }
            long claimed = fromBack ? ((long) (back - 1) << 32) | front : ((long) back << 32) | (front + 1);
            if (state.compareAndSet(c, claimed)) {
                return fromBack ? back - 1 : front;
            }
        }
    }
}
