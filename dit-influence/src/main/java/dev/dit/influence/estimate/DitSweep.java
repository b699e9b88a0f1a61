package dev.dit.influence.estimate;

import dev.dit.influence.Run;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.StepJacobian;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The DIT estimator by backward (adjoint) sweeps, all training samples at once (method.md §4).
 *
 * <p>A <em>track</em> is one adjoint vector v started at step s with {@code v = q(s)} and carried
 * down to a stop step; at each step t it adds {@code (η_t/|S_t|)·⟨v, ∇ℓ_j(θ_t)⟩} to the score of
 * every j in S_t and then becomes {@code v − η_t (H_t v + α v)}. One exact HVP on the batch gives
 * both the product and all the directional derivatives (the tangents of the per-sample losses).
 *
 * <ul>
 *   <li>Definition L: one track per distinct window end t2, stopped at the earliest start of the
 *       windows ending there; a window's value is the track's score right after step t1. Epoch
 *       windows do not overlap, so the whole n × E matrix costs one sweep.</li>
 *   <li>Definition G: one track per distinct boundary b > 0, down to step 0, giving
 *       {@code P_j(b) = ⟨q(b), δ_b⟩}; then {@code I_G = P_j(t2) − P_j(t1)}.</li>
 * </ul>
 *
 * <p>All tracks advance together in one pass over t from the top down, so each θ_t is obtained
 * (or replayed from a checkpoint) once, and the tracks active at step t go through batch S_t
 * together ({@link Evaluator#hvps}): the batch's values are computed once, each track adds only
 * its tangents and reverse sweep (under L, per-epoch windows plus {@code full} run two tracks at
 * almost every step). Each track's numbers are bit for bit those of its own HVP.
 *
 * <p>For an optimizer with state (momentum, Nesterov, Adam, AdamW; method.md §8) a track carries
 * one adjoint vector per state component, {@code λ = (λθ, λb)} or {@code (λθ, λm, λv)}, started
 * at {@code (q(s), 0, 0)}. At step t the transposed step ({@link StepJacobian}) gives
 * {@code γ = (∂Φ_t/∂g)ᵀ λ}; one exact HVP along γ gives {@code H_t γ} and the directional
 * derivatives {@code ⟨γ, ∇ℓ_j(θ_t)⟩}, and the score of j ∈ S_t grows by
 * {@code −(1/|S_t|)⟨γ, ∇ℓ_j⟩}. Adam's transposed step needs the gradient g_t; it is recovered
 * from the recorded first moments, {@code g_t = (m_{t+1} − β1 m_t)/(1 − β1)}, because the HVP's
 * direction γ itself depends on g_t (so the HVP's own gradient output comes too late). For Adam
 * the recovery, the step's coefficients and the transposed step are one fused pass per track
 * ({@link StepJacobian#adamAdjoint}), reading the moments in place when the checkpoints are held
 * in memory. Plain SGD
 * keeps its historical code path, bit for bit.
 */
public final class DitSweep {
    private final Run run;
    private final Query query;
    private final boolean hessian;

    /**
     * A sweep of {@code run} for {@code query}.
     *
     * @param run the recorded run
     * @param query the quantity whose change is attributed
     */
    public DitSweep(Run run, Query query) {
        this(run, query, true);
    }

    /**
     * With {@code hessian = false} the {@code −η H v} term is dropped (for ablations and tests).
     *
     * @param run the recorded run
     * @param query the quantity whose change is attributed
     * @param hessian whether to keep the Hessian term (true for DIT)
     */
    public DitSweep(Run run, Query query, boolean hessian) {
        this.run = run;
        this.query = query;
        this.hessian = hessian;
    }

    private static final class Track {
        final int start;
        int stop;
        final double[] v;
        final double[][] state;
        final double[] score;
        /** window column -> step after which to take the snapshot (Definition L). */
        final TreeMap<Integer, List<Integer>> snapshots = new TreeMap<>();
        final java.util.Map<Integer, double[]> snapshotValues = new java.util.HashMap<>();

        Track(int start, int stop, int p, int n, int k) {
            this.start = start;
            this.stop = stop;
            this.v = new double[p];
            this.state = new double[k][p];
            this.score = new double[n];
        }

        void snapshotIfDue(int s) {
            List<Integer> cols = snapshots.get(s);
            if (cols != null) {
                for (int w : cols) {
                    snapshotValues.put(w, score.clone());
                }
            }
        }
    }

    /**
     * The n × windows matrix for {@code definition}.
     *
     * @param windows the windows (columns)
     * @param definition global or local
     * @param progress receives the number of steps swept
     * @return the influence of every training sample (rows 0 … n−1) in every window
     */
    public InfluenceMatrix estimate(List<Window> windows, Definition definition, Progress progress) {
        int n = run.n();
        int p = run.model().parameterCount();
        double[][] out = new double[n][windows.size()];
        TreeMap<Integer, Track> tracks = new TreeMap<>();
        int stateVectors = run.trajectory().optimizer().stateVectors();
        if (definition == Definition.LOCAL) {
            for (int w = 0; w < windows.size(); w++) {
                Window win = windows.get(w);
                Track tr = tracks.computeIfAbsent(win.end(), s -> new Track(s, s, p, n, stateVectors));
                tr.stop = Math.min(tr.stop, win.start());
                tr.snapshots.computeIfAbsent(win.start(), k -> new ArrayList<>()).add(w);
            }
        } else {
            for (Window win : windows) {
                for (int b : new int[] {win.start(), win.end()}) {
                    if (b > 0) {
                        tracks.computeIfAbsent(b, s -> new Track(s, 0, p, n, stateVectors));
                    }
                }
            }
        }
        sweep(new ArrayList<>(tracks.values()), progress);
        for (int w = 0; w < windows.size(); w++) {
            Window win = windows.get(w);
            double[] column;
            if (definition == Definition.LOCAL) {
                column = tracks.get(win.end()).snapshotValues.get(w);
            } else {
                double[] hi = tracks.get(win.end()).score;
                double[] lo = win.start() > 0 ? tracks.get(win.start()).score : new double[n];
                column = new double[n];
                for (int j = 0; j < n; j++) {
                    column[j] = hi[j] - lo[j];
                }
            }
            for (int j = 0; j < n; j++) {
                out[j][w] = column[j];
            }
        }
        int[] samples = new int[n];
        for (int j = 0; j < n; j++) {
            samples[j] = j;
        }
        return new InfluenceMatrix(hessian ? "dit" : "dit-nohessian", definition, query.id(), windows, samples, out);
    }

    private void sweep(List<Track> tracks, Progress progress) {
        Trajectory traj = run.trajectory();
        Dataset train = run.train();
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = new ThetaReplay(traj, train, new Evaluator(run.model()));
        int p = run.model().parameterCount();
        int top = 0;
        int bottom = Integer.MAX_VALUE;
        long work = 0;
        for (Track tr : tracks) {
            top = Math.max(top, tr.start);
            bottom = Math.min(bottom, tr.stop);
            work += tr.start - tr.stop;
        }
        double[] theta = new double[p];
        OptimizerSpec spec = traj.optimizer();
        boolean sgd = spec.kind() == OptimizerSpec.Kind.SGD;
        // Adam reads in-memory checkpoints in place and needs these only for states it must copy
        OptimizerState state = spec.stateVectors() == 2 && traj.storedState(top) != null ? null : new OptimizerState(spec, p);
        OptimizerState after = state == null ? null : new OptimizerState(spec, p);
        StepJacobian jacobian = new StepJacobian(spec, p);
        boolean adam = spec.stateVectors() == 2;
        double[] gamma = new double[p];
        double[] dir = new double[maxBatch(traj)];
        Track[] active = new Track[tracks.size()];
        double[][] directions = new double[tracks.size()][];
        double[][] gammas = new double[hessian && !sgd ? tracks.size() : 0][p];
        double[][] hvs = new double[hessian ? tracks.size() : 0][p];
        double[][] dirs = new double[hessian ? tracks.size() : 0][dir.length];
        double[] weights = new double[0];
        long done = 0;
        double alpha = traj.alpha();
        double[] packedBefore = null; // the state before step s as stored in memory, read in place
        double[] packedAfter = null;
        for (int s = top; s >= bottom; s--) {
            if (sgd) {
                replay.theta(s, theta);
            } else {
                OptimizerState swap = after;
                after = state; // the state after step s is the one read at s + 1
                state = swap;
                packedAfter = packedBefore;
                packedBefore = adam ? traj.storedState(s) : null;
                if (packedBefore != null) {
                    replay.theta(s, theta);
                } else {
                    if (state == null) { // a step between checkpoints (K > 1): replayed, copied
                        state = new OptimizerState(spec, p);
                        after = new OptimizerState(spec, p);
                    }
                    replay.state(s, theta, state);
                }
            }
            if (s < top) {
                int[] batch = traj.batch(s);
                int len = batch.length;
                double eta = traj.learningRate(s);
                if (weights.length != len) {
                    weights = new double[len];
                    java.util.Arrays.fill(weights, 1.0 / len);
                }
                if (!sgd && !adam) {
                    jacobian.prepare(s, eta, alpha, null, after);
                }
                int count = 0;
                for (Track tr : tracks) {
                    if (tr.start > s && s >= tr.stop) {
                        active[count++] = tr;
                    }
                }
                if (!hessian) {
                    for (int k = 0; k < count; k++) {
                        Track tr = active[k];
                        if (sgd) {
                            stepWithoutHessian(ev, theta, batch, eta, tr, dir);
                        } else {
                            adjoint(jacobian, adam, s, eta, alpha, packedBefore, packedAfter, state, after, p, tr, gamma);
                            stepWithoutHessian(ev, theta, batch, jacobian, tr, gamma, dir);
                        }
                    }
                } else {
                    // every active track through one batch: the batch's values are computed once
                    for (int k = 0; k < count; k++) {
                        Track tr = active[k];
                        if (sgd) {
                            directions[k] = tr.v;
                        } else {
                            adjoint(jacobian, adam, s, eta, alpha, packedBefore, packedAfter, state, after, p, tr,
                                    gammas[k]);
                            directions[k] = gammas[k];
                        }
                    }
                    ev.hvps(theta, train, batch, 0, len, weights, directions, hvs, dirs, count);
                    for (int k = 0; k < count; k++) {
                        if (sgd) {
                            finishStep(batch, eta, alpha, active[k], hvs[k], dirs[k]);
                        } else {
                            finishStep(batch, jacobian, active[k], gammas[k], hvs[k], dirs[k]);
                        }
                    }
                }
                for (int k = 0; k < count; k++) {
                    done++;
                    active[k].snapshotIfDue(s);
                }
                progress.update(done, work);
            }
            for (Track tr : tracks) {
                if (tr.start == s) {
                    query.gradient(theta, ev, tr.v);
                }
            }
        }
    }

    /**
     * γ of a stateful optimizer's transposed step for one track: Adam's fused pass (g_t from the
     * moments, set-up and transposed step in one pass per track: fewer passes over memory than one
     * set-up shared by the tracks), or the prepared step's adjoint.
     */
    private static void adjoint(StepJacobian jacobian, boolean adam, int s, double eta, double alpha,
                                double[] packedBefore, double[] packedAfter, OptimizerState state,
                                OptimizerState after, int p, Track tr, double[] gamma) {
        if (adam) {
            jacobian.adamAdjoint(s, eta, alpha,
                    packedBefore != null ? packedBefore : state.vector(0), 0,
                    packedAfter != null ? packedAfter : after.vector(0), 0,
                    packedAfter != null ? packedAfter : after.vector(1), packedAfter != null ? p : 0,
                    tr.v, tr.state, gamma);
        } else {
            jacobian.gradientAdjoint(tr.v, tr.state, gamma);
        }
    }

    /** The rest of an SGD step once {@code hv = H v} and the directional derivatives are known. */
    private static void finishStep(int[] batch, double eta, double alpha, Track tr, double[] hv, double[] dir) {
        int len = batch.length;
        double[] v = tr.v;
        double c = eta / len;
        for (int i = 0; i < len; i++) {
            tr.score[batch[i]] += c * dir[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] -= eta * (hv[i] + alpha * v[i]);
        }
    }

    /** The rest of a stateful optimizer's step once {@code H γ} and the directional derivatives are known. */
    private static void finishStep(int[] batch, StepJacobian jacobian, Track tr, double[] gamma, double[] hGamma,
                                   double[] dir) {
        int len = batch.length;
        double c = -1.0 / len;
        for (int i = 0; i < len; i++) {
            tr.score[batch[i]] += c * dir[i];
        }
        jacobian.finishAdjoint(tr.v, gamma, hGamma);
    }

    /** One SGD step without the Hessian term: only the scores grow, v stays. */
    private void stepWithoutHessian(Evaluator ev, double[] theta, int[] batch, double eta, Track tr, double[] dir) {
        int len = batch.length;
        ev.directional(theta, run.train(), batch, 0, len, tr.v, dir);
        double c = eta / len;
        for (int i = 0; i < len; i++) {
            tr.score[batch[i]] += c * dir[i];
        }
    }

    /** One transposed step of a stateful optimizer without the Hessian term, γ already computed. */
    private void stepWithoutHessian(Evaluator ev, double[] theta, int[] batch, StepJacobian jacobian, Track tr,
                                    double[] gamma, double[] dir) {
        ev.directional(theta, run.train(), batch, 0, batch.length, gamma, dir);
        finishStep(batch, jacobian, tr, gamma, null, dir);
    }

    private static int maxBatch(Trajectory traj) {
        int m = 1;
        for (int t = 0; t < traj.steps(); t++) {
            m = Math.max(m, traj.batch(t).length);
        }
        return m;
    }
}
