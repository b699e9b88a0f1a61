package dev.dit.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.kernel.KernelsProvider;
import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.TinyData;
import dev.dit.models.data.Dataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private final Dataset train = TinyData.make(50, new int[] {6}, 2, 1);
    private final Dataset val = TinyData.make(30, new int[] {6}, 2, 2);
    private final Model model = new Model(ModelSpec.parse("mlp:8:tanh"), new int[] {6}, 2);

    private TrainConfig cfg(int k) {
        return new TrainConfig(4, 16, 0.3, LearningRate.SQRT, 0.01, 7, k);
    }

    @Test
    void scheduleCoversEveryEpochWithSmallerLastBatch() {
        BatchSchedule s = BatchSchedule.draw(50, 16, 3, 1);
        assertEquals(12, s.steps());
        assertArrayEquals(new int[] {0, 4, 8, 12}, s.epochBoundaries());
        assertEquals(2, s.batch(3).length);
        for (int e = 0; e < 3; e++) {
            boolean[] seen = new boolean[50];
            for (int t = 4 * e; t < 4 * e + 4; t++) {
                for (int i : s.batch(t)) {
                    assertTrue(!seen[i]);
                    seen[i] = true;
                }
            }
        }
        assertTrue(!Arrays.equals(s.batch(0), s.batch(4)), "each epoch has its own permutation");
        assertArrayEquals(s.batch(5), BatchSchedule.draw(50, 16, 3, 1).batch(5));
    }

    @Test
    void trainingLowersTheLossAndIsReproducible() {
        Trainer.Result a = Trainer.train(model, train, val, cfg(1), null);
        Trainer.Result b = Trainer.train(model, train, val, cfg(1), null);
        assertArrayEquals(a.trajectory().finalTheta(), b.trajectory().finalTheta());
        Evaluator ev = new Evaluator(model);
        double before = ev.meanLoss(a.trajectory().initialTheta(), train);
        double after = ev.meanLoss(a.trajectory().finalTheta(), train);
        assertTrue(after < before, before + " -> " + after);
        assertEquals(4, a.log().size());
        Trainer.EpochLog last = a.log().get(3);
        assertEquals(after, last.trainLoss(), 1e-15);
        assertEquals(ev.accuracy(a.trajectory().finalTheta(), val), last.valAccuracy(), 0.0);
        assertEquals(ev.meanLoss(a.trajectory().finalTheta(), val), last.valLoss(), 1e-15);
        assertEquals(a.trajectory().steps(), a.log().get(3).step());
    }

    @Test
    void cnnTrainingIsBitIdenticalOnOneAndTwoThreads() {
        // 28×28 images in batches of 16: each layer has several chunks to share between threads
        Dataset imgs = TinyData.make(40, new int[] {1, 28, 28}, 3, 5);
        Dataset imgsVal = TinyData.make(20, new int[] {1, 28, 28}, 3, 6);
        Model cnn = new Model(ModelSpec.parse("cnn:4,6"), new int[] {1, 28, 28}, 3);
        int before = KernelsProvider.threads();
        try {
            KernelsProvider.setThreads(1);
            Trajectory one = Trainer.train(cnn, imgs, imgsVal, cfg(1), null).trajectory();
            KernelsProvider.setThreads(2);
            Trajectory two = Trainer.train(cnn, imgs, imgsVal, cfg(1), null).trajectory();
            double[] a = new double[cnn.parameterCount()];
            double[] b = new double[cnn.parameterCount()];
            for (int t = 0; t <= one.steps(); t++) {
                one.checkpoints().read(t, a);
                two.checkpoints().read(t, b);
                assertArrayEquals(a, b, "θ_" + t);
            }
        } finally {
            KernelsProvider.setThreads(before);
        }
    }

    @Test
    void replayFromCheckpointsIsBitIdenticalToEveryStep() {
        Trajectory every = Trainer.train(model, train, val, cfg(1), null).trajectory();
        Trajectory sparse = Trainer.train(model, train, val, cfg(3), null).trajectory();
        ThetaReplay replay = new ThetaReplay(sparse, train, new Evaluator(model));
        double[] a = new double[model.parameterCount()];
        double[] b = new double[model.parameterCount()];
        for (int t = every.steps(); t >= 0; t--) {
            every.checkpoints().read(t, a);
            replay.theta(t, b);
            assertArrayEquals(a, b, "θ_" + t);
        }
        assertTrue(sparse.checkpoints().has(sparse.steps()));
        assertTrue(!sparse.checkpoints().has(1));
    }

    @Test
    void manualSgdMatchesTheDefinition() {
        Trajectory tr = Trainer.train(model, train, val, cfg(1), null).trajectory();
        Evaluator ev = new Evaluator(model);
        double[] theta = tr.initialTheta();
        int[] b = tr.batch(0);
        double[] w = new double[b.length];
        Arrays.fill(w, 1.0 / b.length);
        double[] g = new double[theta.length];
        ev.gradient(theta, train, b, 0, b.length, w, g);
        double lr = tr.learningRate(0);
        assertEquals(0.3, lr);
        double[] expect = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            expect[i] = theta[i] - lr * (g[i] + 0.01 * theta[i]);
        }
        double[] theta1 = new double[theta.length];
        tr.checkpoints().read(1, theta1);
        assertArrayEquals(expect, theta1, 1e-15);
        assertEquals(0.3 / Math.sqrt(2), tr.learningRate(1), 1e-16);
    }

    @Test
    void divergenceIsReportedWithTheStep() {
        TrainConfig wild = new TrainConfig(3, 16, 1e100, LearningRate.CONSTANT, 1.0, 1, 1);
        Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
                () -> Trainer.train(model, train, val, wild, null));
        assertTrue(e.getMessage().contains("diverged in epoch 1 (step 3)"), e.getMessage());
        assertEquals(1, e.epoch());
        assertEquals(3, e.step());
        assertTrue(Double.isNaN(e.trainLoss()));
    }

    @Test
    void anExplodingButFiniteLossIsDivergenceNamingTheEpochAndTheLoss() {
        // logistic regression with a huge step: θ stays finite for a while but the loss explodes
        Model logreg = new Model(ModelSpec.parse("logreg"), new int[] {6}, 2);
        TrainConfig hot = new TrainConfig(3, 16, 1e6, LearningRate.CONSTANT, 1e-3, 1, 1);
        java.util.List<Trainer.EpochLog> seen = new java.util.ArrayList<>();
        Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
                () -> Trainer.train(logreg, train, val, hot, new Trainer.Listener() {
                    @Override
                    public void epoch(Trainer.EpochLog log) {
                        seen.add(log);
                    }
                }));
        assertEquals(1, e.epoch(), e.getMessage());
        assertEquals(3, e.step(), "the last step of epoch 1 (4 steps of 16 for 50 samples)");
        assertEquals(seen.get(0).trainLoss(), e.trainLoss());
        assertTrue(e.trainLoss() > Trainer.DIVERGENCE_FACTOR * Math.max(1, e.initialLoss()), e.getMessage());
        double l0 = new Evaluator(logreg).lossAndAccuracy(logreg.initialParameters(1), train).loss();
        assertEquals(l0, e.initialLoss());
        assertTrue(e.getMessage().contains("diverged in epoch 1") && e.getMessage().contains("exceeds 100 ×"),
                e.getMessage());
    }

    @Test
    void aLossBelowTheBoundIsNotDivergence() {
        // the same data at a sane rate: every epoch's loss stays far below 100 × max(1, L(θ_0))
        Trainer.Result r = Trainer.train(model, train, val, cfg(1), null);
        assertEquals(4, r.log().size());
        for (Trainer.EpochLog e : r.log()) {
            assertTrue(e.trainLoss() < Trainer.DIVERGENCE_FACTOR, e.toString());
        }
    }
}
