package dev.dit.models.train;

import java.util.SplittableRandom;

/**
 * The minibatches S_t of a run: each epoch is a seeded permutation of {@code 0 … n-1} cut into
 * consecutive batches (the last one may be smaller). Fully determined by (n, batch, epochs, seed).
 */
public final class BatchSchedule {
    private final int[][] batches;
    private final int[] epochStarts;

    private BatchSchedule(int[][] batches, int[] epochStarts) {
        this.batches = batches;
        this.epochStarts = epochStarts;
    }

    /**
     * Draws the schedule.
     *
     * @param n the training-set size
     * @param batchSize samples per batch (the last batch of an epoch may be smaller)
     * @param epochs passes over the training set
     * @param seed the seed of the shuffles
     * @return the schedule
     */
    public static BatchSchedule draw(int n, int batchSize, int epochs, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("no training samples");
        }
        if (batchSize < 1 || epochs < 1) {
            throw new IllegalArgumentException("batch size and epochs must be >= 1, got " + batchSize + " and " + epochs);
        }
        int perEpoch = (int) (((long) n + batchSize - 1) / batchSize);
        if ((long) perEpoch * epochs >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(epochs + " epochs × " + perEpoch + " batches per epoch = "
                    + (long) perEpoch * epochs + " steps, more than a schedule can hold (" + (Integer.MAX_VALUE - 1) + ")");
        }
        int[][] batches = new int[perEpoch * epochs][];
        int[] starts = new int[epochs + 1];
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = new int[n];
        int t = 0;
        for (int e = 0; e < epochs; e++) {
            starts[e] = t;
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            for (int from = 0; from < n; from += batchSize) {
                int len = Math.min(batchSize, n - from);
                int[] b = new int[len];
                System.arraycopy(perm, from, b, 0, len);
                batches[t++] = b;
            }
        }
        starts[epochs] = t;
        return new BatchSchedule(batches, starts);
    }

    /**
     * Wraps given batches and epoch boundaries (as read from a trajectory).
     *
     * @param batches S_t for every step
     * @param epochBoundaries epochs + 1 steps, from 0 to T
     * @return the schedule
     */
    public static BatchSchedule of(int[][] batches, int[] epochBoundaries) {
        return new BatchSchedule(batches, epochBoundaries.clone());
    }

    /** {@return the number of steps T} */
    public int steps() {
        return batches.length;
    }

    /**
     * S_t (do not modify).
     *
     * @param t the step
     * @return the batch's sample indices
     */
    public int[] batch(int t) {
        return batches[t];
    }

    /** {@return all batches (do not modify)} */
    public int[][] batches() {
        return batches;
    }

    /** {@return the epoch boundaries in steps: {@code epochs + 1} entries from 0 to T} */
    public int[] epochBoundaries() {
        return epochStarts.clone();
    }

    /** {@return the number of epochs} */
    public int epochs() {
        return epochStarts.length - 1;
    }
}
