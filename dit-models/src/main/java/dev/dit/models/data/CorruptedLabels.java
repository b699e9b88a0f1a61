package dev.dit.models.data;

/**
 * A dataset with some labels deliberately changed, and which ones.
 *
 * @param dataset           the dataset with corrupted labels
 * @param corruptedIndices  the changed sample indices, sorted ascending (copied in and out)
 */
public record CorruptedLabels(Dataset dataset, int[] corruptedIndices) {

    /**
     * Copies the index array.
     *
     * @param dataset          the dataset with corrupted labels
     * @param corruptedIndices the changed sample indices, sorted ascending
     */
    public CorruptedLabels {
        corruptedIndices = corruptedIndices.clone();
    }

    /** @return a copy of the changed sample indices, sorted ascending */
    @Override
    public int[] corruptedIndices() {
        return corruptedIndices.clone();
    }
}
