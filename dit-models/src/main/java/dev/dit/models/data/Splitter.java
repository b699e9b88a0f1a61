package dev.dit.models.data;

import java.util.Arrays;

/**
 * Draws disjoint train, validation and test sets from a pool by a seeded shuffle. The shuffle
 * depends only on the seed and the pool size (see {@link Rng}), so the same seed gives the same
 * split on every JVM.
 */
public final class Splitter {

    private Splitter() {
    }

    /**
     * Shuffles the pool indices with {@code seed}, then takes the first {@code nTrain} for
     * training, the next {@code nVal} for validation and the next {@code nTest} for testing.
     * Samples left over are unused.
     *
     * @param pool   the dataset to draw from
     * @param nTrain training-set size, ≥ 0
     * @param nVal   validation-set size, ≥ 0
     * @param nTest  test-set size, ≥ 0
     * @param seed   shuffle seed
     * @return the three sets with their pool indices
     * @throws IllegalArgumentException if a size is negative or they add up to more than the
     *                                  pool holds (the message names the sizes)
     */
    public static DataSplit split(Dataset pool, int nTrain, int nVal, int nTest, long seed) {
        if (nTrain < 0 || nVal < 0 || nTest < 0) {
            throw new IllegalArgumentException("split sizes must be >= 0: nTrain=" + nTrain + ", nVal=" + nVal
                    + ", nTest=" + nTest);
        }
        long total = (long) nTrain + nVal + nTest;
        if (total > pool.size()) {
            throw new IllegalArgumentException("cannot split '" + pool.name() + "': nTrain=" + nTrain + " + nVal=" + nVal
                    + " + nTest=" + nTest + " = " + total + " samples requested but the pool has only " + pool.size());
        }
        int[] perm = new Rng(seed).permutation(pool.size());
        int[] train = Arrays.copyOfRange(perm, 0, nTrain);
        int[] val = Arrays.copyOfRange(perm, nTrain, nTrain + nVal);
        int[] test = Arrays.copyOfRange(perm, nTrain + nVal, (int) total);
        return new DataSplit(pool.subset(train), pool.subset(val), pool.subset(test), train, val, test);
    }
}
