package dev.dit.models.data;

/**
 * Train, validation and test sets drawn from one pool, with the pool index of every sample
 * ({@code trainIndices()[i]} is the pool index of {@code train().label(i)}'s sample). The index
 * arrays are copied on the way in and out.
 *
 * @param train        the training set
 * @param val          the validation set (may be empty)
 * @param test         the test set (may be empty)
 * @param trainIndices pool indices of the training samples, in training-set order
 * @param valIndices   pool indices of the validation samples
 * @param testIndices  pool indices of the test samples
 */
public record DataSplit(Dataset train, Dataset val, Dataset test, int[] trainIndices, int[] valIndices,
                        int[] testIndices) {

    /**
     * Checks that each index array matches its dataset's size, and copies the arrays.
     *
     * @param train        the training set
     * @param val          the validation set
     * @param test         the test set
     * @param trainIndices pool indices of the training samples
     * @param valIndices   pool indices of the validation samples
     * @param testIndices  pool indices of the test samples
     */
    public DataSplit {
        check("train", train, trainIndices);
        check("val", val, valIndices);
        check("test", test, testIndices);
        trainIndices = trainIndices.clone();
        valIndices = valIndices.clone();
        testIndices = testIndices.clone();
    }

    private static void check(String what, Dataset d, int[] indices) {
        if (d.size() != indices.length) {
            throw new IllegalArgumentException(what + ": " + indices.length + " indices for " + d.size() + " samples");
        }
    }

    /** @return a copy of the training samples' pool indices */
    @Override
    public int[] trainIndices() {
        return trainIndices.clone();
    }

    /** @return a copy of the validation samples' pool indices */
    @Override
    public int[] valIndices() {
        return valIndices.clone();
    }

    /** @return a copy of the test samples' pool indices */
    @Override
    public int[] testIndices() {
        return testIndices.clone();
    }
}
