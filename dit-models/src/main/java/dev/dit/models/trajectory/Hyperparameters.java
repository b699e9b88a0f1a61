package dev.dit.models.trajectory;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dit.models.train.LearningRate;
import java.util.Objects;

/**
 * The training hyper-parameters recorded in a {@link TrajectoryHeader}.
 *
 * @param batchSize    nominal mini-batch size (the last batch of an epoch may be smaller)
 * @param learningRate base learning rate η
 * @param lrSchedule   how η varied over steps, written as its canonical spec ({@link LearningRate#id()}, e.g.
 *                     {@code "sqrt"} or {@code "warmup:100,cosine"}); informational: the stored η_t are authoritative
 * @param l2           L2 (weight-decay) coefficient α in θ ← θ − η(∇ + αθ)
 * @param epochs       number of passes over the training set
 * @param seed         seed of the run
 * @param numClasses   number of output classes
 */
@JsonPropertyOrder({"batchSize", "learningRate", "lrSchedule", "l2", "epochs", "seed", "numClasses"})
public record Hyperparameters(int batchSize, double learningRate, LearningRate lrSchedule, double l2,
                              int epochs, long seed, int numClasses) {

    /**
     * Validates every field; throws {@link IllegalArgumentException} naming the bad one.
     *
     * @param batchSize nominal mini-batch size, at least 1
     * @param learningRate base learning rate η, positive and finite
     * @param lrSchedule how η varied over steps
     * @param l2 L2 coefficient α, at least 0
     * @param epochs number of passes over the training set, at least 1
     * @param seed seed of the run
     * @param numClasses number of output classes, at least 1
     */
    public Hyperparameters {
        Objects.requireNonNull(lrSchedule, "lrSchedule");
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(Double.isFinite(learningRate) && learningRate > 0, "learningRate must be finite and > 0, got " + learningRate);
        require(Double.isFinite(l2) && l2 >= 0, "l2 must be finite and >= 0, got " + l2);
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(numClasses >= 1, "numClasses must be >= 1, got " + numClasses);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
