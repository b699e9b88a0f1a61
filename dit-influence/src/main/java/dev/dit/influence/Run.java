package dev.dit.influence;

import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;

/**
 * Everything the estimators and the ground truth read: the model, the data splits, the recorded
 * trajectory, and which training samples had their labels corrupted (may be empty).
 */
public record Run(Model model, Dataset train, Dataset val, Dataset test, Trajectory trajectory, int[] corrupted) {
    public Run {
        if (trajectory.parameterCount() != model.parameterCount()) {
            throw new IllegalArgumentException("trajectory has " + trajectory.parameterCount()
                    + " parameters, model " + model.spec() + " has " + model.parameterCount());
        }
        corrupted = corrupted == null ? new int[0] : corrupted.clone();
    }

    /** A fresh θ_t provider (with its own replay cache and evaluator). */
    public ThetaReplay replay() {
        return new ThetaReplay(trajectory, train, new Evaluator(model));
    }

    /** Number of training samples n. */
    public int n() {
        return train.size();
    }

    /** Whether training sample i is in the corrupted set. */
    public boolean[] corruptedMask() {
        boolean[] m = new boolean[train.size()];
        for (int i : corrupted) {
            m[i] = true;
        }
        return m;
    }
}
