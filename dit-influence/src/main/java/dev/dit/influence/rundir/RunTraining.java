package dev.dit.influence.rundir;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.CorruptedLabels;
import dev.dit.models.data.DataSplit;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.LabelCorruption;
import dev.dit.models.data.Splitter;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;

/**
 * Makes a run and its {@link RunInfo} in memory: split the pool, corrupt labels if asked (keeping
 * the original labels), train. The same arguments give the same run, bit for bit.
 */
public final class RunTraining {
    private RunTraining() {
    }

    /**
     * The corruption seed derived from a run's seed, so that one number fixes split, corruption and
     * training without the split and corruption shuffles sharing a random stream.
     *
     * @param seed the run's seed
     * @return the seed of the label corruption
     */
    public static long corruptSeed(long seed) {
        return seed * 0xD1B54A32D192ED03L + 0x2545F4914F6CDD1DL;
    }

    /**
     * Splits {@code pool} by {@code plan}, corrupts the training labels if
     * {@code plan.corruptFraction() > 0}, and trains {@code spec}.
     *
     * @param pool     the data pool, as loaded from {@code dataSpec}
     * @param dataSpec the spec {@code pool} was loaded from, recorded in the info
     * @param plan     split sizes, seeds and corruption
     * @param spec     the model
     * @param cfg      the training hyper-parameters
     * @param listener receives progress, may be null
     * @return the run and how it was made (in memory; closing it is a no-op)
     */
    public static LoadedRun train(Dataset pool, String dataSpec, Runs.DataPlan plan, ModelSpec spec, TrainConfig cfg,
                                  Trainer.Listener listener) {
        DataSplit split = Splitter.split(pool, plan.nTrain(), plan.nVal(), plan.nTest(), plan.splitSeed());
        Dataset train = split.train();
        int[] corrupted = new int[0];
        int[] original = new int[0];
        if (plan.corruptFraction() > 0) {
            CorruptedLabels c = LabelCorruption.corrupt(train, plan.corruptFraction(), plan.corruptSeed());
            corrupted = c.corruptedIndices();
            original = new int[corrupted.length];
            for (int k = 0; k < corrupted.length; k++) {
                original[k] = train.label(corrupted[k]);
            }
            train = c.dataset();
        }
        Model model = new Model(spec, train.sampleShape(), train.numClasses());
        Trainer.Result r = Trainer.train(model, train, split.val(), cfg, listener);
        Run run = new Run(model, train, split.val(), split.test(), r.trajectory(), corrupted);
        return new LoadedRun(run, new RunInfo(dataSpec, plan, spec, cfg, r.log(), original,
                RunInfo.CURRENT_DIT_VERSION));
    }
}
