package dev.dit.models.train;

/**
 * Hyper-parameters of one SGD run. {@code checkpointEvery = 1} stores every θ_t; K > 1 stores
 * θ_t for t divisible by K (and θ_T) and recomputes the rest by replay.
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, LearningRate schedule,
                          double l2, long seed, int checkpointEvery) {
    public TrainConfig {
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
}
