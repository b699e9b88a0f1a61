package dev.dit.models.train;

/** Stored parameter vectors θ_t of a trajectory, by step. */
public interface CheckpointStore {
    /** Whether θ_t is stored. */
    boolean has(int t);

    /** Copies the stored θ_t into {@code dst}. */
    void read(int t, double[] dst);

    /** Stores θ_t (a copy). */
    void write(int t, double[] theta);
}
