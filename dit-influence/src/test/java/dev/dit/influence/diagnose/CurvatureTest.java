package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.estimate.Progress;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** η_t·λ_max(t) along tiny recorded runs, against EJML on the explicit Hessians at the replayed θ_t. */
class CurvatureTest {

    /** n = 30, batch 8: 4 steps per epoch, 3 epochs, T = 12; checkpoints every 5 steps (so θ_t is replayed). */
    static Run run(String spec, double lr, LearningRate schedule, double l2) {
        Runs.DataPlan plan = Runs.DataPlan.builder().nTrain(30).nVal(10).nTest(5).splitSeed(2).build();
        TrainConfig cfg = TrainConfig.builder().epochs(3).batchSize(8).learningRate(lr).schedule(schedule).l2(l2)
                .seed(4).checkpointEvery(5).build();
        return Runs.train(DataSpec.load("blobs:n=80,d=3,k=3,seed=5", null), plan, ModelSpec.parse(spec), cfg, null);
    }

    @Test
    void stepsAreEveryKthAndEachEpochsLast() {
        Run r = run("logreg", 0.1, LearningRate.CONSTANT, 0.0);
        assertArrayEquals(new int[] {0, 4, 8, 12}, r.trajectory().epochBoundaries());
        assertArrayEquals(new int[] {0, 3, 5, 7, 10, 11}, Curvature.steps(r.trajectory(), 5));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Curvature.steps(r.trajectory(), 1));
        assertEquals(1, Curvature.epochOf(r.trajectory().epochBoundaries(), 3));
        assertEquals(2, Curvature.epochOf(r.trajectory().epochBoundaries(), 4));
        assertEquals(3, Curvature.epochOf(r.trajectory().epochBoundaries(), 11));
    }

    @Test
    void etaLambdaMaxMatchesEjmlAtEveryExaminedStep() {
        Run r = run("mlp:4:tanh", 0.3, LearningRate.SQRT, 0.01);
        List<Curvature.Point> points = Curvature.along(r, new Curvature.Options(5, 2, 200, 1e-10, 1), Progress.NONE);
        assertEquals(6, points.size());
        Evaluator ev = new Evaluator(r.model());
        for (Curvature.Point pt : points) {
            double[] theta = new double[r.model().parameterCount()];
            r.replay().theta(pt.step(), theta);
            BatchHessian h = new BatchHessian(ev, r.train(), r.trajectory().batch(pt.step()), theta, 0.01);
            double[] exact = TinyModels.eigenvaluesDescending(TinyModels.explicit(h, h.dimension()));
            double eta = 0.3 / Math.sqrt(pt.step() + 1.0);
            assertEquals(eta, pt.learningRate(), 1e-15);
            assertTrue(pt.converged());
            assertEquals(exact[0], pt.eigenvalues()[0], 1e-8 * exact[0], "λ_max at step " + pt.step());
            assertEquals(exact[1], pt.eigenvalues()[1], 1e-8 * exact[0], "λ_2 at step " + pt.step());
            assertEquals(eta * exact[0], pt.etaLambdaMax(), 1e-8 * eta * exact[0]);
        }
    }

    @Test
    void etaLambdaScalesWithTheLearningRateAtTheFirstStep() {
        // θ_0 and S_0 do not depend on η, so η_0·λ_max(0) is proportional to η_0.
        Curvature.Options o = new Curvature.Options(100, 1, 100, 1e-12, 0);
        Curvature.Point slow = Curvature.along(run("logreg", 0.1, LearningRate.CONSTANT, 0), o, Progress.NONE).get(0);
        Curvature.Point fast = Curvature.along(run("logreg", 40, LearningRate.CONSTANT, 0), o, Progress.NONE).get(0);
        assertEquals(0, fast.step());
        assertEquals(400 * slow.etaLambdaMax(), fast.etaLambdaMax(), 1e-9 * fast.etaLambdaMax());
        assertTrue(slow.etaLambdaMax() < Curvature.SGD_LIMIT && !slow.unstable(), "lr 0.1: " + slow.etaLambdaMax());
        assertTrue(fast.etaLambdaMax() > Curvature.SGD_LIMIT && fast.unstable(), "lr 40: " + fast.etaLambdaMax());
    }

    @Test
    void sameRunAndSeedGiveBitIdenticalFigures() {
        Run r = run("mlp:4", 0.2, LearningRate.CONSTANT, 0.0);
        Curvature.Options o = Curvature.Options.every(3);
        List<Curvature.Point> a = Curvature.along(r, o, Progress.NONE);
        List<Curvature.Point> b = Curvature.along(r, o, Progress.NONE);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).eigenvalues(), b.get(i).eigenvalues(), 0.0);
            assertEquals(a.get(i).step(), b.get(i).step());
        }
    }
}
