package dev.dit.influence;

import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;

/**
 * Everything the estimators and the ground truth read: the model, the data splits, the recorded
 * trajectory, and which training samples had their labels corrupted (may be empty).
 *
 * @param model the trained model (its architecture; θ comes from the trajectory)
 * @param train the training split, as trained on (with any corrupted labels)
 * @param val the validation split
 * @param test the test split
 * @param trajectory the recorded SGD run
 * @param corrupted indices of training samples whose labels were corrupted; null means none
 */
public record Run(Model model, Dataset train, Dataset val, Dataset test, Trajectory trajectory, int[] corrupted) {
    /**
     * Checks that the trajectory fits the model and copies {@code corrupted}.
     *
     * @param model the trained model
     * @param train the training split
     * @param val the validation split
     * @param test the test split
     * @param trajectory the recorded SGD run, with as many parameters as the model
     * @param corrupted indices of corrupted training samples, or null for none
     */
    public Run {
        if (trajectory.parameterCount() != model.parameterCount()) {
            throw new IllegalArgumentException("trajectory has " + trajectory.parameterCount()
                    + " parameters, model " + model.spec() + " has " + model.parameterCount());
        }
        corrupted = corrupted == null ? new int[0] : corrupted.clone();
    }

    /** {@return a fresh θ_t provider (with its own replay cache and evaluator)} */
    public ThetaReplay replay() {
        return new ThetaReplay(trajectory, train, new Evaluator(model));
    }

    /** {@return the number of training samples n} */
    public int n() {
        return train.size();
    }

    /** {@return a mask over the training samples: whether sample i is in the corrupted set} */
    public boolean[] corruptedMask() {
        boolean[] m = new boolean[train.size()];
        for (int i : corrupted) {
            m[i] = true;
        }
        return m;
    }
}
