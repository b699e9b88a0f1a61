package dev.dit.influence.diagnose;

import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The curvature monitor of {@code dit train --monitor}: a {@link Trainer.Listener} that, at every
 * K-th step (t = 0, K, 2K, …) and at the last step of every epoch (K &lt; L; see below for K ≥ L),
 * computes the figures of {@link Curvature} for the
 * step just taken (the top eigenvalue of {@code H_t + αI}, or of Adam's preconditioned Hessian, at
 * θ_t on the step's batch, by Lanczos on exact HVPs) and its stability limit. It reads the
 * trainer's θ_t and state and changes nothing, so the run itself is the same with or without it;
 * the start vectors are seeded by (seed, t), so the figures are deterministic. Other listener
 * calls are passed on to {@code next}.
 *
 * <p>When epochs are not longer than K steps (K ≥ L, L steps per epoch) the points are spaced by
 * epochs instead: step 0 and the last steps of every ⌈K/L⌉-th epoch and of the last epoch, so
 * that the monitor costs about one examined step per K steps whatever the epoch length.
 */
public final class CurvatureMonitor implements Trainer.Listener {
    /** The default K of {@code --monitor}: see {@link #options}. */
    public static final int DEFAULT_EVERY = 200;

    private final Evaluator evaluator;
    private final Dataset train;
    private final OptimizerSpec spec;
    private final int stepsPerEpoch;
    private final int epochEvery;
    private final int epochs;
    private final Curvature.Options options;
    private final Trainer.Listener next;
    private final Consumer<Curvature.Point> onPoint;
    private final List<Curvature.Point> points = new ArrayList<>();

    /**
     * The monitor's Lanczos settings for every K steps: the top eigenvalue only, at most 8
     * products, relative residual 3e-2 (the Ritz value itself is closer, its error being of the
     * order of the squared residual over the gap), seed 0. η·λ_max matters near its limit, where a
     * few per cent are plenty; a Ritz value never exceeds λ_max, so an unconverged figure is a
     * lower bound.
     *
     * @param every K ≥ 1
     * @return the options
     */
    public static Curvature.Options options(int every) {
        return new Curvature.Options(every, 1, 8, 3e-2, 0);
    }

    /**
     * A monitor of a run about to be trained.
     *
     * @param model the model being trained
     * @param train its training set
     * @param spec the optimizer
     * @param batchSize the batch size (the epoch length is ⌈n/B⌉ steps)
     * @param epochs the number of epochs
     * @param options which steps and how hard to iterate
     * @param next receives the other listener calls, or null
     * @param onPoint told about each point as it is computed (e.g. to warn), or null
     */
    public CurvatureMonitor(Model model, Dataset train, OptimizerSpec spec, int batchSize, int epochs,
                            Curvature.Options options,
                            Trainer.Listener next, Consumer<Curvature.Point> onPoint) {
        this.evaluator = new Evaluator(model);
        this.train = train;
        this.spec = spec;
        this.stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        this.epochEvery = (options.every() + stepsPerEpoch - 1) / stepsPerEpoch;
        this.epochs = epochs;
        this.options = options;
        this.next = next == null ? new Trainer.Listener() { } : next;
        this.onPoint = onPoint == null ? p -> { } : onPoint;
    }

    /**
     * Whether step t is one the monitor examines.
     *
     * @param t the step
     * @return true for the steps described in the class comment
     */
    public boolean examines(int t) {
        if (t == 0 || (options.every() < stepsPerEpoch && t % options.every() == 0)) {
            return true;
        }
        if ((t + 1) % stepsPerEpoch != 0) {
            return false;
        }
        int epoch = (t + 1) / stepsPerEpoch;
        return epoch % epochEvery == 0 || epoch == epochs;
    }

    @Override
    public boolean watches(int t) {
        return examines(t) || next.watches(t);
    }

    @Override
    public void watched(int t, double[] thetaBefore, OptimizerState after, int[] batch, double eta, double alpha) {
        if (examines(t)) {
            Curvature.Point p = Curvature.at(evaluator, train, batch, eta, alpha, spec, t, thetaBefore, after,
                    t / stepsPerEpoch + 1, options);
            points.add(p);
            onPoint.accept(p);
        }
        if (next.watches(t)) {
            next.watched(t, thetaBefore, after, batch, eta, alpha);
        }
    }

    @Override
    public void step(int t, int steps) {
        next.step(t, steps);
    }

    @Override
    public void epoch(Trainer.EpochLog log) {
        next.epoch(log);
    }

    /** {@return the points computed so far, ascending by step} */
    public List<Curvature.Point> points() {
        return List.copyOf(points);
    }
}
