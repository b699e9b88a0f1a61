package dev.dit.models.train;

/**
 * What training recorded for influence to be computed later (method.md §1): θ_0, every step's
 * batch S_t and learning rate η_t, α, and θ_t at every K-th step (K = 1: all of them). The θ_t in
 * between are recomputed by {@link ThetaReplay}, bit-identical to the original run. With an
 * optimizer that carries state (momentum, Adam), every checkpoint also holds that state (its
 * vectors packed, see {@link OptimizerState#pack}) so that replay can start there.
 */
public final class Trajectory {
    private final BatchSchedule schedule;
    private final double[] learningRates;
    private final double alpha;
    private final int checkpointEvery;
    private final CheckpointStore checkpoints;
    private final int parameterCount;
    private final OptimizerSpec optimizer;
    private final CheckpointStore states;

    /**
     * Assembles a plain-SGD trajectory; the store must hold θ_0, every K-th θ_t and θ_T.
     *
     * @param schedule the batches
     * @param learningRates η_t for every step
     * @param alpha the L2 coefficient α
     * @param checkpointEvery K
     * @param checkpoints the stored θ_t
     * @param parameterCount p
     */
    public Trajectory(BatchSchedule schedule, double[] learningRates, double alpha, int checkpointEvery,
                      CheckpointStore checkpoints, int parameterCount) {
        this(schedule, learningRates, alpha, checkpointEvery, checkpoints, parameterCount, OptimizerSpec.SGD, null);
    }

    /**
     * Assembles a trajectory of any optimizer; {@code states} holds the optimizer state (packed)
     * at the same steps as {@code checkpoints} hold θ.
     *
     * @param schedule the batches
     * @param learningRates η_t for every step
     * @param alpha the L2 coefficient α
     * @param checkpointEvery K
     * @param checkpoints the stored θ_t
     * @param parameterCount p
     * @param optimizer the update rule
     * @param states the stored optimizer states, or null for an optimizer without state (SGD)
     */
    public Trajectory(BatchSchedule schedule, double[] learningRates, double alpha, int checkpointEvery,
                      CheckpointStore checkpoints, int parameterCount, OptimizerSpec optimizer,
                      CheckpointStore states) {
        if (optimizer.stateVectors() > 0 && states == null) {
            throw new IllegalArgumentException(optimizer + " needs its state stored at every checkpoint");
        }
        if (learningRates.length != schedule.steps()) {
            throw new IllegalArgumentException(learningRates.length + " learning rates for " + schedule.steps() + " steps");
        }
        this.schedule = schedule;
        this.learningRates = learningRates.clone();
        this.alpha = alpha;
        this.checkpointEvery = checkpointEvery;
        this.checkpoints = checkpoints;
        this.parameterCount = parameterCount;
        this.optimizer = optimizer;
        this.states = states;
    }

    /** {@return the optimizer that made the run} */
    public OptimizerSpec optimizer() {
        return optimizer;
    }

    /**
     * Copies θ_t and the optimizer state before step t of a stored checkpoint.
     *
     * @param t a stored checkpoint step
     * @param theta receives θ_t
     * @param state receives the optimizer's state before step t
     */
    public void readCheckpoint(int t, double[] theta, OptimizerState state) {
        if (state.size() > 0) {
            double[] packed = state.packedBuffer();
            if (checkpoints instanceof StatefulCheckpoints both && both.states() == states) {
                both.read(t, theta, packed); // one read where θ and the state are stored together
                state.unpack(packed, t);
            } else {
                checkpoints.read(t, theta);
                states.readSplit(t, state.vectors(), packed);
                state.steps(t);
            }
        } else {
            checkpoints.read(t, theta);
            state.steps(t);
        }
    }

    /**
     * The packed optimizer state before step t (its vectors one after the other, see
     * {@link OptimizerState#pack}) when it is a checkpoint held in memory: the stored vector itself,
     * to be read and never modified.
     *
     * @param t the step
     * @return the stored packed state, or null (no state, not a checkpoint, or not held in memory)
     */
    public double[] storedState(int t) {
        return states == null ? null : states.inMemory(t);
    }

    /** {@return the stored optimizer states (packed vectors), or null for SGD} */
    public CheckpointStore states() {
        return states;
    }

    /** {@return the number of steps T} */
    public int steps() {
        return schedule.steps();
    }

    /** {@return the batches} */
    public BatchSchedule schedule() {
        return schedule;
    }

    /**
     * S_t (do not modify).
     *
     * @param t the step
     * @return the batch's sample indices
     */
    public int[] batch(int t) {
        return schedule.batch(t);
    }

    /**
     * η_t.
     *
     * @param t the step
     * @return the learning rate used at step t
     */
    public double learningRate(int t) {
        return learningRates[t];
    }

    /** {@return all η_t} */
    public double[] learningRates() {
        return learningRates.clone();
    }

    /** {@return the L2 coefficient α} */
    public double alpha() {
        return alpha;
    }

    /** {@return K: θ_t is stored for t divisible by K, and for t = T} */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** {@return the stored θ's} */
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** {@return p, the number of parameters} */
    public int parameterCount() {
        return parameterCount;
    }

    /** {@return the epoch boundaries in steps (E + 1 entries, 0 … T)} */
    public int[] epochBoundaries() {
        return schedule.epochBoundaries();
    }

    /** {@return θ_0 (a copy)} */
    public double[] initialTheta() {
        double[] t = new double[parameterCount];
        checkpoints.read(0, t);
        return t;
    }

    /** {@return θ_T (a copy)} */
    public double[] finalTheta() {
        double[] t = new double[parameterCount];
        checkpoints.read(steps(), t);
        return t;
    }
}
