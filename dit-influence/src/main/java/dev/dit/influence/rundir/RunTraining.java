package dev.dit.influence.rundir;

import dev.dit.influence.PreparedData;
import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.CurvatureMonitor;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes a run and its {@link RunInfo} in memory: split the pool, standardise and corrupt labels
 * as planned ({@link PreparedData}, keeping the original labels and the fitted standardiser),
 * train. The same arguments give the same run, bit for bit.
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
     * Splits {@code pool} by {@code plan}, standardises the features if {@code plan.scaling()} says
     * so, corrupts the training labels if {@code plan.corruptFraction() > 0}, and trains {@code spec}.
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
        PreparedData d = PreparedData.prepare(pool, plan);
        Model model = new Model(spec, d.train().sampleShape(), d.train().numClasses());
        Trainer.Result r = Trainer.train(model, d.train(), d.val(), cfg, listener);
        Run run = new Run(model, d.train(), d.val(), d.test(), r.trajectory(), d.corrupted());
        return new LoadedRun(run, new RunInfo(dataSpec, plan, spec, cfg, r.log(), d.originalLabels(),
                RunInfo.CURRENT_DIT_VERSION, d.standardizer()));
    }

    /**
     * As {@link #train}, with the curvature monitor ({@link CurvatureMonitor}) watching the steps of
     * {@code monitor}; the run is the same, bit for bit, as without it.
     *
     * @param pool     the data pool
     * @param dataSpec the spec {@code pool} was loaded from
     * @param plan     split sizes, seeds and corruption
     * @param spec     the model
     * @param cfg      the training hyper-parameters
     * @param listener receives progress, may be null
     * @param monitor  which steps to examine and how
     * @param onPoint  told about each monitored point as it is computed, may be null
     * @return the run and the monitored points, ascending by step
     */
    public static Monitored trainMonitored(Dataset pool, String dataSpec, Runs.DataPlan plan, ModelSpec spec,
                                           TrainConfig cfg, Trainer.Listener listener, Curvature.Options monitor,
                                           Consumer<Curvature.Point> onPoint) {
        PreparedData d = PreparedData.prepare(pool, plan);
        Model model = new Model(spec, d.train().sampleShape(), d.train().numClasses());
        CurvatureMonitor m = new CurvatureMonitor(model, d.train(), cfg.optimizer(), cfg.batchSize(), cfg.epochs(),
                monitor, listener,
                onPoint);
        Trainer.Result r = Trainer.train(model, d.train(), d.val(), cfg, m);
        Run run = new Run(model, d.train(), d.val(), d.test(), r.trajectory(), d.corrupted());
        return new Monitored(new LoadedRun(run, new RunInfo(dataSpec, plan, spec, cfg, r.log(), d.originalLabels(),
                RunInfo.CURRENT_DIT_VERSION, d.standardizer())), m.points());
    }

    /**
     * A run trained under the curvature monitor.
     *
     * @param run the run and its info
     * @param curvature the monitored points, ascending by step
     */
    public record Monitored(LoadedRun run, List<Curvature.Point> curvature) {
        /**
         * Copies the list.
         *
         * @param run the run
         * @param curvature the points
         */
        public Monitored {
            curvature = List.copyOf(curvature);
        }
    }
}
