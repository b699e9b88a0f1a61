package dev.dit.models.train;

import dev.dit.models.Evaluator;
import dev.dit.models.data.Dataset;

/**
 * Gives θ_t (and the optimizer's state before step t) for any step of a trajectory, replaying the
 * optimizer from the nearest checkpoint at or below t.
 * One segment of K + 1 vectors is cached, so sweeping t downwards (as the estimators do) replays
 * each segment once and keeps memory at O(K·p). Replay repeats the original computation exactly,
 * so the θ_t it gives are bit-identical to those of the original run.
 */
public final class ThetaReplay {
    private final Trajectory trajectory;
    private final Dataset train;
    private final Optimizer optimizer;
    private final int k;
    private final double[][] segment;
    private final OptimizerState[] segmentStates;
    private int segmentStart = -1;

    /**
     * Replays {@code trajectory} of a model evaluated by {@code evaluator} on {@code train}.
     *
     * @param trajectory the recorded run
     * @param train the training set it was trained on
     * @param evaluator evaluates the model's gradients
     */
    public ThetaReplay(Trajectory trajectory, Dataset train, Evaluator evaluator) {
        this.trajectory = trajectory;
        this.train = train;
        this.optimizer = new Optimizer(trajectory.optimizer(), evaluator);
        this.k = trajectory.checkpointEvery();
        this.segment = k == 1 ? null : new double[k + 1][];
        this.segmentStates = k == 1 ? null : new OptimizerState[k + 1];
    }

    /**
     * Copies θ_t and the optimizer's state before step t.
     *
     * @param t the step, in {@code [0, T]}
     * @param dst receives θ_t
     * @param state receives the state before step t (after step t−1)
     */
    public void state(int t, double[] dst, OptimizerState state) {
        if (t < 0 || t > trajectory.steps()) {
            throw new IllegalArgumentException("step " + t + " outside [0, " + trajectory.steps() + "]");
        }
        if (trajectory.checkpoints().has(t)) {
            trajectory.readCheckpoint(t, dst, state);
            return;
        }
        int start = (t / k) * k;
        if (start != segmentStart) {
            fill(start);
        }
        System.arraycopy(segment[t - start], 0, dst, 0, dst.length);
        state.copyFrom(segmentStates[t - start]);
    }

    /**
     * Copies θ_t into {@code dst}.
     *
     * @param t the step, in {@code [0, T]}
     * @param dst receives θ_t
     */
    public void theta(int t, double[] dst) {
        if (t < 0 || t > trajectory.steps()) {
            throw new IllegalArgumentException("step " + t + " outside [0, " + trajectory.steps() + "]");
        }
        CheckpointStore store = trajectory.checkpoints();
        if (store.has(t)) {
            store.read(t, dst);
            return;
        }
        int start = (t / k) * k;
        if (start != segmentStart) {
            fill(start);
        }
        System.arraycopy(segment[t - start], 0, dst, 0, dst.length);
    }

    private void fill(int start) {
        int p = trajectory.parameterCount();
        double[] theta = new double[p];
        OptimizerState state = new OptimizerState(trajectory.optimizer(), p);
        trajectory.readCheckpoint(start, theta, state);
        int end = Math.min(start + k, trajectory.steps());
        for (int t = start; t < end; t++) {
            if (segment[t - start] == null) {
                segment[t - start] = new double[p];
                segmentStates[t - start] = new OptimizerState(trajectory.optimizer(), p);
            }
            System.arraycopy(theta, 0, segment[t - start], 0, p);
            segmentStates[t - start].copyFrom(state);
            optimizer.step(theta, state, train, trajectory.batch(t), trajectory.learningRate(t), trajectory.alpha(),
                    -1);
        }
        segmentStart = start;
    }
}
