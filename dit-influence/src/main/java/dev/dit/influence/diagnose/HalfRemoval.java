package dev.dit.influence.diagnose;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.Optimizer;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.List;

/**
 * The replay of a run with one training sample's loss weighted by a factor w instead of 1 in every
 * batch that holds it (denominator |S_t| unchanged), on the same definition as leave-one-out
 * (method.md §5): G from the sample's first use with the weight everywhere, F at the window's
 * boundaries; L from the full state at the sample's first use inside the window. w = 0 is
 * leave-one-out; w = ½ is the half-removal whose doubled effect is the secant
 * {@code 2·(F(½) − F(1))} that a linear response would make equal to the full removal and to the
 * derivative. One instance per thread.
 */
final class HalfRemoval {
    private final Run run;
    private final Query query;
    private final List<Window> windows;
    private final Definition definition;
    private final double weight;
    private final Evaluator ev;
    private final ThetaReplay replay;
    private final double[] theta;
    private final double[] grad;
    private final OptimizerState state;

    HalfRemoval(Run run, Query query, List<Window> windows, Definition definition, double weight) {
        this.run = run;
        this.query = query;
        this.windows = windows;
        this.definition = definition;
        this.weight = weight;
        this.ev = new Evaluator(run.model());
        this.replay = run.replay();
        int p = run.model().parameterCount();
        this.theta = new double[p];
        this.grad = new double[p];
        this.state = new OptimizerState(run.trajectory().optimizer(), p);
    }

    /** F(θ_t) of the original run. */
    double original(int t) {
        replay.theta(t, theta);
        return query.value(theta, ev);
    }

    /**
     * The change {@code F(weighted) − F(original)} of sample j per window (G: difference of the
     * boundary changes, as leave-one-out).
     */
    double[] effect(int j, double[] originalF) {
        Trajectory traj = run.trajectory();
        double[] out = new double[windows.size()];
        if (definition == Definition.GLOBAL) {
            int first = firstUse(j, 0, traj.steps());
            int last = 0;
            for (Window w : windows) {
                last = Math.max(last, w.end());
            }
            double[] diff = new double[traj.steps() + 1];
            if (first >= 0 && first < last) {
                replay.state(first, theta, state);
                for (int t = first; t < last; t++) {
                    step(t, j);
                    if (needed(t + 1)) {
                        diff[t + 1] = query.value(theta, ev) - originalF[t + 1];
                    }
                }
            }
            for (int w = 0; w < out.length; w++) {
                out[w] = diff[windows.get(w).end()] - diff[windows.get(w).start()];
            }
            return out;
        }
        for (int w = 0; w < out.length; w++) {
            Window win = windows.get(w);
            int first = firstUse(j, win.start(), win.end());
            if (first < 0) {
                continue; // not used inside the window: no change
            }
            replay.state(first, theta, state);
            for (int t = first; t < win.end(); t++) {
                step(t, j);
            }
            out[w] = query.value(theta, ev) - originalF[win.end()];
        }
        return out;
    }

    private boolean needed(int t) {
        for (Window w : windows) {
            if (w.start() == t || w.end() == t) {
                return true;
            }
        }
        return false;
    }

    private int firstUse(int j, int from, int to) {
        Trajectory traj = run.trajectory();
        for (int t = from; t < to; t++) {
            for (int i : traj.batch(t)) {
                if (i == j) {
                    return t;
                }
            }
        }
        return -1;
    }

    /** One step of the run's optimizer with sample j's loss weighted by {@link #weight}. */
    private void step(int t, int j) {
        Trajectory traj = run.trajectory();
        int[] batch = traj.batch(t);
        double[] w = new double[batch.length];
        for (int i = 0; i < batch.length; i++) {
            w[i] = (batch[i] == j ? weight : 1.0) / batch.length;
        }
        ev.gradient(theta, run.train(), batch, 0, batch.length, w, grad);
        Optimizer.apply(traj.optimizer(), theta, state, grad, traj.learningRate(t), traj.alpha());
    }
}
