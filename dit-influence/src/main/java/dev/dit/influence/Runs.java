package dev.dit.influence;

import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;

/** Builds {@link Run}s in memory: split, optionally standardise and corrupt, train. */
public final class Runs {
    private Runs() {
    }

    /**
     * Sizes and seeds of a run's data, and whether its features are standardised.
     *
     * @param nTrain          training samples
     * @param nVal            validation samples
     * @param nTest           test samples
     * @param splitSeed       seed of the shuffle that draws the splits
     * @param corruptFraction share of training labels to flip, in [0, 1]
     * @param corruptSeed     seed choosing them
     * @param scaling         feature standardisation, fitted on the training split only
     */
    public record DataPlan(int nTrain, int nVal, int nTest, long splitSeed, double corruptFraction, long corruptSeed,
                           FeatureScaling scaling) {
        /** Checks that {@code scaling} is given. */
        public DataPlan {
            java.util.Objects.requireNonNull(scaling, "scaling");
        }

        /**
         * A plan without standardisation ({@link FeatureScaling#NONE}).
         *
         * @param nTrain          training samples
         * @param nVal            validation samples
         * @param nTest           test samples
         * @param splitSeed       seed of the shuffle that draws the splits
         * @param corruptFraction share of training labels to flip, in [0, 1]
         * @param corruptSeed     seed choosing them
         */
        public DataPlan(int nTrain, int nVal, int nTest, long splitSeed, double corruptFraction, long corruptSeed) {
            this(nTrain, nVal, nTest, splitSeed, corruptFraction, corruptSeed, FeatureScaling.NONE);
        }
    }

    /** Splits {@code pool}, standardises and corrupts as planned, trains {@code spec}, and returns the run. */
    public static Run train(Dataset pool, DataPlan plan, ModelSpec spec, TrainConfig cfg, Trainer.Listener listener) {
        PreparedData d = PreparedData.prepare(pool, plan);
        return train(d.train(), d.val(), d.test(), d.corrupted(), spec, cfg, listener);
    }

    /** Trains {@code spec} on given splits. */
    public static Run train(Dataset train, Dataset val, Dataset test, int[] corrupted, ModelSpec spec,
                            TrainConfig cfg, Trainer.Listener listener) {
        Model model = new Model(spec, train.sampleShape(), train.numClasses());
        Trainer.Result r = Trainer.train(model, train, val, cfg, listener);
        return new Run(model, train, val, test, r.trajectory(), corrupted);
    }
}
