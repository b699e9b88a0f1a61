package dev.dit.models.train;

/** Stored parameter vectors θ_t of a trajectory, by step. */
public interface CheckpointStore {
    /**
     * Whether θ_t is stored.
     *
     * @param t the step
     * @return whether it is stored
     */
    boolean has(int t);

    /**
     * Copies the stored θ_t into {@code dst}.
     *
     * @param t a stored step
     * @param dst receives θ_t
     */
    void read(int t, double[] dst);

    /**
     * Stores θ_t (a copy).
     *
     * @param t the step
     * @param theta θ_t
     */
    void write(int t, double[] theta);
}
