package dev.dit.influence.rundir;

import dev.dit.influence.Runs;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.data.Standardizer;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link dev.dit.influence.Run} was made: where its data came from and how it was split and
 * corrupted, the model, the training hyper-parameters, the per-epoch training log, and the dit
 * version that made it. Stored in a run directory's {@code run.json} (see
 * {@code docs/run-directory.md}).
 *
 * @param dataSpec       the data spec the pool was loaded from ({@link dev.dit.models.data.DataSpec})
 * @param plan           split sizes and seed, corruption fraction and seed
 * @param modelSpec      the architecture
 * @param config         the SGD hyper-parameters
 * @param log            one entry per epoch, in order
 * @param originalLabels for each corrupted training sample (parallel to
 *                       {@link dev.dit.influence.Run#corrupted()}), its label before corruption
 * @param ditVersion     version of the dit build that trained the run
 * @param standardizer   the feature standardiser fitted on the training split, present exactly
 *                       when {@code plan.scaling()} is {@link FeatureScaling#Z}, else {@code null}
 */
public record RunInfo(String dataSpec, Runs.DataPlan plan, ModelSpec modelSpec, TrainConfig config,
                      List<Trainer.EpochLog> log, int[] originalLabels, String ditVersion, Standardizer standardizer) {

    /** The version this build writes into run directories and trajectory headers. */
    public static final String CURRENT_DIT_VERSION = dev.dit.influence.DitVersion.current();

    /**
     * Checks for nulls and copies the list and the array.
     *
     * @param dataSpec the data spec the pool was loaded from
     * @param plan split sizes and seed, corruption fraction and seed
     * @param modelSpec the architecture
     * @param config the SGD hyper-parameters
     * @param log one entry per epoch, in order
     * @param originalLabels the label each corrupted training sample had before corruption
     * @param ditVersion version of the dit build that trained the run
     * @param standardizer the standardiser fitted on the training split; given exactly when
     *                     {@code plan.scaling()} is {@link FeatureScaling#Z}, else {@code null}
     * @throws IllegalArgumentException if {@code standardizer} does not match {@code plan.scaling()}
     */
    public RunInfo {
        Objects.requireNonNull(dataSpec, "dataSpec");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(modelSpec, "modelSpec");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ditVersion, "ditVersion");
        log = List.copyOf(log);
        originalLabels = originalLabels.clone();
        if ((plan.scaling() == FeatureScaling.Z) != (standardizer != null)) {
            throw new IllegalArgumentException("feature scaling " + plan.scaling().id() + " needs "
                    + (standardizer == null ? "a" : "no") + " fitted standardizer");
        }
    }

    /**
     * A run whose features were not standardised ({@code plan.scaling()} must be {@link FeatureScaling#NONE}).
     *
     * @param dataSpec       the data spec the pool was loaded from
     * @param plan           split sizes and seed, corruption fraction and seed
     * @param modelSpec      the architecture
     * @param config         the SGD hyper-parameters
     * @param log            one entry per epoch, in order
     * @param originalLabels the corrupted samples' labels before corruption
     * @param ditVersion     version of the dit build that trained the run
     */
    public RunInfo(String dataSpec, Runs.DataPlan plan, ModelSpec modelSpec, TrainConfig config,
                   List<Trainer.EpochLog> log, int[] originalLabels, String ditVersion) {
        this(dataSpec, plan, modelSpec, config, log, originalLabels, ditVersion, null);
    }

    /**
     * A copy of the pre-corruption labels of the corrupted samples.
     *
     * @return the labels, in the order of the run's corrupted samples
     */
    @Override
    public int[] originalLabels() {
        return originalLabels.clone();
    }

    /** Compares every component, the label array by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RunInfo r && r.dataSpec.equals(dataSpec) && r.plan.equals(plan)
                && r.modelSpec.equals(modelSpec) && r.config.equals(config) && r.log.equals(log)
                && Arrays.equals(r.originalLabels, originalLabels) && r.ditVersion.equals(ditVersion)
                && Objects.equals(r.standardizer, standardizer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataSpec, plan, modelSpec, config, log, Arrays.hashCode(originalLabels), ditVersion,
                standardizer);
    }

    @Override
    public String toString() {
        return "RunInfo[data=" + dataSpec + ", " + plan + ", model=" + modelSpec + ", " + config + ", "
                + log.size() + " epochs logged, " + originalLabels.length + " corrupted, features " + plan.scaling().id()
                + ", dit " + ditVersion + "]";
    }
}
