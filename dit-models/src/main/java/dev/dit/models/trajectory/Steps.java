package dev.dit.models.trajectory;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The per-step data: batch S_t is {@code indices[offsets[t] .. offsets[t+1])}, its learning rate
 * {@code lrs[t]}. Payload of the STEPS block: i64 T, i64 N, i64 offsets[T+1], f64 lrs[T], i32 indices[N].
 */
final class Steps {
    final int[] offsets;
    final int[] indices;
    final double[] lrs;

    private Steps(int[] offsets, int[] indices, double[] lrs) {
        this.offsets = offsets;
        this.indices = indices;
        this.lrs = lrs;
    }

    /** Validates against the header (throws {@link IllegalArgumentException}); does not copy. */
    static Steps of(int[] indices, int[] offsets, double[] lrs, TrajectoryHeader h) {
        int steps = h.numSteps();
        require(offsets.length == steps + 1, "need numSteps+1 = " + (steps + 1) + " batch offsets, got " + offsets.length);
        require(lrs.length == steps, "need numSteps = " + steps + " learning rates, got " + lrs.length);
        require(offsets[0] == 0, "first batch offset must be 0, got " + offsets[0]);
        require(offsets[steps] == indices.length, "last batch offset " + offsets[steps]
                + " does not match the " + indices.length + " indices");
        for (int t = 0; t < steps; t++) {
            require(offsets[t + 1] > offsets[t], "batch for step " + t + " is empty or has a negative size");
            require(Double.isFinite(lrs[t]) && lrs[t] >= 0, "learning rate at step " + t + " is " + lrs[t]);
        }
        int n = h.numExamples();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                int t = Arrays.binarySearch(offsets, i);
                t = t >= 0 ? t : -t - 2;
                throw new IllegalArgumentException("batch for step " + t + " has index " + indices[i]
                        + " outside [0, " + n + ")");
            }
        }
        return new Steps(offsets, indices, lrs);
    }

    /** Flattens per-step batches and validates; copies. */
    static Steps of(int[][] batches, double[] lrs, TrajectoryHeader h) {
        int[] offsets = new int[batches.length + 1];
        long total = 0;
        for (int t = 0; t < batches.length; t++) {
            total += batches[t].length;
            require(total <= Integer.MAX_VALUE - 8, "too many batch indices in total");
            offsets[t + 1] = (int) total;
        }
        int[] indices = new int[(int) total];
        for (int t = 0; t < batches.length; t++) {
            System.arraycopy(batches[t], 0, indices, offsets[t], batches[t].length);
        }
        return of(indices, offsets, lrs.clone(), h);
    }

    long payloadLength() {
        int steps = lrs.length;
        return 16L + 8L * (steps + 1) + 8L * steps + 4L * indices.length;
    }

    /** The whole STEPS block, sealed and ready to write. */
    ByteBuffer encode() {
        ByteBuffer b = Format.newBlock(Format.TAG_STEPS, payloadLength(), false);
        b.putLong(lrs.length).putLong(indices.length);
        for (int o : offsets) {
            b.putLong(o);
        }
        for (double lr : lrs) {
            b.putDouble(lr);
        }
        b.asIntBuffer().put(indices);
        b.position(b.position() + 4 * indices.length);
        return Format.seal(b);
    }

    /** Decodes and validates a STEPS payload (little-endian, positioned at its start). */
    static Steps decode(ByteBuffer payload, TrajectoryHeader h) {
        long steps = payload.getLong();
        long count = payload.getLong();
        require(steps == h.numSteps(), "holds " + steps + " steps but the header says " + h.numSteps());
        require(count >= 0 && count <= Integer.MAX_VALUE - 8, "bad index count " + count);
        long expected = 16L + 8L * (steps + 1) + 8L * steps + 4L * count;
        require(payload.remaining() + 16L == expected, "payload length does not match " + steps + " steps and "
                + count + " indices");
        int[] offsets = new int[(int) steps + 1];
        for (int t = 0; t <= steps; t++) {
            long o = payload.getLong();
            require(o >= 0 && o <= count, "batch offset " + o + " for step " + t + " outside [0, " + count + "]");
            offsets[t] = (int) o;
        }
        double[] lrs = new double[(int) steps];
        payload.asDoubleBuffer().get(lrs);
        payload.position(payload.position() + 8 * lrs.length);
        int[] indices = new int[(int) count];
        payload.asIntBuffer().get(indices);
        return of(indices, offsets, lrs, h);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
