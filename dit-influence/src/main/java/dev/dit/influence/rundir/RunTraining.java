package dev.dit.influence.rundir;

import dev.dit.influence.PreparedData;
import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.CurvatureMonitor;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.BatchSchedule;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;
import dev.dit.models.trajectory.TrajectoryHeader;
import dev.dit.models.trajectory.TrajectoryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Makes a run and its {@link RunInfo} in memory: split the pool, standardise and corrupt labels
 * as planned ({@link PreparedData}, keeping the original labels and the fitted standardiser),
 * train. The same arguments give the same run, bit for bit: {@link #train} keeps it in memory,
 * {@link #trainInto} writes its run directory as training goes, the trajectory streamed to its
 * file so that a trajectory larger than the heap is no obstacle.
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
     * Does what {@link #train} does, but writes the run directory {@code dir} instead of keeping
     * the trajectory in memory: the trajectory file is written as training passes each checkpoint
     * (O(p) memory besides the data and the batch schedule), atomically (a temporary file renamed
     * into place only when complete; a failed or killed run leaves no trajectory file), and is
     * byte-identical to the file {@link RunDirectory#write} would write for the run of
     * {@link #train}; the data files are written on another thread while training runs, and
     * the other files and {@code run.json} follow: every file as {@link RunDirectory#write} writes it.
     *
     * @param dir      the run directory (created if needed; an existing {@code run.json} is deleted first)
     * @param pool     the data pool, as loaded from {@code dataSpec}
     * @param dataSpec the spec {@code pool} was loaded from, recorded in the info
     * @param plan     split sizes, seeds and corruption
     * @param spec     the model
     * @param cfg      the training hyper-parameters
     * @param listener receives progress, may be null
     * @return the run, its trajectory backed by the written file (close it), and how it was made
     * @throws IOException if a file cannot be written
     * @throws dev.dit.models.train.Trainer.DivergedException if training diverges (no trajectory file is left)
     */
    public static LoadedRun trainInto(Path dir, Dataset pool, String dataSpec, Runs.DataPlan plan, ModelSpec spec,
                                      TrainConfig cfg, Trainer.Listener listener) throws IOException {
        return trainInto(dir, pool, dataSpec, plan, spec, cfg, listener, null, null);
    }

    /**
     * As {@link #trainInto(Path, Dataset, String, Runs.DataPlan, ModelSpec, TrainConfig, Trainer.Listener)},
     * with the curvature monitor ({@link CurvatureMonitor}) watching the steps of {@code monitor}
     * and its figures written to {@value RunDirectory#CURVATURE}; every other file is the same, bit
     * for bit, as without it.
     *
     * @param dir      the run directory
     * @param pool     the data pool
     * @param dataSpec the spec {@code pool} was loaded from
     * @param plan     split sizes, seeds and corruption
     * @param spec     the model
     * @param cfg      the training hyper-parameters
     * @param listener receives progress, may be null
     * @param monitor  which steps to examine and how, or null for no monitor
     * @param onPoint  told about each monitored point as it is computed, may be null
     * @return the run, its trajectory backed by the written file (close it), and how it was made
     * @throws IOException if a file cannot be written
     * @throws dev.dit.models.train.Trainer.DivergedException if training diverges (no trajectory file is left)
     */
    public static LoadedRun trainInto(Path dir, Dataset pool, String dataSpec, Runs.DataPlan plan, ModelSpec spec,
                                      TrainConfig cfg, Trainer.Listener listener, Curvature.Options monitor,
                                      Consumer<Curvature.Point> onPoint) throws IOException {
        PreparedData d = PreparedData.prepare(pool, plan);
        Model model = new Model(spec, d.train().sampleShape(), d.train().numClasses());
        CurvatureMonitor watcher = monitor == null ? null
                : new CurvatureMonitor(model, d.train(), cfg.optimizer(), cfg.batchSize(), cfg.epochs(), monitor,
                        listener, onPoint);
        Trainer.Listener steps = watcher == null ? listener : watcher;
        BatchSchedule schedule = Trainer.schedule(d.train().size(), cfg);
        String version = RunInfo.CURRENT_DIT_VERSION;
        TrajectoryHeader header = RunDirectory.trajectoryHeader(model, d.train(), cfg, version,
                schedule.epochBoundaries());
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(RunDirectory.MANIFEST));
        // The data files do not depend on training: write them on another thread meanwhile
        // (376 MB for the 60 000-image training split). Same bytes as written in turn.
        ExecutorService io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dit-data-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Void> data = io.submit(() -> {
                RunDirectory.writeData(dir, d.train(), d.val(), d.test());
                return null;
            });
            List<Trainer.EpochLog> log;
            try {
                log = trainTrajectory(dir.resolve(RunDirectory.TRAJECTORY), header, model, d, schedule, cfg, steps);
            } catch (IOException | RuntimeException | Error e) {
                try {
                    await(data); // no file may still be being written on return
                } catch (IOException | RuntimeException | Error second) {
                    e.addSuppressed(second);
                }
                throw e;
            }
            await(data);
            TrajectoryFile tf = TrajectoryFile.open(dir.resolve(RunDirectory.TRAJECTORY));
            try {
                Run run = new Run(model, d.train(), d.val(), d.test(), tf.trajectory(), d.corrupted());
                RunInfo info = new RunInfo(dataSpec, plan, spec, cfg, log, d.originalLabels(), version,
                        d.standardizer());
                RunDirectory.writeRest(dir, run, info, watcher == null ? null : watcher.points());
                return new LoadedRun(run, info);
            } catch (IOException | RuntimeException | Error e) {
                tf.close();
                throw e;
            }
        } finally {
            io.shutdownNow();
        }
    }

    /** Trains, writing the trajectory file as it goes; no file is left if training fails. */
    private static List<Trainer.EpochLog> trainTrajectory(Path file, TrajectoryHeader header, Model model,
                                                          PreparedData d, BatchSchedule schedule, TrainConfig cfg,
                                                          Trainer.Listener listener) throws IOException {
        try (TrajectoryWriter w = TrajectoryWriter.open(file, header)) {
            try {
                // The STEPS block comes first, as RunDirectory.write puts it: the schedule is known before step 0.
                w.writeSteps(schedule.batches(), Trainer.learningRates(cfg, schedule));
                return Trainer.train(model, d.train(), d.val(), cfg, schedule, model.initialParameters(cfg.seed()),
                        listener, w::writeCheckpoint);
            } catch (IOException | RuntimeException | Error e) {
                w.abort();
                throw e;
            }
        }
    }

    /** Waits for the data files; rethrows their failure as it was. */
    private static void await(Future<Void> data) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    data.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: the caller may delete the directory next
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
