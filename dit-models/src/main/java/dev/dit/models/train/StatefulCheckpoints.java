package dev.dit.models.train;

/**
 * A {@link CheckpointStore} that keeps θ_t and the optimizer state of the same step together (as a
 * trajectory file does), so both come from one read. A {@link Trajectory} whose state store is this
 * store's {@link #states()} reads them at once.
 */
public interface StatefulCheckpoints extends CheckpointStore {
    /** {@return the view of the same checkpoints that gives the packed optimizer states} */
    CheckpointStore states();

    /**
     * Copies θ_t and the packed optimizer state of a stored step.
     *
     * @param t a stored step
     * @param theta receives θ_t
     * @param state receives the state vectors one after the other
     */
    void read(int t, double[] theta, double[] state);
}
