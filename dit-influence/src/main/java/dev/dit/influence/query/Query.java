package dev.dit.influence.query;

import dev.dit.models.Evaluator;

/**
 * A scalar function F(θ) whose change is attributed to training samples (method.md §2).
 * Influence is always {@code F(without j) − F(with j)}.
 */
public interface Query {
    /** {@return the spec string, e.g. {@code val-loss} or {@code logit:3:1}; recorded in output headers} */
    String id();

    /** F(θ). */
    double value(double[] theta, Evaluator evaluator);

    /** q = ∇F(θ) into {@code grad} (overwritten). */
    void gradient(double[] theta, Evaluator evaluator, double[] grad);
}
