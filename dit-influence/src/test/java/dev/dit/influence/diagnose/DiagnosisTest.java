package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.train.LearningRate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-epoch summary and the window gains put together for a run. */
class DiagnosisTest {

    @Test
    void epochSummariesHoldTheLargestExaminedFigure() {
        Run run = CurvatureTest.run("mlp:4", 2.0, LearningRate.SQRT, 0.0);
        List<Window> windows = Windows.parse("epochs,full", run.trajectory().epochBoundaries());
        AtomicLong last = new AtomicLong();
        AtomicLong total = new AtomicLong();
        Diagnosis d = Diagnosis.of(run, windows, Curvature.Options.every(2), WindowGain.Options.defaults(),
                (done, all) -> {
                    assertTrue(done >= last.get(), "progress went back");
                    last.set(done);
                    total.set(all);
                });
        assertEquals(total.get(), last.get(), "progress ends at its total");
        assertEquals(3, d.epochs().size());
        assertEquals(4, d.gains().size());
        assertEquals("full", d.gains().get(3).window().label());
        int unstable = 0;
        for (Diagnosis.EpochSummary e : d.epochs()) {
            double max = Double.NEGATIVE_INFINITY;
            int examined = 0;
            for (Curvature.Point p : d.curvature()) {
                if (p.step() >= e.start() && p.step() < e.end()) {
                    max = Math.max(max, p.etaLambdaMax());
                    examined++;
                    unstable += p.etaLambdaMax() > 2 ? 1 : 0;
                }
            }
            assertEquals(max, e.maxEtaLambda(), 0.0, "epoch " + e.epoch());
            assertEquals(examined, e.examined());
            assertEquals(e.end() - 1, d.curvature().stream().filter(p -> p.epoch() == e.epoch())
                    .mapToInt(Curvature.Point::step).max().getAsInt(), "each epoch's last step is examined");
        }
        assertEquals(unstable, d.unstableSteps().length);
        assertEquals(d.epochs().stream().mapToInt(Diagnosis.EpochSummary::unstable).sum(), d.unstableSteps().length);
        assertTrue(d.maxEtaLambda() >= d.epochs().get(0).maxEtaLambda());
    }

    @Test
    void unstableStepsAreThoseAboveTwo() {
        Run run = CurvatureTest.run("logreg", 40, LearningRate.CONSTANT, 0.0);
        Diagnosis d = Diagnosis.of(run, List.of(), Curvature.Options.every(1), WindowGain.Options.defaults(),
                (a, b) -> { });
        assertTrue(d.unstableSteps().length > 0, "lr 40 on logreg is unstable at step 0");
        int[] expected = d.curvature().stream().filter(p -> p.etaLambdaMax() > 2).mapToInt(Curvature.Point::step).toArray();
        assertArrayEquals(expected, d.unstableSteps());
        assertEquals(0, d.unstableSteps()[0]);
    }
}
