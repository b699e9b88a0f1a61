package dev.dit.models.train;

/**
 * What an optimizer carries from step to step besides θ: {@link OptimizerSpec#stateVectors()}
 * vectors of length p (momentum: the buffer b; Adam/AdamW: the moments m and v, in that order) and
 * the number of steps taken so far (Adam's bias correction uses it). Plain SGD has none.
 * The state before step t has {@code steps() == t}.
 */
public final class OptimizerState {
    private final double[][] vectors;
    private int steps;
    private double[] packed;

    /**
     * The zero state before the first step.
     *
     * @param spec the optimizer
     * @param p the number of parameters
     */
    public OptimizerState(OptimizerSpec spec, int p) {
        this.vectors = new double[spec.stateVectors()][p];
    }

    /** The vectors themselves (not copies), for the package's readers that fill them in place. */
    double[][] vectors() {
        return vectors;
    }

    /** {@return how many vectors the state holds} */
    public int size() {
        return vectors.length;
    }

    /**
     * One state vector, live (not a copy).
     *
     * @param i 0 … size()−1
     * @return the vector
     */
    public double[] vector(int i) {
        return vectors[i];
    }

    /** {@return the number of steps taken so far} */
    public int steps() {
        return steps;
    }

    /**
     * Sets the number of steps taken.
     *
     * @param steps at least 0
     */
    public void steps(int steps) {
        this.steps = steps;
    }

    /**
     * Copies {@code other} (of the same optimizer and size) into this state.
     *
     * @param other the state to copy
     */
    public void copyFrom(OptimizerState other) {
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(other.vectors[i], 0, vectors[i], 0, vectors[i].length);
        }
        steps = other.steps;
    }

    /**
     * The vectors one after the other (length {@code size()·p}), as stored in a checkpoint.
     *
     * @param dst receives them
     */
    public void pack(double[] dst) {
        int p = vectors.length == 0 ? 0 : vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(vectors[i], 0, dst, i * p, p);
        }
    }

    /** A reusable buffer for the packed form (length {@code size()·p}), so reading checkpoints does not allocate. */
    double[] packedBuffer() {
        if (packed == null) {
            packed = new double[vectors.length == 0 ? 0 : vectors.length * vectors[0].length];
        }
        return packed;
    }

    /**
     * Sets the vectors from their packed form (see {@link #pack}) and the step count.
     *
     * @param src the vectors one after the other
     * @param steps the number of steps taken
     */
    public void unpack(double[] src, int steps) {
        int p = vectors.length == 0 ? 0 : vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(src, i * p, vectors[i], 0, p);
        }
        this.steps = steps;
    }
}
