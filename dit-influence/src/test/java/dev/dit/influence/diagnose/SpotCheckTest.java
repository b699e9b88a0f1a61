package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.truth.LeaveOneOut;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.train.LearningRate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpotCheckTest {

    private static InfluenceMatrix dit(Run r, Query q, List<Window> ws, Definition d) {
        return Estimator.DIT.estimate(r, q, ws, d, Progress.NONE);
    }

    @Test
    void outputIsCompleteFiniteAndTheLooColumnIsLeaveOneOut() {
        Run r = CurvatureTest.run("mlp:4:tanh", 0.3, LearningRate.SQRT, 0.01);
        Query q = Queries.parse("val-loss", r.val(), r.test());
        for (Definition d : Definition.values()) {
            List<Window> ws = Windows.parse("full,epochs", r.trajectory().epochBoundaries());
            InfluenceMatrix m = dit(r, q, ws, d);
            List<SpotCheck.Result> res = SpotCheck.check(r, q, m, new SpotCheck.Options(6, 3, 2, 200), Progress.NONE);
            assertEquals(ws.size(), res.size());
            for (int w = 0; w < ws.size(); w++) {
                SpotCheck.Result s = res.get(w);
                assertEquals(ws.get(w), s.window());
                assertEquals(6, s.n());
                for (double[] v : new double[][] {s.estimate(), s.loo(), s.secant()}) {
                    assertEquals(6, v.length);
                    for (double x : v) {
                        assertTrue(Double.isFinite(x), d + " " + s.window());
                    }
                }
                for (double x : new double[] {s.pearson(), s.interval().lo(), s.interval().hi(), s.secantPearson(),
                        s.secantGap(), s.scaleRatio()}) {
                    assertTrue(Double.isFinite(x), d + " " + s.window() + ": " + s);
                }
                assertArrayEquals(m.column(w, s.samples()), s.estimate());
                InfluenceMatrix loo = new LeaveOneOut(r, q, ws, d).compute(s.samples(), 1, null, null, Progress.NONE);
                assertArrayEquals(loo.column(w, s.samples()), s.loo(), 0.0);
            }
        }
    }

    @Test
    void weightZeroIsLeaveOneOutWeightOneIsNothingAndSmallRemovalsAreTheEstimate() {
        Run r = CurvatureTest.run("mlp:4:tanh", 0.3, LearningRate.SQRT, 0.01);
        Query q = Queries.parse("val-loss", r.val(), r.test());
        double eps = 1e-5;
        for (Definition d : Definition.values()) {
            List<Window> ws = Windows.parse("full,epochs", r.trajectory().epochBoundaries());
            int[] samples = {0, 7, 19};
            InfluenceMatrix loo = new LeaveOneOut(r, q, ws, d).compute(samples, 1, null, null, Progress.NONE);
            InfluenceMatrix est = dit(r, q, ws, d);
            HalfRemoval zero = new HalfRemoval(r, q, ws, d, 0.0);
            HalfRemoval one = new HalfRemoval(r, q, ws, d, 1.0);
            HalfRemoval small = new HalfRemoval(r, q, ws, d, 1 - eps);
            double[] f = new double[r.trajectory().steps() + 1];
            for (int t = 0; t < f.length; t++) {
                f[t] = zero.original(t);
            }
            for (int i = 0; i < samples.length; i++) {
                double[] z = zero.effect(samples[i], f);
                double[] o = one.effect(samples[i], f);
                double[] s = small.effect(samples[i], f);
                for (int w = 0; w < ws.size(); w++) {
                    String at = d + " " + ws.get(w) + " sample " + samples[i];
                    assertEquals(loo.get(i, w), z[w], 1e-12 * Math.max(1, Math.abs(z[w])), at);
                    assertEquals(0.0, o[w], 1e-15, at);
                    // removing eps of the sample: the derivative that DIT computes, to O(eps)
                    double fd = s[w] / eps;
                    double dit = est.column(w, samples)[i];
                    assertEquals(dit, fd, 1e-3 * Math.abs(dit) + 1e-9, at);
                }
            }
        }
    }

    @Test
    void samplesAreSeededAndEligible() {
        Run r = CurvatureTest.run("logreg", 0.1, LearningRate.CONSTANT, 0.01);
        List<Window> ws = List.of(new Window("a", 1, 3), new Window("b", 0, 12));
        SpotCheck.Options o = new SpotCheck.Options(5, 9, 1, 10);
        int[][] local = SpotCheck.choose(r.trajectory(), r.n(), ws, true, o);
        assertArrayEquals(local[0], SpotCheck.choose(r.trajectory(), r.n(), ws, true, o)[0]);
        for (int j : local[0]) {
            boolean used = false;
            for (int t = 1; t < 3; t++) {
                for (int i : r.trajectory().batch(t)) {
                    used |= i == j;
                }
            }
            assertTrue(used, "sample " + j + " is not used in steps 1-2");
        }
        assertEquals(5, local[1].length);
    }

    @Test
    void stableLogregIsReliableAndAnUnstableRunUnreliable() {
        Run stable = CurvatureTest.run("logreg", 0.1, LearningRate.CONSTANT, 0.01);
        // η·λ_max reaches 11 on this tanh MLP at lr 5 (VerdictTest): a run built to be unstable.
        Run unstable = CurvatureTest.run("mlp:4:tanh", 5, LearningRate.CONSTANT, 0.01);
        for (Run r : List.of(stable, unstable)) {
            Query q = Queries.parse("val-loss", r.val(), r.test());
            List<Window> ws = Windows.parse("full", r.trajectory().epochBoundaries());
            InfluenceMatrix m = dit(r, q, ws, Definition.LOCAL);
            Trust t = Trust.of(r, q, m, new SpotCheck.Options(16, 0, 2, 200), null, Verdict.Thresholds.defaults(),
                    Progress.NONE);
            Verdict v = t.verdicts().get(0);
            assertEquals(r == stable ? Verdict.Level.RELIABLE : Verdict.Level.UNRELIABLE, v.level(), v.reasons().toString());
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Run r = CurvatureTest.run("mlp:4:tanh", 0.3, LearningRate.SQRT, 0.01);
        Query q = Queries.parse("val-loss", r.val(), r.test());
        List<Window> ws = Windows.parse("full,epochs", r.trajectory().epochBoundaries());
        InfluenceMatrix m = dit(r, q, ws, Definition.GLOBAL);
        List<SpotCheck.Result> one = SpotCheck.check(r, q, m, new SpotCheck.Options(7, 5, 1, 100), Progress.NONE);
        List<SpotCheck.Result> two = SpotCheck.check(r, q, m, new SpotCheck.Options(7, 5, 2, 100), Progress.NONE);
        for (int w = 0; w < ws.size(); w++) {
            assertArrayEquals(one.get(w).samples(), two.get(w).samples());
            assertArrayEquals(one.get(w).loo(), two.get(w).loo(), 0.0);
            assertArrayEquals(one.get(w).secant(), two.get(w).secant(), 0.0);
            assertEquals(one.get(w).interval(), two.get(w).interval());
        }
    }
}
