package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.train.LearningRate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provisional verdict: its rules on hand-made figures, and on a stable and an unstable run. */
class VerdictTest {
    private static final Window W = new Window("w", 10, 20);

    private static WindowGain.Gain gain(double gain) {
        return new WindowGain.Gain(W, Math.log10(gain), 0, 5, true, 100);
    }

    private static Curvature.Point point(int step, double etaLambda) {
        return new Curvature.Point(step, 1, 0.1, new double[] {etaLambda / 0.1}, etaLambda, 10, true);
    }

    @Test
    void smallGainAndStableStepsAreReliable() {
        Verdict v = Verdict.of(gain(0.9), List.of(point(5, 3.0), point(10, 1.2), point(19, 1.9), point(20, 5.0)),
                Verdict.Thresholds.provisional());
        assertEquals(Verdict.Level.RELIABLE, v.level());
        assertEquals(List.of("window gain 0.900", "η·λ_max at most 1.90 < 2 at 2 examined steps"), v.reasons(),
                "steps 5 and 20 lie outside [10, 20)");
    }

    @Test
    void anUnstableStepMakesItDoubtful() {
        Verdict v = Verdict.of(gain(1.5), List.of(point(12, 2.5), point(15, 1.0), point(18, 4.7)),
                Verdict.Thresholds.provisional());
        assertEquals(Verdict.Level.DOUBTFUL, v.level());
        assertEquals("η·λ_max up to 4.70 > 2 at 2 of 3 examined steps (steps 12–18)", v.reasons().get(1));
        Verdict one = Verdict.of(gain(1.5), List.of(point(12, 2.5)), Verdict.Thresholds.provisional());
        assertEquals("η·λ_max up to 2.50 > 2 at 1 of 1 examined steps (step 12)", one.reasons().get(1));
    }

    @Test
    void gainThresholdsDecide() {
        List<Curvature.Point> calm = List.of(point(11, 0.5));
        assertEquals(Verdict.Level.RELIABLE, Verdict.of(gain(1.99), calm, Verdict.Thresholds.provisional()).level());
        assertEquals(Verdict.Level.DOUBTFUL, Verdict.of(gain(2.0), calm, Verdict.Thresholds.provisional()).level());
        assertEquals(Verdict.Level.DOUBTFUL, Verdict.of(gain(9.9), calm, Verdict.Thresholds.provisional()).level());
        Verdict bad = Verdict.of(gain(10.0), calm, Verdict.Thresholds.provisional());
        assertEquals(Verdict.Level.UNRELIABLE, bad.level());
        assertEquals("window gain 10.0 ≥ 10.0: the linear map amplifies perturbations", bad.reasons().get(0));
        // An unstable step does not lift an unreliable window, nor lower it.
        assertEquals(Verdict.Level.UNRELIABLE, Verdict.of(gain(50), List.of(point(11, 3)), Verdict.Thresholds.provisional()).level());
    }

    @Test
    void aWindowWithoutExaminedStepsIsAtLeastDoubtful() {
        Verdict v = Verdict.of(gain(0.5), List.of(point(3, 0.1)), Verdict.Thresholds.provisional());
        assertEquals(Verdict.Level.DOUBTFUL, v.level());
        assertTrue(v.reasons().get(1).contains("--every"), v.reasons().toString());
    }

    @Test
    void stableLogregIsReliableAndAnUnstableMlpUnreliable() {
        Run stable = CurvatureTest.run("logreg", 0.1, LearningRate.CONSTANT, 0.01);
        // η·λ_max reaches 11 on this tanh MLP at lr 5: a run built to be unstable.
        Run unstable = CurvatureTest.run("mlp:4:tanh", 5, LearningRate.CONSTANT, 0.01);
        for (Run r : List.of(stable, unstable)) {
            List<Window> ws = Windows.parse("epochs,full", r.trajectory().epochBoundaries());
            Diagnosis d = Diagnosis.of(r, ws, Curvature.Options.every(1), WindowGain.Options.defaults(), (a, b) -> { });
            List<Verdict> vs = Verdict.of(d, Verdict.Thresholds.provisional());
            assertEquals(ws.size(), vs.size());
            Verdict.Level expected = r == stable ? Verdict.Level.RELIABLE : Verdict.Level.UNRELIABLE;
            assertEquals(expected, vs.get(0).level(), vs.get(0).reasons().toString());
            assertEquals(expected, vs.get(ws.size() - 1).level(), "full window: " + vs.get(ws.size() - 1).reasons());
        }
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new Verdict.Thresholds(10, 2, 0.9, 0.8, 0.5, 10, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Verdict.Thresholds(0, 2, 0.9, 0.8, 0.5, 10, 0.5));
        assertEquals("unreliable", Verdict.Level.UNRELIABLE.id());
    }

