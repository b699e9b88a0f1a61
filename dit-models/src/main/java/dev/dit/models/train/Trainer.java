package dev.dit.models.train;

import dev.dit.models.BatchTally;
import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains with the configured optimizer (plain SGD unless chosen) and records its {@link Trajectory}. θ_0 comes from {@code seed}; the batches from
 * a seed derived from it, so one number fixes the whole run.
 *
 * <p>An epoch's training loss and accuracy in the log are what {@link TrainConfig#trainMetrics()}
 * says: the mean over the epoch's batch entries from the steps' own forward passes
 * ({@link TrainMetrics#BATCH_MEAN}, free), or L(θ) and the accuracy over every training sample at the
 * epoch's end ({@link TrainMetrics#EXACT}, a forward pass over the training set per epoch). The
 * choice changes the log only: θ_t is bit for bit the same.
 *
 * <p>A run that diverges stops with a {@link DivergedException}: when a parameter becomes
 * non-finite, or when an epoch's training loss (of either kind) is not finite or exceeds
 * {@value #DIVERGENCE_FACTOR} × max(1, L(θ_0)), L(θ_0) being the exact training loss before the
 * first step. With the batch mean, an epoch whose mean or last batch's mean loss exceeds
 * {@value #DIVERGENCE_FACTOR} (or is NaN) also has its exact L(θ) at the end computed and judged the
 * same way: a loss that grew during the epoch is not averaged away, and healthy runs never pay for
 * the pass. Such a run's trajectory says nothing about which samples mattered.
 */
public final class Trainer {

    /**
     * Metrics after an epoch: the training loss and accuracy as {@link TrainConfig#trainMetrics()}
     * says, the validation loss and accuracy at θ after the epoch's last step over the whole
     * validation set (NaN without one).
     *
     * @param epoch the epoch, from 1
     * @param step the steps taken so far
     * @param trainLoss the epoch's training loss ({@link TrainMetrics})
     * @param trainAccuracy the epoch's training accuracy ({@link TrainMetrics})
     * @param valLoss the mean validation loss at the epoch's end
     * @param valAccuracy the validation accuracy at the epoch's end
     */
    public record EpochLog(int epoch, int step, double trainLoss, double trainAccuracy,
                           double valLoss, double valAccuracy) {
    }

    /** Receives progress; all methods have empty defaults. */
    public interface Listener {
        /**
         * Whether {@link #watched} is to be called for step t (e.g. a curvature monitor's steps).
         * Asked before the step; the default, false, costs nothing (θ_t is not copied).
         *
         * @param t the step about to be taken, from 0
         * @return true to receive {@link #watched} for it
         */
        default boolean watches(int t) {
            return false;
        }

        /**
         * Called after step t when {@link #watches} said so, before {@link #step}: the step's
         * inputs and the optimizer's state after it. The arrays belong to the trainer: read them
         * during the call only, and do not modify them.
         *
         * @param t the step just taken
         * @param thetaBefore θ_t, the parameters before the step (a copy)
         * @param after the optimizer state after the step
         * @param batch S_t
         * @param eta η_t
         * @param alpha the L2 coefficient α
         */
        default void watched(int t, double[] thetaBefore, OptimizerState after, int[] batch, double eta, double alpha) {
        }

        /**
         * Called after step {@code t} of {@code steps}.
         *
         * @param t the step just taken, from 0
         * @param steps the number of steps T
         */
        default void step(int t, int steps) {
        }

        /**
         * Called after each epoch.
         *
         * @param log the epoch's losses and accuracies
         */
        default void epoch(EpochLog log) {
        }
    }

    /** A finished run. */
    public record Result(Trajectory trajectory, List<EpochLog> log) {
    }

    /** How far an epoch's training loss may grow over max(1, L(θ_0)) before the run counts as diverged. */
    public static final double DIVERGENCE_FACTOR = 100;

    /** Training diverged: a parameter became non-finite, or the training loss exploded. */
    public static final class DivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The epoch (1-based) in which training diverged. */
        private final int epoch;
        /** The step after which it was noticed (0-based). */
        private final int step;
        /** The epoch's training loss, or NaN if a parameter became non-finite. */
        private final double trainLoss;
        /** The training loss at θ_0, or NaN if it was not computed. */
        private final double initialLoss;
        /** What {@link #trainLoss} is. */
        private final TrainMetrics trainMetrics;

        DivergedException(String msg, int epoch, int step, double trainLoss, double initialLoss,
                          TrainMetrics trainMetrics) {
            super(msg);
            this.epoch = epoch;
            this.step = step;
            this.trainLoss = trainLoss;
            this.initialLoss = initialLoss;
            this.trainMetrics = trainMetrics;
        }

        /**
         * What {@link #trainLoss()} is: the mean over the epoch's batches or L(θ) at the epoch's end.
         *
         * @return the run's training metrics
         */
        public TrainMetrics trainMetrics() {
            return trainMetrics;
        }

        /**
         * The epoch in which training diverged.
         *
         * @return the epoch, counted from 1
         */
        public int epoch() {
            return epoch;
        }

        /**
         * The step after which the divergence was noticed.
         *
         * @return the step, counted from 0; for a loss check, the epoch's last step
         */
        public int step() {
            return step;
        }

        /**
         * The training loss of the epoch that diverged, as {@link #trainMetrics()} says.
         *
         * @return the loss, or NaN if a parameter became non-finite within the epoch
         */
        public double trainLoss() {
            return trainLoss;
        }

        /**
         * The exact training loss at θ_0, L(θ_0), against which the epoch's loss was judged.
         *
         * @return the loss, or NaN if it was not needed (a parameter became non-finite)
         */
        public double initialLoss() {
            return initialLoss;
        }
    }

    private Trainer() {
    }

    /**
     * The seed of the batch schedule, derived from the run's seed.
     *
     * @param seed the run's seed
     * @return the schedule's seed
     */
    public static long scheduleSeed(long seed) {
        return seed * 0x9E3779B97F4A7C15L + 1;
    }

    /**
     * Trains {@code model} on {@code train}, logging against {@code val} (may be null).
     *
     * @param model the model
     * @param train the training set
     * @param val the validation set for the log, or null
     * @param cfg the hyper-parameters
     * @param listener told about each step and epoch, or null
     * @return the trajectory and the per-epoch log
     */
    public static Result train(Model model, Dataset train, Dataset val, TrainConfig cfg, Listener listener) {
        return train(model, train, val, cfg, schedule(train.size(), cfg), model.initialParameters(cfg.seed()), listener);
    }

    /**
     * The batches of a run of {@code cfg} on {@code trainSize} samples, as {@link #train(Model, Dataset, Dataset,
     * TrainConfig, Listener)} draws them.
     *
     * @param trainSize the number of training samples
     * @param cfg the hyper-parameters
     * @return the batch schedule
     */
    public static BatchSchedule schedule(int trainSize, TrainConfig cfg) {
        return BatchSchedule.draw(trainSize, cfg.batchSize(), cfg.epochs(), scheduleSeed(cfg.seed()));
    }

    /**
     * η_t for every step of {@code schedule} under {@code cfg}'s learning-rate schedule.
     *
     * @param cfg the hyper-parameters
     * @param schedule the batches
     * @return the learning rates, one per step
     */
    public static double[] learningRates(TrainConfig cfg, BatchSchedule schedule) {
        return cfg.schedule().rates(cfg.learningRate(), schedule.epochBoundaries());
    }

    /**
     * Trains from a given θ_0 along a given schedule, keeping the trajectory in memory.
     *
     * @param model the model
     * @param train the training set
     * @param val the validation set for the log, or null
     * @param cfg the hyper-parameters
     * @param schedule the batches
     * @param theta0 θ_0
     * @param listener told about each step and epoch, or null
     * @return the trajectory and the per-epoch log
     * @throws IllegalArgumentException if the learning-rate schedule does not fit the run (a warm-up
     *         longer than the run)
     */
    public static Result train(Model model, Dataset train, Dataset val, TrainConfig cfg, BatchSchedule schedule,
                               double[] theta0, Listener listener) {
        int steps = schedule.steps();
        int p = model.parameterCount();
        boolean stateful = cfg.optimizer().stateVectors() > 0;
        CheckpointStore store = new MemoryCheckpoints(steps);
        CheckpointStore states = stateful ? new MemoryCheckpoints(steps) : null;
        List<EpochLog> log;
        try {
            log = train(model, train, val, cfg, schedule, theta0, listener, (t, theta, state) -> {
                store.write(t, theta);
                if (states != null) {
                    states.write(t, state);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory stores do not throw
        }
        return new Result(new Trajectory(schedule, learningRates(cfg, schedule), cfg.l2(), cfg.checkpointEvery(),
                store, p, cfg.optimizer(), states), log);
    }

    /**
     * Trains from a given θ_0 along a given schedule, handing each checkpoint to {@code sink} as
     * training passes it and keeping nothing of the trajectory: O(p) memory besides the data and
     * the schedule.
     *
     * @param model the model
     * @param train the training set
     * @param val the validation set for the log, or null
     * @param cfg the hyper-parameters
     * @param schedule the batches
     * @param theta0 θ_0
     * @param listener told about each step and epoch, or null
     * @param sink receives θ_t and the optimizer state at t = 0, K, 2K, … and T
     * @return the per-epoch log
     * @throws IOException if the sink fails
     * @throws IllegalArgumentException if the learning-rate schedule does not fit the run
     */
    public static List<EpochLog> train(Model model, Dataset train, Dataset val, TrainConfig cfg,
                                       BatchSchedule schedule, double[] theta0, Listener listener,
                                       CheckpointSink sink) throws IOException {
        Listener l = listener == null ? new Listener() { } : listener;
        int steps = schedule.steps();
        int p = model.parameterCount();
        Evaluator ev = new Evaluator(model);
        Optimizer opt = new Optimizer(cfg.optimizer(), ev);
        OptimizerState state = new OptimizerState(cfg.optimizer(), p);
        double[] packed = new double[state.size() * p];
        int[] bounds = schedule.epochBoundaries();
        double[] lrs = learningRates(cfg, schedule);
        double[] theta = theta0.clone();
        if (p != theta.length) {
            throw new IllegalArgumentException("θ_0 has " + theta.length + " values for " + p + " parameters");
        }
        List<EpochLog> log = new ArrayList<>();
        TrainMetrics metrics = cfg.trainMetrics();
        BatchTally tally = metrics == TrainMetrics.BATCH_MEAN ? new BatchTally() : null;
        double initialLoss = Double.NaN; // L(θ_0), evaluated only once an epoch's loss looks suspicious
        int epoch = 0;
        for (int t = 0; t < steps; t++) {
            if (t % cfg.checkpointEvery() == 0) {
                state.pack(packed);
                sink.checkpoint(t, theta, packed);
            }
            double[] before = l.watches(t) ? theta.clone() : null;
            boolean epochEnd = t + 1 == bounds[epoch + 1];
            // the epoch's last batch alone, for the divergence check at its end
            double sumBefore = epochEnd && tally != null ? tally.lossSum() : 0;
            long entriesBefore = epochEnd && tally != null ? tally.entries() : 0;
            opt.step(theta, state, train, schedule.batch(t), lrs[t], cfg.l2(), -1, tally);
            checkFinite(theta, t, epoch, metrics);
            if (before != null) {
                l.watched(t, before, state, schedule.batch(t), lrs[t], cfg.l2());
            }
            l.step(t, steps);
            if (epochEnd) {
                Evaluator.LossAccuracy tr = tally == null ? ev.lossAndAccuracy(theta, train)
                        : new Evaluator.LossAccuracy(tally.meanLoss(), tally.accuracy());
                Evaluator.LossAccuracy va = val == null ? new Evaluator.LossAccuracy(Double.NaN, Double.NaN)
                        : ev.lossAndAccuracy(theta, val);
                EpochLog e = new EpochLog(epoch + 1, t + 1, tr.loss(), tr.accuracy(), va.loss(), va.accuracy());
                log.add(e);
                l.epoch(e);
                // also NaN; only then is L(θ_0) worth computing (and, for the batch mean, L(θ) at the end)
                boolean suspicious = !(tr.loss() <= DIVERGENCE_FACTOR) || tally != null
                        && !((tally.lossSum() - sumBefore) / (tally.entries() - entriesBefore) <= DIVERGENCE_FACTOR);
                if (suspicious) {
                    if (Double.isNaN(initialLoss)) {
                        initialLoss = ev.lossAndAccuracy(theta0, train).loss();
                    }
                    checkLoss(tr.loss(), initialLoss, epoch + 1, t, metrics);
                    if (tally != null) { // the batch mean passed: judge θ at the epoch's end as the exact log would
                        checkLoss(ev.lossAndAccuracy(theta, train).loss(), initialLoss, epoch + 1, t, TrainMetrics.EXACT);
                    }
                }
                if (tally != null) {
                    tally.clear();
                }
                epoch++;
            }
        }
        state.pack(packed);
        sink.checkpoint(steps, theta, packed);
        return log;
    }

    private static void checkLoss(double loss, double initialLoss, int epoch, int t, TrainMetrics metrics) {
        double bound = DIVERGENCE_FACTOR * Math.max(1, initialLoss);
        if (Double.isFinite(loss) && loss <= bound) {
            return;
        }
        throw new DivergedException(String.format(java.util.Locale.ROOT, "training diverged in epoch %d: %s"
                + " %.4g %s (the loss at θ_0 is %.4g); lower the learning rate", epoch, metrics.lossName(), loss,
                Double.isFinite(loss) ? String.format(java.util.Locale.ROOT, "exceeds %.0f × max(1, L(θ_0)) = %.4g",
                        DIVERGENCE_FACTOR, bound) : "is not finite", initialLoss), epoch, t, loss, initialLoss, metrics);
    }

    private static void checkFinite(double[] theta, int t, int epoch, TrainMetrics metrics) {
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new DivergedException("training diverged in epoch " + (epoch + 1) + " (step " + t
                        + "): parameter " + i + " became " + theta[i] + "; lower the learning rate",
                        epoch + 1, t, Double.NaN, Double.NaN, metrics);
            }
        }
    }
}
