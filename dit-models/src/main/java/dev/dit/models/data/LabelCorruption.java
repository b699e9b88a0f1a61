package dev.dit.models.data;

import java.util.Arrays;

/**
 * Flips the labels of a seeded random fraction of the samples, to plant known-bad training
 * points whose influence can then be measured.
 */
public final class LabelCorruption {

    private LabelCorruption() {
    }

    /**
     * Changes the labels of exactly {@code Math.round(fraction · n)} distinct samples, chosen
     * uniformly with {@code seed}. Binary: {@code y ← 1 − y}. Multi-class: a different class,
     * uniformly among the other {@code numClasses − 1}. Features are unchanged.
     *
     * @param train    the dataset to corrupt
     * @param fraction the fraction of samples to change, in [0, 1]
     * @param seed     random seed; the same seed gives the same result on every JVM
     * @return the corrupted dataset and the sorted indices of the changed samples
     */
    public static CorruptedLabels corrupt(Dataset train, double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("corruption fraction must be in [0, 1], was " + fraction);
        }
        int n = train.size();
        int m = (int) Math.round(fraction * n);
        Rng rng = new Rng(seed);
        int[] chosen = Arrays.copyOf(rng.permutation(n), m);
        Arrays.sort(chosen);
        int[] labels = train.labels();
        int k = train.numClasses();
        for (int i : chosen) {
            labels[i] = k == 2 ? 1 - labels[i] : (labels[i] + 1 + rng.nextInt(k - 1)) % k;
        }
        return new CorruptedLabels(train.withLabels(labels), chosen);
    }
}
