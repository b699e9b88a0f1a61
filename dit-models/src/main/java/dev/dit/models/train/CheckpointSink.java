package dev.dit.models.train;

import java.io.IOException;

/**
 * Receives what training stores at each checkpoint step, as training passes it: θ_t and the
 * optimizer state before step t, for t = 0, K, 2K, … and then T, in that order. A sink that writes
 * to a file lets training run in O(p) memory however long the trajectory is.
 */
@FunctionalInterface
public interface CheckpointSink {
    /**
     * Takes θ_t and the optimizer state (neither is retained by the caller's contract: copy what you keep).
     *
     * @param t the step
     * @param theta θ_t
     * @param state the optimizer state's vectors one after the other (see {@link OptimizerState#pack}); empty for SGD
     * @throws IOException if storing fails; training stops
     */
    void checkpoint(int t, double[] theta, double[] state) throws IOException;
}
