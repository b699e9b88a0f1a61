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
     * Copies the stored vector of step t, cut into consecutive pieces, into {@code dst}: the
     * optimizer state's vectors. The default reads into {@code scratch} and copies the pieces out;
     * a store that holds the vector in memory copies straight into the pieces.
     *
     * @param t a stored step
     * @param dst receives the pieces, {@code dst[0]} the first {@code dst[0].length} values and so on
     * @param scratch a buffer as long as all pieces together
     */
    default void readSplit(int t, double[][] dst, double[] scratch) {
        read(t, scratch);
        int at = 0;
        for (double[] d : dst) {
            System.arraycopy(scratch, at, d, 0, d.length);
            at += d.length;
        }
    }

    /**
     * The stored vector of step t itself, not a copy, when this store keeps it in memory: for
     * readers that only read it (the sweep reads the optimizer state this way at every step,
     * without copying). Never modify it.
     *
     * @param t the step
     * @return the stored vector, or null when it is not stored or not held in memory (the default)
     */
    default double[] inMemory(int t) {
        return null;
    }

    /**
     * Stores θ_t (a copy).
     *
     * @param t the step
     * @param theta θ_t
     */
    void write(int t, double[] theta);
}
