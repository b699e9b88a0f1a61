package dev.dit.influence.analysis;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.TrainConfig;

/**
 * "Remove the flagged samples and retrain": trains the run's model again, with the same
 * configuration (seed, epochs, batch size, schedule, L2), on the training samples that remain,
 * and reports test accuracy. The batch schedule of the reduced run is drawn afresh for the
 * smaller n (it cannot be the original one).
 */
public final class Retraining {
    private final Run run;
    private final ModelSpec spec;
    private final TrainConfig config;

    /**
     * Retraining of {@code run}, which was trained as {@code spec} with {@code config}.
     *
     * @param run the original run
     * @param spec its model
     * @param config its training hyper-parameters
     */
    public Retraining(Run run, ModelSpec spec, TrainConfig config) {
        this.run = run;
        this.spec = spec;
        this.config = config;
    }

    /** {@return the test accuracy of the original run's final model} */
    public double originalTestAccuracy() {
        return new Evaluator(run.model()).accuracy(run.trajectory().finalTheta(), run.test());
    }

    /**
     * Test accuracy after retraining without the training samples in {@code removed}.
     *
     * @param removed training-sample indices to leave out
     * @return the retrained model's test accuracy
     */
    public double testAccuracyWithout(int[] removed) {
        boolean[] drop = new boolean[run.n()];
        for (int i : removed) {
            drop[i] = true;
        }
        int[] keep = java.util.stream.IntStream.range(0, run.n()).filter(i -> !drop[i]).toArray();
        return retrainedTestAccuracy(run.train().subset(keep));
    }

    /**
     * Test accuracy after giving the samples in {@code flagged} the other label of a binary task
     * ({@code y ← 1 − y}: undoing a flip, or making a clean label wrong) and retraining on all n
     * samples, with the same configuration (n is unchanged, so the batch schedule is the original one).
     *
     * @param flagged training-sample indices whose label is swapped
     * @return the retrained model's test accuracy
     * @throws IllegalArgumentException if the task is not binary
     */
    public double testAccuracyRelabelled(int[] flagged) {
        if (!run.train().isBinary()) {
            throw new IllegalArgumentException("relabelling swaps a binary label; the data has "
                    + run.train().numClasses() + " classes");
        }
        int[] labels = run.train().labels();
        for (int i : flagged) {
            labels[i] = 1 - labels[i];
        }
        return retrainedTestAccuracy(run.train().withLabels(labels));
    }

    private double retrainedTestAccuracy(Dataset train) {
        Run r = Runs.train(train, run.val(), run.test(), new int[0], spec, config, null);
        return new Evaluator(r.model()).accuracy(r.trajectory().finalTheta(), r.test());
    }
}
