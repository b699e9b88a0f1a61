package dev.dit.influence;

import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.CorruptedLabels;
import dev.dit.models.data.DataSplit;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.LabelCorruption;
import dev.dit.models.data.Splitter;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;

/** Builds {@link Run}s in memory: split, optionally corrupt, train. */
public final class Runs {
    private Runs() {
    }

    /** Sizes and seeds of a run's data. */
    public record DataPlan(int nTrain, int nVal, int nTest, long splitSeed, double corruptFraction, long corruptSeed) {
    }

    /** Splits {@code pool}, corrupts labels if asked, trains {@code spec}, and returns the run. */
    public static Run train(Dataset pool, DataPlan plan, ModelSpec spec, TrainConfig cfg, Trainer.Listener listener) {
        DataSplit split = Splitter.split(pool, plan.nTrain(), plan.nVal(), plan.nTest(), plan.splitSeed());
        Dataset train = split.train();
        int[] corrupted = new int[0];
        if (plan.corruptFraction() > 0) {
            CorruptedLabels c = LabelCorruption.corrupt(train, plan.corruptFraction(), plan.corruptSeed());
            train = c.dataset();
            corrupted = c.corruptedIndices();
        }
        return train(train, split.val(), split.test(), corrupted, spec, cfg, listener);
    }

    /** Trains {@code spec} on given splits. */
    public static Run train(Dataset train, Dataset val, Dataset test, int[] corrupted, ModelSpec spec,
                            TrainConfig cfg, Trainer.Listener listener) {
        Model model = new Model(spec, train.sampleShape(), train.numClasses());
        Trainer.Result r = Trainer.train(model, train, val, cfg, listener);
        return new Run(model, train, val, test, r.trajectory(), corrupted);
    }
}
