package dev.dit.models.train;

/**
 * Hyper-parameters of one SGD run. {@code checkpointEvery = 1} stores every θ_t; K > 1 stores
 * θ_t for t divisible by K (and θ_T) and recomputes the rest by replay.
 *
 * <p>Build one by name rather than by position:
 * {@code TrainConfig.builder().epochs(15).batchSize(64).learningRate(0.1).build()}; see {@link Builder}
 * for the defaults.
 *
 * @param epochs passes over the training set, at least 1
 * @param batchSize samples per SGD step, at least 1
 * @param learningRate base learning rate η_0, positive and finite
 * @param schedule the learning-rate schedule η_t ({@link LearningRate}: constant, sqrt, step, cosine, warm-up)
 * @param l2 coefficient α of the L2 term {@code (α/2)‖θ‖²} of the objective, at least 0
 * @param seed seed of θ_0 and of the batch order
 * @param checkpointEvery store every K-th θ_t (and θ_T), at least 1
 * @param optimizer the update rule ({@link OptimizerSpec#SGD} unless chosen)
 * @param trainMetrics what the log's training loss and accuracy are ({@link TrainMetrics#EXACT} unless
 *                     chosen; {@code dit train} chooses {@link TrainMetrics#BATCH_MEAN}); changes the log only,
 *                     never θ
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, LearningRate schedule,
                          double l2, long seed, int checkpointEvery, OptimizerSpec optimizer,
                          TrainMetrics trainMetrics) {
    /**
     * Checks every component (see {@link Builder} for messages that name the field).
     *
     * @param epochs passes over the training set, at least 1
     * @param batchSize samples per SGD step, at least 1
     * @param learningRate base learning rate η_0, positive and finite
     * @param schedule how η_t decays with the step t
     * @param l2 coefficient α of the L2 term, at least 0
     * @param seed seed of θ_0 and of the batch order
     * @param checkpointEvery store every K-th θ_t (and θ_T), at least 1
     * @param optimizer the update rule, not null
     * @param trainMetrics what the log's training loss and accuracy are, not null
     */
    public TrainConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null");
        }
        if (trainMetrics == null) {
            throw new IllegalArgumentException("trainMetrics must not be null");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("L2 coefficient must be >= 0, got " + l2);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1, got " + checkpointEvery);
        }
    }

    /**
     * A run logging {@link TrainMetrics#EXACT} training metrics (the meaning of every configuration
     * before the choice existed).
     *
     * @param epochs passes over the training set, at least 1
     * @param batchSize samples per SGD step, at least 1
     * @param learningRate base learning rate η_0, positive and finite
     * @param schedule how η_t decays with the step t
     * @param l2 coefficient α of the L2 term, at least 0
     * @param seed seed of θ_0 and of the batch order
     * @param checkpointEvery store every K-th θ_t (and θ_T), at least 1
     * @param optimizer the update rule, not null
     */
    public TrainConfig(int epochs, int batchSize, double learningRate, LearningRate schedule, double l2, long seed,
                       int checkpointEvery, OptimizerSpec optimizer) {
        this(epochs, batchSize, learningRate, schedule, l2, seed, checkpointEvery, optimizer, TrainMetrics.EXACT);
    }

    /**
     * A configuration with another way of logging the training metrics; θ is unaffected.
     *
     * @param metrics what the log's training loss and accuracy are
     * @return a copy of this configuration with {@code metrics}
     */
    public TrainConfig withTrainMetrics(TrainMetrics metrics) {
        return new TrainConfig(epochs, batchSize, learningRate, schedule, l2, seed, checkpointEvery, optimizer, metrics);
    }

    /**
     * A plain-SGD run with exact training metrics (the meaning of every configuration before optimizers existed).
     *
     * @param epochs passes over the training set, at least 1
     * @param batchSize samples per SGD step, at least 1
     * @param learningRate base learning rate η_0, positive and finite
     * @param schedule how η_t decays with the step t
     * @param l2 coefficient α of the L2 term, at least 0
     * @param seed seed of θ_0 and of the batch order
     * @param checkpointEvery store every K-th θ_t (and θ_T), at least 1
     */
    public TrainConfig(int epochs, int batchSize, double learningRate, LearningRate schedule, double l2, long seed,
                       int checkpointEvery) {
        this(epochs, batchSize, learningRate, schedule, l2, seed, checkpointEvery, OptimizerSpec.SGD);
    }

    /**
     * A builder with the defaults of {@code dit train}: schedule {@link LearningRate#SQRT}, l2 1e-3,
     * seed 0, checkpointEvery 1, optimizer SGD; but training metrics {@link TrainMetrics#EXACT}, as every
     * library configuration (the command chooses {@link TrainMetrics#BATCH_MEAN}). {@code epochs}, {@code batchSize} and {@code learningRate} have no
     * default and must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's values, to change some of them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate).schedule(schedule)
                .l2(l2).seed(seed).checkpointEvery(checkpointEvery).optimizer(optimizer).trainMetrics(trainMetrics);
    }

    /**
     * Builds a {@link TrainConfig} by field name. Each setter checks its value at once and names the
     * field in its {@link IllegalArgumentException}; {@link #build()} names a required field left unset.
     */
    public static final class Builder {
        private Integer epochs;
        private Integer batchSize;
        private Double learningRate;
        private LearningRate schedule = LearningRate.SQRT;
        private double l2 = 1e-3;
        private long seed;
        private int checkpointEvery = 1;
        private OptimizerSpec optimizer = OptimizerSpec.SGD;
        private TrainMetrics trainMetrics = TrainMetrics.EXACT;

        private Builder() {
        }

        /**
         * Sets the passes over the training set (required).
         *
         * @param epochs at least 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = atLeastOne("epochs", epochs);
            return this;
        }

        /**
         * Sets the samples per SGD step (required).
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = atLeastOne("batchSize", batchSize);
            return this;
        }

        /**
         * Sets the base learning rate η_0 (required).
         *
         * @param learningRate positive and finite
         * @return this builder
         */
        public Builder learningRate(double learningRate) {
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("TrainConfig.learningRate must be a positive finite number, got "
                        + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Sets the learning-rate schedule (default {@link LearningRate#SQRT}).
         *
         * @param schedule not null
         * @return this builder
         */
        public Builder schedule(LearningRate schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("TrainConfig.schedule must not be null");
            }
            this.schedule = schedule;
            return this;
        }

        /**
         * Sets the L2 coefficient α (default 1e-3).
         *
         * @param l2 at least 0 and finite
         * @return this builder
         */
        public Builder l2(double l2) {
            if (!(l2 >= 0) || !Double.isFinite(l2)) {
                throw new IllegalArgumentException("TrainConfig.l2 must be a finite number >= 0, got " + l2);
            }
            this.l2 = l2;
            return this;
        }

        /**
         * Sets the seed of θ_0 and of the batch order (default 0).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets how often θ_t is stored (default 1: every step).
         *
         * @param checkpointEvery at least 1
         * @return this builder
         */
        public Builder checkpointEvery(int checkpointEvery) {
            this.checkpointEvery = atLeastOne("checkpointEvery", checkpointEvery);
            return this;
        }

        /**
         * Sets the optimizer (default {@link OptimizerSpec#SGD}).
         *
         * @param optimizer not null
         * @return this builder
         */
        public Builder optimizer(OptimizerSpec optimizer) {
            if (optimizer == null) {
                throw new IllegalArgumentException("TrainConfig.optimizer must not be null");
            }
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Sets what the log's training loss and accuracy are (default {@link TrainMetrics#EXACT}).
         *
         * @param trainMetrics not null
         * @return this builder
         */
        public Builder trainMetrics(TrainMetrics trainMetrics) {
            if (trainMetrics == null) {
                throw new IllegalArgumentException("TrainConfig.trainMetrics must not be null");
            }
            this.trainMetrics = trainMetrics;
            return this;
        }

        /**
         * The configuration.
         *
         * @return a new {@link TrainConfig}
         * @throws IllegalStateException naming the first required field that was not set
         */
        public TrainConfig build() {
            if (epochs == null) {
                throw new IllegalStateException("TrainConfig.epochs is required");
            }
            if (batchSize == null) {
                throw new IllegalStateException("TrainConfig.batchSize is required");
            }
            if (learningRate == null) {
                throw new IllegalStateException("TrainConfig.learningRate is required");
            }
            return new TrainConfig(epochs, batchSize, learningRate, schedule, l2, seed, checkpointEvery, optimizer,
                    trainMetrics);
        }

        private static int atLeastOne(String field, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("TrainConfig." + field + " must be >= 1, got " + value);
            }
            return value;
        }
    }
}
