package dev.dit.models.train;

import java.util.Arrays;

/** Checkpoints kept in memory, indexed by step. */
public final class MemoryCheckpoints implements CheckpointStore {
    private final double[][] byStep;

    /**
     * Room for steps {@code 0 … steps}.
     *
     * @param steps the last step T
     */
    public MemoryCheckpoints(int steps) {
        this.byStep = new double[steps + 1][];
    }

    @Override
    public boolean has(int t) {
        return t >= 0 && t < byStep.length && byStep[t] != null;
    }

    @Override
    public void read(int t, double[] dst) {
        if (!has(t)) {
            throw new IllegalArgumentException("θ_" + t + " is not a stored checkpoint");
        }
        System.arraycopy(byStep[t], 0, dst, 0, dst.length);
    }

    /** Straight from the stored vector into the pieces: the sweep reads the optimizer state this way at every step. */
    @Override
    public void readSplit(int t, double[][] dst, double[] scratch) {
        if (!has(t)) {
            throw new IllegalArgumentException("θ_" + t + " is not a stored checkpoint");
        }
        int at = 0;
        for (double[] d : dst) {
            System.arraycopy(byStep[t], at, d, 0, d.length);
            at += d.length;
        }
    }

    @Override
    public double[] inMemory(int t) {
        return has(t) ? byStep[t] : null;
    }

    @Override
    public void write(int t, double[] theta) {
        byStep[t] = Arrays.copyOf(theta, theta.length);
    }
}
