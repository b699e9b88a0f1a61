package dev.dit.influence;

import dev.dit.models.data.CorruptedLabels;
import dev.dit.models.data.DataSplit;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.data.LabelCorruption;
import dev.dit.models.data.Splitter;
import dev.dit.models.data.Standardizer;

/**
 * A run's data as trained on: the pool split by a {@link Runs.DataPlan}, standardised with
 * statistics of the training split only (if the plan says so), and with the planned share of
 * training labels flipped.
 *
 * @param train          the training set (standardised, corrupted labels included)
 * @param val            the validation set (standardised with the training statistics)
 * @param test           the test set (likewise)
 * @param corrupted      indices of the training samples whose labels were flipped, increasing
 * @param originalLabels their labels before flipping, parallel to {@code corrupted}
 * @param standardizer   the fitted standardiser, or {@code null} for {@link FeatureScaling#NONE}
 */
public record PreparedData(Dataset train, Dataset val, Dataset test, int[] corrupted, int[] originalLabels,
                           Standardizer standardizer) {

    /**
     * Splits, standardises and corrupts {@code pool} as {@code plan} says.
     *
     * @param pool the data to draw the splits from
     * @param plan split sizes and seed, feature scaling, corruption fraction and seed
     * @return the splits as trained on, with the flipped labels and the fitted standardiser
     * @throws IllegalArgumentException if the pool is too small for the plan, or the training split
     *                                  holds a single class (no classification task)
     */
    public static PreparedData prepare(Dataset pool, Runs.DataPlan plan) {
        DataSplit split = Splitter.split(pool, plan.nTrain(), plan.nVal(), plan.nTest(), plan.splitSeed());
        Dataset train = split.train();
        Dataset val = split.val();
        Dataset test = split.test();
        requireTwoClasses(train, pool);
        Standardizer standardizer = null;
        if (plan.scaling() == FeatureScaling.Z) {
            standardizer = Standardizer.fit(train); // the training split only: no leak from val/test
            train = standardizer.apply(train);
            val = standardizer.apply(val);
            test = standardizer.apply(test);
        }
        int[] corrupted = new int[0];
        int[] original = new int[0];
        if (plan.corruptFraction() > 0) {
            CorruptedLabels c = LabelCorruption.corrupt(train, plan.corruptFraction(), plan.corruptSeed());
            corrupted = c.corruptedIndices();
            original = new int[corrupted.length];
            for (int k = 0; k < corrupted.length; k++) {
                original[k] = train.label(corrupted[k]);
            }
            train = c.dataset();
        }
        return new PreparedData(train, val, test, corrupted, original, standardizer);
    }

    private static void requireTwoClasses(Dataset train, Dataset pool) {
        int first = train.size() == 0 ? -1 : train.label(0);
        for (int i = 1; i < train.size(); i++) {
            if (train.label(i) != first) {
                return;
            }
        }
        throw new IllegalArgumentException("the training split of '" + pool.name() + "' (" + train.size()
                + " samples) holds " + (first < 0 ? "no samples" : "only class '" + train.classNames().get(first) + "'")
                + "; a classification task needs at least 2 classes: draw more training samples or use another split seed");
    }

    /**
     * Copies the arrays.
     *
     * @param train          the training set (standardised, corrupted labels included)
     * @param val            the validation set (standardised with the training statistics)
     * @param test           the test set (likewise)
     * @param corrupted      indices of the training samples whose labels were flipped, increasing
     * @param originalLabels their labels before flipping, parallel to {@code corrupted}
     * @param standardizer   the fitted standardiser, or {@code null} for {@link FeatureScaling#NONE}
     */
    public PreparedData {
        corrupted = corrupted.clone();
        originalLabels = originalLabels.clone();
    }

    /**
     * A copy of the corrupted samples' indices.
     *
     * @return indices into {@link #train()} of the flipped labels, increasing
     */
    @Override
    public int[] corrupted() {
        return corrupted.clone();
    }

    /**
     * A copy of the corrupted samples' labels before flipping.
     *
     * @return the original labels, parallel to {@link #corrupted()}
     */
    @Override
    public int[] originalLabels() {
        return originalLabels.clone();
    }
}
