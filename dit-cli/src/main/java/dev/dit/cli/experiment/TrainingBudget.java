package dev.dit.cli.experiment;

import java.util.Locale;

/**
 * Checks, before training starts, that a run fits: at most {@link Integer#MAX_VALUE} − 1 steps
 * (a trajectory counts steps in an {@code int}), and the checkpoints, batches and learning rates
 * that training keeps in memory within the Java heap. Messages name the flags to change.
 */
public final class TrainingBudget {
    private TrainingBudget() {
    }

    /**
     * @return the number of steps T = epochs × ⌈nTrain / batch⌉
     * @throws IllegalArgumentException if T does not fit in a trajectory
     */
    public static int steps(int nTrain, int batch, int epochs) {
        long perEpoch = ((long) nTrain + batch - 1) / batch;
        long steps = perEpoch * epochs;
        if (steps >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--epochs %d × %d batches per epoch"
                    + " (--n-train %d, --batch %d) = %d steps, more than a trajectory can hold (%d);"
                    + " lower --epochs or raise --batch", epochs, perEpoch, nTrain, batch, steps, Integer.MAX_VALUE - 1));
        }
        return (int) steps;
    }

    /**
     * @param steps          T
     * @param checkpointEvery K
     * @param params         p
     * @param samplesSeen    epochs × nTrain (the batch indices)
     * @param heap           bytes the heap may grow to
     * @throws IllegalArgumentException if training would need more memory than {@code heap}
     */
    public static void memory(int steps, int checkpointEvery, int params, long samplesSeen, long heap) {
        long checkpoints = steps / checkpointEvery + 2L;
        double bytes = (double) checkpoints * (params * 8.0 + 16) + samplesSeen * 4.0 + steps * (8.0 + 24);
        if (bytes > heap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "training would keep about %s in memory"
                    + " (θ every %d of %d steps × %d parameters, plus the batches), more than the Java heap allows (%s);"
                    + " raise --checkpoint-every, lower --epochs, or give Java more memory (DIT_JAVA_OPTS=-Xmx…)",
                    size(bytes), checkpointEvery, steps, params, size(heap)));
        }
    }

    /**
     * The same check for training that streams its trajectory to a file ({@code dit train}): only
     * the batch schedule (held while training and again when the file is read back) and a few
     * parameter vectors stay in memory, however many checkpoints are stored.
     *
     * @param steps       T
     * @param params      p
     * @param samplesSeen epochs × nTrain (the batch indices)
     * @param heap        bytes the heap may grow to
     * @throws IllegalArgumentException if training would need more memory than {@code heap}
     */
    public static void streamedMemory(int steps, int params, long samplesSeen, long heap) {
        double bytes = 8.0 * params * 8 + samplesSeen * 12.0 + steps * (8.0 + 24 + 16);
        if (bytes > heap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "training would keep about %s in memory"
                    + " (the batch indices of %d steps, %d samples seen, and %d parameters), more than the Java heap"
                    + " allows (%s); lower --epochs or give Java more memory (DIT_JAVA_OPTS=-Xmx…)",
                    size(bytes), steps, samplesSeen, params, size(heap)));
        }
    }

    private static String size(double bytes) {
        return bytes >= 1 << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1 << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (1 << 20));
    }
}
