package dev.dit.benchmarks;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.Sgd;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trajectory;

/** Recorded runs for the sweep benchmarks, and a bare replay of their SGD steps. */
final class SweepRuns {
    private SweepRuns() {
    }

    /**
     * Trains {@code spec} on {@code nTrain} blob samples (batch 64, constant η, α = 1e-3, every θ_t
     * kept in memory) for {@code epochs} epochs; the validation split has {@code nVal} samples.
     */
    static Run record(String spec, int nTrain, int nVal, int epochs, double lr) {
        return record(spec, nTrain, nVal, epochs, lr, "sgd");
    }

    /** As {@link #record(String, int, int, int, double)}, trained with {@code optimizer} (an optimizer spec). */
    static Run record(String spec, int nTrain, int nVal, int epochs, double lr, String optimizer) {
        Dataset train = Workloads.data(spec, nTrain, 1);
        Dataset val = Workloads.data(spec, nVal, 2);
        TrainConfig cfg = new TrainConfig(epochs, Workloads.BATCH, lr, LearningRate.CONSTANT, 1e-3, 7, 1,
                OptimizerSpec.parse(optimizer));
        return Runs.train(train, val, val, new int[0], Workloads.spec(spec), cfg, null);
    }

    /**
     * Repeats the run's training steps from θ_0 with {@code sgd} (same batches, rates and α), without
     * the per-epoch loss and accuracy evaluations of the trainer; returns θ_T in {@code theta}.
     */
    static void replaySteps(Run run, Sgd sgd, double[] theta) {
        Trajectory traj = run.trajectory();
        traj.checkpoints().read(0, theta);
        for (int t = 0; t < traj.steps(); t++) {
            sgd.step(theta, run.train(), traj.batch(t), traj.learningRate(t), traj.alpha(), -1);
        }
    }
}
