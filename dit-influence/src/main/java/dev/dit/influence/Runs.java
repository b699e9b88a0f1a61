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
     * Sizes and seeds of a run's data, and whether its features are standardised. Build one by
     * name rather than by position: {@code Runs.DataPlan.builder().nTrain(256).corruptFraction(0.1).build()};
     * see {@link Builder} for the defaults.
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
        /**
         * Checks that {@code scaling} is given.
         *
         * @param nTrain          training samples
         * @param nVal            validation samples
         * @param nTest           test samples
         * @param splitSeed       seed of the shuffle that draws the splits
         * @param corruptFraction share of training labels to flip, in [0, 1]
         * @param corruptSeed     seed choosing them
         * @param scaling         feature standardisation, fitted on the training split only; not null
         */
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

        /**
         * A builder with defaults nVal 256, nTest 256 (as {@code dit train}), splitSeed 0, no
         * corruption, corruptSeed 0 and no standardisation; {@code nTrain} must be set.
         *
         * @return a new builder
         */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * A builder holding this plan's values, to change some of them.
         *
         * @return a new builder
         */
        public Builder toBuilder() {
            return new Builder().nTrain(nTrain).nVal(nVal).nTest(nTest).splitSeed(splitSeed)
                    .corruptFraction(corruptFraction).corruptSeed(corruptSeed).scaling(scaling);
        }

        /**
         * Builds a {@link DataPlan} by field name. Each setter checks its value at once and names the
         * field in its {@link IllegalArgumentException}; {@link #build()} names a required field left unset.
         */
        public static final class Builder {
            private Integer nTrain;
            private int nVal = 256;
            private int nTest = 256;
            private long splitSeed;
            private double corruptFraction;
            private long corruptSeed;
            private FeatureScaling scaling = FeatureScaling.NONE;

            private Builder() {
            }

            /**
             * Sets the number of training samples (required).
             *
             * @param nTrain at least 1
             * @return this builder
             */
            public Builder nTrain(int nTrain) {
                if (nTrain < 1) {
                    throw new IllegalArgumentException("DataPlan.nTrain must be >= 1, got " + nTrain);
                }
                this.nTrain = nTrain;
                return this;
            }

            /**
             * Sets the number of validation samples (default 256).
             *
             * @param nVal at least 0
             * @return this builder
             */
            public Builder nVal(int nVal) {
                this.nVal = atLeastZero("nVal", nVal);
                return this;
            }

            /**
             * Sets the number of test samples (default 256).
             *
             * @param nTest at least 0
             * @return this builder
             */
            public Builder nTest(int nTest) {
                this.nTest = atLeastZero("nTest", nTest);
                return this;
            }

            /**
             * Sets the seed of the split (default 0).
             *
             * @param splitSeed any value
             * @return this builder
             */
            public Builder splitSeed(long splitSeed) {
                this.splitSeed = splitSeed;
                return this;
            }

            /**
             * Sets the fraction of training labels to flip (default 0: none).
             *
             * @param corruptFraction in [0, 1]
             * @return this builder
             */
            public Builder corruptFraction(double corruptFraction) {
                if (!(corruptFraction >= 0 && corruptFraction <= 1)) {
                    throw new IllegalArgumentException("DataPlan.corruptFraction must be in [0, 1], got " + corruptFraction);
                }
                this.corruptFraction = corruptFraction;
                return this;
            }

            /**
             * Sets the seed choosing the flipped labels (default 0).
             *
             * @param corruptSeed any value
             * @return this builder
             */
            public Builder corruptSeed(long corruptSeed) {
                this.corruptSeed = corruptSeed;
                return this;
            }

            /**
             * Sets the feature standardisation, fitted on the training split only (default
             * {@link FeatureScaling#NONE}; {@code dit train} uses {@link FeatureScaling#defaultFor}).
             *
             * @param scaling none or z
             * @return this builder
             */
            public Builder scaling(FeatureScaling scaling) {
                this.scaling = java.util.Objects.requireNonNull(scaling, "DataPlan.scaling");
                return this;
            }

            /**
             * The plan.
             *
             * @return a new {@link DataPlan}
             * @throws IllegalStateException if {@code nTrain} was not set
             */
            public DataPlan build() {
                if (nTrain == null) {
                    throw new IllegalStateException("DataPlan.nTrain is required");
                }
                return new DataPlan(nTrain, nVal, nTest, splitSeed, corruptFraction, corruptSeed, scaling);
            }

            private static int atLeastZero(String field, int value) {
                if (value < 0) {
                    throw new IllegalArgumentException("DataPlan." + field + " must be >= 0, got " + value);
                }
                return value;
            }
        }
    }

    /**
     * Splits {@code pool}, standardises and corrupts as planned, trains {@code spec}, and returns the run.
     *
     * @param pool the data to draw the splits from
     * @param plan split sizes, seeds and label corruption
     * @param spec the model to train
     * @param cfg the training hyper-parameters
     * @param listener told about each step and epoch, or null
     * @return the trained run, in memory
     */
    public static Run train(Dataset pool, DataPlan plan, ModelSpec spec, TrainConfig cfg, Trainer.Listener listener) {
        PreparedData d = PreparedData.prepare(pool, plan);
        return train(d.train(), d.val(), d.test(), d.corrupted(), spec, cfg, listener);
    }

    /**
     * Trains {@code spec} on given splits.
     *
     * @param train the training split (labels as they are to be trained on)
     * @param val the validation split
     * @param test the test split
     * @param corrupted indices of training samples with corrupted labels, or null
     * @param spec the model to train
     * @param cfg the training hyper-parameters
     * @param listener told about each step and epoch, or null
     * @return the trained run, in memory
     */
    public static Run train(Dataset train, Dataset val, Dataset test, int[] corrupted, ModelSpec spec,
                            TrainConfig cfg, Trainer.Listener listener) {
        Model model = new Model(spec, train.sampleShape(), train.numClasses());
        Trainer.Result r = Trainer.train(model, train, val, cfg, listener);
        return new Run(model, train, val, test, r.trajectory(), corrupted);
    }
}
