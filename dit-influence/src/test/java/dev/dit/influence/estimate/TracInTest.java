package dev.dit.influence.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trajectory;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TracInTest {

    /** 40 samples, batch 7 (a short last batch), 4 epochs, θ replayed from every 3rd step. */
    private static Run run(String spec) {
        return Runs.train(DataSpec.load("blobs:n=200,d=5,k=2,sep=1.5", null), new Runs.DataPlan(40, 20, 10, 2, 0, 0),
                ModelSpec.parse(spec), new TrainConfig(4, 7, 0.2, LearningRate.SQRT, 0.01, 5, 3), null);
    }

    private static double[] perSampleGradient(Evaluator ev, double[] theta, Run run, int j) {
        double[] g = new double[theta.length];
        ev.gradient(theta, run.train(), new int[] {j}, 0, 1, new double[] {1.0}, g);
        return g;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void assertClose(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.abs(expected) + 1e-300, what);
    }

    @Test
    void tracInEqualsExplicitPerSampleGradients() {
        Run run = run("mlp:6:tanh");
        Query q = Queries.parse("val-loss", run.val(), run.test());
        Trajectory traj = run.trajectory();
        List<Window> ws = Windows.parse("full,epochs,3:11,2:3", traj.epochBoundaries());
        InfluenceMatrix g = new TracIn(run, q).estimate(ws, Definition.GLOBAL, Progress.NONE);
        InfluenceMatrix l = new TracIn(run, q).estimate(ws, Definition.LOCAL, Progress.NONE);
        assertEquals("tracin", g.method());
        assertEquals(Definition.LOCAL, l.definition());

        // reference: θ_t recomputed by a fresh replay, q(t) and ∇ℓ_j(θ_t) as full gradients
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = run.replay();
        int p = run.model().parameterCount();
        double[][] ref = new double[run.n()][ws.size()];
        double[] theta = new double[p];
        double[] qt = new double[p];
        for (int w = 0; w < ws.size(); w++) {
            for (int t = ws.get(w).start(); t < ws.get(w).end(); t++) {
                replay.theta(t, theta);
                q.gradient(theta, ev, qt);
                int[] batch = traj.batch(t);
                for (int j : batch) {
                    ref[j][w] += traj.learningRate(t) / batch.length * dot(qt, perSampleGradient(ev, theta, run, j));
                }
            }
        }
        int nonzero = 0;
        for (int j = 0; j < run.n(); j++) {
            for (int w = 0; w < ws.size(); w++) {
                assertClose(ref[j][w], g.get(j, w), 1e-10, ws.get(w) + " sample " + j);
                assertEquals(g.get(j, w), l.get(j, w), 0.0, "G and L differ");
                nonzero += ref[j][w] != 0 ? 1 : 0;
            }
        }
        // full = sum of the epochs, and a one-step window touches only its batch
        for (int j = 0; j < run.n(); j++) {
            double sum = 0;
            for (int e = 1; e <= 4; e++) {
                sum += g.get(j, e);
            }
            assertClose(g.get(j, 0), sum, 1e-12, "full vs epochs, sample " + j);
        }
        assertEquals(traj.batch(2).length, countNonzero(g.column(ws.size() - 1)));
        assertTrue(nonzero > run.n() * 4, "too many zeros: " + nonzero);
    }

    private static int countNonzero(double[] c) {
        int k = 0;
        for (double v : c) {
            k += v != 0 ? 1 : 0;
        }
        return k;
    }

    @Test
    void tracInCpEqualsExplicitCheckpointSum() {
        Run run = run("mlp:5:softplus");
        Query q = Queries.parse("test-loss:1", run.val(), run.test());
        Trajectory traj = run.trajectory();
        int n = run.n();
        List<Window> ws = Windows.parse("full,epochs,3:11,2:3", traj.epochBoundaries());
        InfluenceMatrix m = new TracInCP(run, q).estimate(ws, Definition.GLOBAL, Progress.NONE);
        assertEquals("tracin-cp", m.method());
        int[] b = traj.epochBoundaries();
        Evaluator ev = new Evaluator(run.model());
        ThetaReplay replay = run.replay();
        int p = run.model().parameterCount();
        double[] theta = new double[p];
        double[] qc = new double[p];
        for (int w = 0; w < ws.size(); w++) {
            Window win = ws.get(w);
            // reference weights: each step of the window adds η_t/n to the checkpoint that ends its piece
            TreeMap<Integer, Double> weight = new TreeMap<>();
            for (int t = win.start(); t < win.end(); t++) {
                int next = b[b.length - 1];
                for (int x : b) {
                    if (x > t) {
                        next = x;
                        break;
                    }
                }
                weight.merge(Math.min(next, win.end()), traj.learningRate(t) / n, Double::sum);
            }
            assertEquals(weight.size(), TracInCP.checkpoints(traj, n, win).size(), win.toString());
            double[] ref = new double[n];
            for (var e : weight.entrySet()) {
                replay.theta(e.getKey(), theta);
                q.gradient(theta, ev, qc);
                for (int j = 0; j < n; j++) {
                    ref[j] += e.getValue() * dot(qc, perSampleGradient(ev, theta, run, j));
                }
            }
            for (int j = 0; j < n; j++) {
                assertClose(ref[j], m.get(j, w), 1e-10, win + " sample " + j);
            }
        }
        // one epoch window at a constant rate with equal batches: a single checkpoint of weight η/B
        Run flat = Runs.train(DataSpec.load("blobs:n=200,d=5,k=2,sep=1.5", null), new Runs.DataPlan(40, 20, 10, 2, 0, 0),
                ModelSpec.parse("logreg"), new TrainConfig(3, 8, 0.3, LearningRate.CONSTANT, 0.0, 5, 1), null);
        List<TracInCP.Checkpoint> cps = TracInCP.checkpoints(flat.trajectory(), flat.n(), new Window("e2", 5, 10));
        assertEquals(1, cps.size());
        assertEquals(10, cps.get(0).step());
        assertEquals(0.3 / 8, cps.get(0).weight(), 1e-15);
    }

    /**
     * For logistic regression a logit is linear in θ, so q(t) is the same vector at every step and
     * the Hessian-free DIT sweep (which carries q(t2)) must equal TracIn (which uses q(t)) for any
     * window and both definitions. The full DIT sweep must not.
     */
    @Test
    void tracInEqualsHessianFreeSweepForAConstantQueryGradient() {
        Run run = run("logreg");
        Query q = Queries.parse("logit:3", run.val(), run.test());
        List<Window> ws = Windows.parse("full,epochs,3:11,2:3,0:1,22:23", run.trajectory().epochBoundaries());
        for (Definition def : Definition.values()) {
            InfluenceMatrix tr = new TracIn(run, q).estimate(ws, def, Progress.NONE);
            InfluenceMatrix sw = new DitSweep(run, q, false).estimate(ws, def, Progress.NONE);
            InfluenceMatrix dit = new DitSweep(run, q, true).estimate(ws, def, Progress.NONE);
            for (int w = 0; w < ws.size(); w++) {
                double scale = 0;
                double maxDiff = 0;
                for (int j = 0; j < run.n(); j++) {
                    scale = Math.max(scale, Math.abs(tr.get(j, w)));
                    maxDiff = Math.max(maxDiff, Math.abs(tr.get(j, w) - dit.get(j, w)));
                }
                assertTrue(scale > 0, ws.get(w) + " is all zeros");
                for (int j = 0; j < run.n(); j++) {
                    assertEquals(tr.get(j, w), sw.get(j, w), 1e-10 * scale, def + " " + ws.get(w) + " sample " + j);
                }
                if (ws.get(w).length() > 1) {
                    assertTrue(maxDiff > 1e-3 * scale, def + " " + ws.get(w) + ": DIT with Hessian equals TracIn ("
                            + maxDiff + " vs " + scale + ")");
                }
            }
        }
    }
}