    private static SpotCheck.Result spot(double r, double lo, double hi, double gap, double scale) {
        double[] z = new double[16];
        return new SpotCheck.Result(W, new int[16], z, z, z, r, new dev.dit.influence.metrics.Interval(lo, hi), r, gap, scale);
    }

    private static Verdict judge(SpotCheck.Result s, dev.dit.influence.estimate.Definition d, boolean kinked,
                                 WindowGain.Gain g, List<Curvature.Point> c) {
        return Verdict.judge(new Verdict.Evidence(W, d, kinked, g, c, s), Verdict.Thresholds.defaults());
    }

    @Test
    void theSpotCheckDecidesOnHandMadeInputs() {
        var local = dev.dit.influence.estimate.Definition.LOCAL;
        Verdict good = judge(spot(0.95, 0.9, 0.99, 0.1, 1.1), local, false, null, null);
        assertEquals(Verdict.Level.RELIABLE, good.level());
        assertEquals(List.of("spot check r = 0.95 [0.90, 0.99] on 16 samples"), good.reasons());
        assertEquals(Verdict.Level.DOUBTFUL, judge(spot(0.85, 0.6, 0.95, 0.1, 1), local, false, null, null).level());
        Verdict wide = judge(spot(1.0, 0.04, 1.0, 0.1, 1), local, false, null, null);
        assertEquals(Verdict.Level.DOUBTFUL, wide.level(), "r = 1.00 carried by a few samples");
        assertTrue(wide.reasons().get(0).endsWith("the interval reaches below 0.500 (a few samples carry r)"), wide.reasons().toString());
        Verdict bad = judge(spot(0.44, 0.1, 0.7, 0.1, 1), local, false, null, null);
        assertEquals(Verdict.Level.UNRELIABLE, bad.level());
        assertEquals("spot check r = 0.44 [0.10, 0.70] on 16 samples < 0.800", bad.reasons().get(0));
        assertEquals(Verdict.Level.UNRELIABLE, judge(spot(Double.NaN, Double.NaN, Double.NaN, 0.1, 1), local, false, null, null).level());
        // a perfect correlation at the wrong scale: the numbers are not effects of removal
        Verdict scale = judge(spot(0.99, 0.98, 1, 0.1, 1.2e4), local, false, null, null);
        assertEquals(Verdict.Level.UNRELIABLE, scale.level());
        assertTrue(scale.reasons().get(1).contains("outside [0.100, 10.0]"), scale.reasons().toString());
        assertEquals(Verdict.Level.UNRELIABLE, judge(spot(0.99, 0.98, 1, 0.1, 0.05), local, false, null, null).level());
        assertEquals(Verdict.Level.DOUBTFUL, judge(spot(0.95, 0.9, 0.99, 0.8, 1), local, false, null, null).level());
    }

    @Test
    void otherEvidenceCombines() {
        var global = dev.dit.influence.estimate.Definition.GLOBAL;
        var local = dev.dit.influence.estimate.Definition.LOCAL;
        SpotCheck.Result ok = spot(0.95, 0.9, 0.99, 0.1, 1);
        Verdict relu = judge(ok, global, true, null, null);
        assertEquals(Verdict.Level.DOUBTFUL, relu.level());
        assertTrue(relu.reasons().get(1).contains("--definition local"), relu.reasons().toString());
        assertEquals(Verdict.Level.RELIABLE, judge(ok, local, true, null, null).level(), "L on ReLU is fine");
        assertEquals(Verdict.Level.RELIABLE, judge(ok, global, false, null, null).level(), "G on tanh is fine");
        Verdict g0 = Verdict.judge(new Verdict.Evidence(new Window("full", 0, 20), global, true, null, null, ok),
                Verdict.Thresholds.defaults());
        assertEquals(Verdict.Level.RELIABLE, g0.level(), "a G window from step 0 has no boundary term at its start");
        // a passed spot check turns a large gain's unreliable into doubtful; without one it stays
        assertEquals(Verdict.Level.DOUBTFUL, judge(ok, local, false, gain(50), List.of(point(11, 1))).level());
        assertEquals(Verdict.Level.UNRELIABLE, judge(null, local, false, gain(50), List.of(point(11, 1))).level());
        Verdict steps = judge(ok, local, false, gain(1), List.of(point(12, 2.5), point(18, 4.7)));
        assertEquals(Verdict.Level.DOUBTFUL, steps.level());
        assertEquals("η·λ_max up to 4.70 > 2 at 2 of 2 examined steps (steps 12–18)", steps.reasons().get(2));
        Verdict none = judge(null, local, false, null, null);
        assertEquals(Verdict.Level.DOUBTFUL, none.level());
        assertTrue(none.reasons().get(0).contains("--validate"), none.reasons().toString());
    }
}
