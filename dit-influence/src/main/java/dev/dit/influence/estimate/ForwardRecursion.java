package dev.dit.influence.estimate;

import dev.dit.influence.Run;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.StepJacobian;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.List;

/**
 * The forward form of the DIT recursion for single samples (method.md §4):
 * {@code δ_{t+1} = (I − η_t H_t) δ_t + [j ∈ S_t] (η_t/|S_t|) ∇ℓ_j(θ_t)}. It costs one HVP per
 * step <em>per sample</em>, so it is only a test oracle for the backward sweep, which must give
 * the same numbers.
 *
 * <p>For an optimizer with state (method.md §8) it propagates the whole state perturbation,
 * {@code δs_{t+1} = J_t δs_t − [j ∈ S_t] (1/|S_t|) (∂Φ_t/∂g) ∇ℓ_j(θ_t)}, with g_t evaluated
 * afresh at θ_t (an independent gradient pass, unlike the sweep) and the state after the step
 * replayed from the trajectory.
 */
public final class ForwardRecursion {
    private final Run run;
    private final Query query;

    /**
     * The recursion for {@code run} and {@code query}.
     *
     * @param run the recorded run
     * @param query the quantity whose change is attributed
     */
    public ForwardRecursion(Run run, Query query) {
        this.run = run;
        this.query = query;
    }

    /**
     * Influence of training sample {@code j} in each window under {@code definition}.
     *
     * @param j the training sample
     * @param windows the windows
     * @param definition global or local
     * @return one value per window
     */
    public double[] estimate(int j, List<Window> windows, Definition definition) {
        double[] out = new double[windows.size()];
        for (int w = 0; w < windows.size(); w++) {
            Window win = windows.get(w);
            if (definition == Definition.LOCAL) {
                out[w] = propagate(j, win.start(), win.end());
            } else {
                out[w] = propagate(j, 0, win.end()) - (win.start() == 0 ? 0.0 : propagate(j, 0, win.start()));
            }
        }
        return out;
    }

    /** {@code ⟨q(to), δθ_to⟩} with δs started at zero at step {@code from}. */
    private double propagate(int j, int from, int to) {
        if (run.trajectory().optimizer().kind() != OptimizerSpec.Kind.SGD) {
            return propagateState(j, from, to);
        }
        Trajectory traj = run.trajectory();
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = run.replay();
        int p = run.model().parameterCount();
        double[] theta = new double[p];
        double[] delta = new double[p];
        double[] hd = new double[p];
        double[] gj = new double[p];
        int[] one = {j};
        double[] unit = {1.0};
        for (int t = from; t < to; t++) {
            replay.theta(t, theta);
            int[] batch = traj.batch(t);
            int len = batch.length;
            double eta = traj.learningRate(t);
            double[] w = new double[len];
            java.util.Arrays.fill(w, 1.0 / len);
            ev.hvp(theta, run.train(), batch, 0, len, w, delta, hd, null);
            for (int i = 0; i < p; i++) {
                delta[i] -= eta * (hd[i] + traj.alpha() * delta[i]);
            }
            boolean inBatch = false;
            for (int b : batch) {
                inBatch |= b == j;
            }
            if (inBatch) {
                ev.gradient(theta, run.train(), one, 0, 1, unit, gj);
                for (int i = 0; i < p; i++) {
                    delta[i] += eta / len * gj[i];
                }
            }
        }
        replay.theta(to, theta);
        double[] q = new double[p];
        query.gradient(theta, ev, q);
        double s = 0.0;
        for (int i = 0; i < p; i++) {
            s += q[i] * delta[i];
        }
        return s;
    }

    private double propagateState(int j, int from, int to) {
        Trajectory traj = run.trajectory();
        OptimizerSpec spec = traj.optimizer();
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = run.replay();
        int p = run.model().parameterCount();
        double[] theta = new double[p];
        double[] next = new double[p];
        OptimizerState before = new OptimizerState(spec, p);
        OptimizerState after = new OptimizerState(spec, p);
        StepJacobian jacobian = new StepJacobian(spec, p);
        double[] delta = new double[p];
        double[][] dState = new double[spec.stateVectors()][p];
        double[] hd = new double[p];
        double[] g = new double[p];
        double[] e = new double[p];
        int[] one = {j};
        double[] unit = {1.0};
        for (int t = from; t < to; t++) {
            replay.state(t, theta, before);
            replay.state(t + 1, next, after);
            int[] batch = traj.batch(t);
            int len = batch.length;
            double[] w = new double[len];
            java.util.Arrays.fill(w, 1.0 / len);
            ev.gradient(theta, run.train(), batch, 0, len, w, g);
            for (int i = 0; i < p; i++) {
                g[i] += traj.alpha() * theta[i];
            }
            ev.hvp(theta, run.train(), batch, 0, len, w, delta, hd, null);
            boolean inBatch = false;
            for (int b : batch) {
                inBatch |= b == j;
            }
            if (inBatch) {
                ev.gradient(theta, run.train(), one, 0, 1, unit, e);
                for (int i = 0; i < p; i++) {
                    e[i] *= -1.0 / len;
                }
            }
            jacobian.prepare(t, traj.learningRate(t), traj.alpha(), g, after);
            jacobian.forward(delta, dState, hd, inBatch ? e : null);
        }
        replay.theta(to, theta);
        double[] q = new double[p];
        query.gradient(theta, ev, q);
        double s = 0.0;
        for (int i = 0; i < p; i++) {
            s += q[i] * delta[i];
        }
        return s;
    }
}
