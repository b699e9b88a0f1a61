package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings every experiment shares: data, split sizes and seeds, SGD hyper-parameters, the
 * query, threads for leave-one-out and retraining, bootstrap resamples, and the dit version that
 * ran it. All of them are recorded in {@code config.json}.
 *
 * @param data data spec ({@link DataSpec})
 * @param dataDir Fashion-MNIST directory, or null for the default
 * @param nTrain training samples
 * @param nVal validation samples
 * @param nTest test samples
 * @param splitSeed seed of the train/val/test split
 * @param corruptSeed seed choosing the samples whose labels are flipped
 * @param epochs SGD epochs
 * @param batch batch size
 * @param lr base learning rate η_0
 * @param decay learning-rate schedule
 * @param l2 L2 coefficient α
 * @param query query spec, e.g. {@code val-loss}
 * @param threads worker threads for leave-one-out and retraining
 * @param bootstrap bootstrap resamples for agreement intervals
 * @param bootstrapSeed bootstrap seed
 * @param ditVersion version of dit that runs the experiment
 * @param standardize feature standardisation, fitted on each run's training split
 * @param optimizer the optimizer every run trains with
 */
public record Setup(String data, Path dataDir, int nTrain, int nVal, int nTest, long splitSeed, long corruptSeed,
                    int epochs, int batch, double lr, LearningRate decay, double l2, String query, int threads,
                    int bootstrap, long bootstrapSeed, String ditVersion, FeatureScaling standardize,
                    OptimizerSpec optimizer) {

    /** Checks what the record can check alone. */
    public Setup {
        if (nTrain < 2 || nVal < 1 || nTest < 1) {
            throw new IllegalArgumentException("need at least 2 training, 1 validation and 1 test sample");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (bootstrap < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 1, got " + bootstrap);
        }
        java.util.Objects.requireNonNull(standardize, "standardize");
        java.util.Objects.requireNonNull(optimizer, "optimizer");
    }

    /**
     * Settings of plain-SGD runs.
     *
     * @param data data spec
     * @param dataDir Fashion-MNIST directory, or null
     * @param nTrain training samples
     * @param nVal validation samples
     * @param nTest test samples
     * @param splitSeed seed of the split
     * @param corruptSeed seed of the flipped labels
     * @param epochs epochs
     * @param batch batch size
     * @param lr base learning rate
     * @param decay learning-rate schedule
     * @param l2 L2 coefficient
     * @param query query spec
     * @param threads worker threads
     * @param bootstrap bootstrap resamples
     * @param bootstrapSeed bootstrap seed
     * @param ditVersion dit version
     * @param standardize feature standardisation
     */
    public Setup(String data, Path dataDir, int nTrain, int nVal, int nTest, long splitSeed, long corruptSeed,
                 int epochs, int batch, double lr, LearningRate decay, double l2, String query, int threads,
                 int bootstrap, long bootstrapSeed, String ditVersion, FeatureScaling standardize) {
        this(data, dataDir, nTrain, nVal, nTest, splitSeed, corruptSeed, epochs, batch, lr, decay, l2, query, threads,
                bootstrap, bootstrapSeed, ditVersion, standardize, OptimizerSpec.SGD);
    }

    /** {@return the optimizer as the reports name it: "SGD" or its spec, e.g. "adam:0.9,0.999,1.0E-8"} */
    public String optimizerName() {
        return optimizer.kind() == OptimizerSpec.Kind.SGD ? "SGD" : optimizer.toString();
    }

    /** The training configuration with training seed {@code seed} (every θ_t kept in memory). */
    public TrainConfig config(long seed) {
        return new TrainConfig(epochs, batch, lr, decay, l2, seed, 1, optimizer);
    }

    /**
     * Loads the data pool.
     *
     * @throws IllegalArgumentException if it holds fewer samples than the splits need (naming the flags)
     */
    public Dataset pool() {
        Dataset pool = DataSpec.load(data, dataDir);
        long wanted = (long) nTrain + nVal + nTest;
        if (wanted > pool.size()) {
            throw new IllegalArgumentException("--n-train " + nTrain + " + --n-val " + nVal + " + --n-test " + nTest
                    + " = " + wanted + " samples, but --data " + data + " holds only " + pool.size());
        }
        return pool;
    }

    /** A trained run and its per-epoch log. */
    public record Trained(Run run, ModelSpec spec, TrainConfig config, List<Trainer.EpochLog> log) {
    }

    /** Splits {@code pool}, flips the labels of {@code corrupt} of the training samples, trains. */
    public Trained train(Dataset pool, String model, long seed, double corrupt, Feedback feedback) {
        ModelSpec spec = ModelSpec.parse(model);
        TrainConfig cfg = config(seed);
        int steps = TrainingBudget.steps(nTrain, batch, epochs);
        int params = new dev.dit.models.Model(spec, pool.sampleShape(), pool.numClasses()).parameterCount();
        TrainingBudget.memory(steps, cfg.checkpointEvery(), params, (long) epochs * nTrain,
                Runtime.getRuntime().maxMemory());
        List<Trainer.EpochLog> log = new ArrayList<>();
        try (Feedback.Task task = feedback.task("train " + spec, epochs)) {
            Run run = Runs.train(pool, new Runs.DataPlan(nTrain, nVal, nTest, splitSeed, corrupt, corruptSeed,
                    standardize), spec, cfg,
                    new Trainer.Listener() {
                        @Override
                        public void epoch(Trainer.EpochLog e) {
                            log.add(e);
                            task.update(e.epoch(), epochs);
                        }
                    });
            return new Trained(run, spec, cfg, log);
        }
    }

    /** The settings as JSON-ready map entries (snake_case keys). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dit_version", ditVersion);
        m.put("data", data);
        m.put("data_dir", dataDir == null ? null : dataDir.toString());
        if (standardize != FeatureScaling.NONE) { // absent = none, so earlier configurations stay as they were
            m.put("standardize", standardize.id());
        }
        m.put("n_train", nTrain);
        m.put("n_val", nVal);
        m.put("n_test", nTest);
        m.put("split_seed", splitSeed);
        m.put("corrupt_seed", corruptSeed);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("lr", lr);
        m.put("decay", decay.id());
        m.put("l2", l2);
        m.put("optimizer", optimizer.toString());
        m.put("query", query);
        m.put("threads", threads);
        m.put("bootstrap_resamples", bootstrap);
        m.put("bootstrap_seed", bootstrapSeed);
        return m;
    }
}
