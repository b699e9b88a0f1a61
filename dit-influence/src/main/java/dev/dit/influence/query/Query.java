package dev.dit.influence.query;

import dev.dit.models.Evaluator;

/**
 * A scalar function F(θ) whose change is attributed to training samples (method.md §2).
 * Influence is always {@code F(without j) − F(with j)}.
 */
public interface Query {
    /** {@return the spec string, e.g. {@code val-loss} or {@code logit:3:1}; recorded in output headers} */
    String id();

    /**
     * F(θ).
     *
     * @param theta the parameters
     * @param evaluator evaluates the run's model
     * @return the query's value at θ
     */
    double value(double[] theta, Evaluator evaluator);

    /**
     * q = ∇F(θ) into {@code grad} (overwritten).
     *
     * @param theta the parameters
     * @param evaluator evaluates the run's model
     * @param grad receives the gradient, as long as θ
     */
    void gradient(double[] theta, Evaluator evaluator, double[] grad);
}
