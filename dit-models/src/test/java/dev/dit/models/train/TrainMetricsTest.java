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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-epoch training metrics: the free batch mean against a recomputation, and the exact pass. */
class TrainMetricsTest {
    private final Dataset train2 = TinyData.make(50, new int[] {6}, 2, 1);
    private final Dataset train3 = TinyData.make(50, new int[] {6}, 3, 3);
    private final Dataset val3 = TinyData.make(30, new int[] {6}, 3, 4);

    private static TrainConfig cfg(String optimizer, TrainMetrics metrics) {
        return TrainConfig.builder().epochs(3).batchSize(16).learningRate(optimizer.startsWith("adam") ? 0.01 : 0.3)
                .l2(0.01).seed(7).optimizer(OptimizerSpec.parse(optimizer)).trainMetrics(metrics).build();
    }

    /** A schedule that repeats samples within a batch and within an epoch, with batches of several sizes. */
    private static BatchSchedule withDuplicates() {
        int[][] batches = {
            {0, 1, 2, 3, 3, 3, 4, 5}, {6, 7, 0, 8}, {9, 10, 11, 12, 13, 14, 15, 16, 17, 0},
            {20, 21, 22, 23, 24, 25, 26, 27}, {20, 20, 28}, {29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40},
        };
        return BatchSchedule.of(batches, new int[] {0, 3, 6});
    }

    /** The mean over the epoch's batch entries of ℓ(z; θ_t) and of correct predictions, by plain forward passes. */
    private static List<double[]> recomputed(Model model, Dataset train, Trajectory tr) {
        Evaluator ev = new Evaluator(model);
        int k = model.outputs();
        int[] bounds = tr.schedule().epochBoundaries();
        double[] theta = new double[model.parameterCount()];
        List<double[]> out = new ArrayList<>();
        for (int e = 0; e + 1 < bounds.length; e++) {
            double sum = 0;
            int correct = 0;
            int entries = 0;
            for (int t = bounds[e]; t < bounds[e + 1]; t++) {
                tr.checkpoints().read(t, theta);
                int[] b = tr.batch(t);
                double[] losses = new double[b.length];
                double[] logits = new double[b.length * k];
                ev.losses(theta, train, b, 0, b.length, losses);
                ev.logits(theta, train, b, 0, b.length, logits);
                for (int i = 0; i < b.length; i++) {
                    sum += losses[i];
                    correct += Evaluator.predict(logits, i, k) == train.label(b[i]) ? 1 : 0;
                    entries++;
                }
            }
            out.add(new double[] {sum / entries, (double) correct / entries});
        }
        return out;
    }

    private void assertBatchMeanIsRecomputed(Model model, Dataset train, TrainConfig cfg, BatchSchedule schedule) {
        Trainer.Result r = Trainer.train(model, train, val3.featureCount() == train.featureCount()
                && model.outputs() == 3 ? val3 : null, cfg, schedule, model.initialParameters(cfg.seed()), null);
        List<double[]> expect = recomputed(model, train, r.trajectory());
        assertEquals(expect.size(), r.log().size());
        for (int e = 0; e < expect.size(); e++) {
            Trainer.EpochLog log = r.log().get(e);
            assertEquals(expect.get(e)[0], log.trainLoss(), 1e-12, "loss of epoch " + (e + 1));
            assertEquals(expect.get(e)[1], log.trainAccuracy(), 1e-15, "accuracy of epoch " + (e + 1));
        }
        // not the loss at the epoch's end: the two differ while θ moves
        double atEnd = new Evaluator(model).meanLoss(r.trajectory().finalTheta(), train);
        assertTrue(Math.abs(atEnd - r.log().get(r.log().size() - 1).trainLoss()) > 1e-6);
    }

    @Test
    void theBatchMeanIsTheMeanOfThePlainForwardOverTheEpochsBatchesAtEachTheta() {
        Model binary = new Model(ModelSpec.parse("mlp:8:tanh"), new int[] {6}, 2);
        Model softmax = new Model(ModelSpec.parse("mlp:8:tanh"), new int[] {6}, 3);
        for (String opt : List.of("sgd", "momentum:0.9", "adam")) {
            TrainConfig c = cfg(opt, TrainMetrics.BATCH_MEAN);
            assertBatchMeanIsRecomputed(binary, train2, c, Trainer.schedule(train2.size(), c));
            assertBatchMeanIsRecomputed(softmax, train3, c, Trainer.schedule(train3.size(), c));
        }
    }

    @Test
    void aSampleRepeatedInABatchOrAnEpochCountsOncePerEntry() {
        Model softmax = new Model(ModelSpec.parse("mlp:8:tanh"), new int[] {6}, 3);
        assertBatchMeanIsRecomputed(softmax, train3, cfg("sgd", TrainMetrics.BATCH_MEAN), withDuplicates());
    }

    @Test
    void theChoiceChangesTheLogOnlyNeverTheTrajectory() {
        Model softmax = new Model(ModelSpec.parse("mlp:8:tanh"), new int[] {6}, 3);
        Evaluator ev = new Evaluator(softmax);
        for (String opt : List.of("sgd", "nesterov:0.9", "adamw")) {
            Trainer.Result mean = Trainer.train(softmax, train3, val3, cfg(opt, TrainMetrics.BATCH_MEAN), null);
            Trainer.Result exact = Trainer.train(softmax, train3, val3, cfg(opt, TrainMetrics.EXACT), null);
            double[] a = new double[softmax.parameterCount()];
            double[] b = new double[softmax.parameterCount()];
            for (int t = 0; t <= mean.trajectory().steps(); t++) {
                mean.trajectory().checkpoints().read(t, a);
                exact.trajectory().checkpoints().read(t, b);
                assertArrayEquals(b, a, opt + ": θ_" + t);
            }
            int[] bounds = exact.trajectory().schedule().epochBoundaries();
            for (int e = 0; e < exact.log().size(); e++) {
                exact.trajectory().checkpoints().read(bounds[e + 1], a);
                Evaluator.LossAccuracy tr = ev.lossAndAccuracy(a, train3);
                Evaluator.LossAccuracy va = ev.lossAndAccuracy(a, val3);
                Trainer.EpochLog x = exact.log().get(e);
                Trainer.EpochLog m = mean.log().get(e);
                assertEquals(new Trainer.EpochLog(e + 1, bounds[e + 1], tr.loss(), tr.accuracy(), va.loss(),
                        va.accuracy()), x, opt + ": the exact log is L(θ) over the training set at the epoch's end");
                assertEquals(x.valLoss(), m.valLoss(), 0.0, "validation stays exact");
                assertEquals(x.valAccuracy(), m.valAccuracy(), 0.0);
                assertTrue(x.trainLoss() != m.trainLoss(), opt + " epoch " + (e + 1));
            }
        }
    }

    @Test
    void theBatchMeanIsBitIdenticalOnOneAndTwoThreads() {
        Dataset imgs = TinyData.make(40, new int[] {1, 28, 28}, 3, 5);
        Dataset imgsVal = TinyData.make(20, new int[] {1, 28, 28}, 3, 6);
        Model cnn = new Model(ModelSpec.parse("cnn:4,6"), new int[] {1, 28, 28}, 3);
        TrainConfig c = cfg("sgd", TrainMetrics.BATCH_MEAN);
        int before = KernelsProvider.threads();
        try {
            KernelsProvider.setThreads(1);
            List<Trainer.EpochLog> one = Trainer.train(cnn, imgs, imgsVal, c, null).log();
            KernelsProvider.setThreads(2);
            List<Trainer.EpochLog> two = Trainer.train(cnn, imgs, imgsVal, c, null).log();
            assertEquals(one, two);
        } finally {
            KernelsProvider.setThreads(before);
        }
    }

    @Test
    void anExplodingBatchMeanIsDivergenceAndSaysWhichLoss() {
        Model logreg = new Model(ModelSpec.parse("logreg"), new int[] {6}, 2);
        TrainConfig hot = new TrainConfig(3, 16, 1e6, LearningRate.CONSTANT, 1e-3, 1, 1, OptimizerSpec.SGD,
                TrainMetrics.BATCH_MEAN);
        List<Trainer.EpochLog> seen = new ArrayList<>();
        Trainer.DivergedException e = assertThrows(Trainer.DivergedException.class,
                () -> Trainer.train(logreg, train2, null, hot, new Trainer.Listener() {
                    @Override
                    public void epoch(Trainer.EpochLog log) {
                        seen.add(log);
                    }
                }));
        assertEquals(1, e.epoch(), e.getMessage());
        assertEquals(TrainMetrics.BATCH_MEAN, e.trainMetrics());
        assertEquals(seen.get(0).trainLoss(), e.trainLoss());
        assertTrue(e.trainLoss() > Trainer.DIVERGENCE_FACTOR * Math.max(1, e.initialLoss()), e.getMessage());
        assertEquals(new Evaluator(logreg).meanLoss(logreg.initialParameters(1), train2), e.initialLoss(), 1e-15);
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1: mean training loss over the epoch's"
                + " batches "), e.getMessage());
        assertTrue(e.getMessage().contains("exceeds 100 ×"), e.getMessage());

        Trainer.DivergedException x = assertThrows(Trainer.DivergedException.class,
                () -> Trainer.train(logreg, train2, null, hot.withTrainMetrics(TrainMetrics.EXACT), null));
        assertEquals(TrainMetrics.EXACT, x.trainMetrics());
        assertTrue(x.getMessage().startsWith("training diverged in epoch 1: training loss "), x.getMessage());
    }

    /** Raw, uncentred features in the thousands (as a CSV file of amounts might hold), labels from a rule. */
    private static Dataset raw(int n) {
        double[] x = new double[3 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = 1000 + 37.0 * ((i * 7919) % 101) - 1850;
            x[3 * i + 1] = 0.001 * ((i * 104729) % 13);
            x[3 * i + 2] = 5;
            y[i] = x[3 * i] + 1000 * x[3 * i + 1] > 1000 ? 1 : 0;
        }
        return new Dataset("raw", x, y, new int[] {3}, 2, List.of("0", "1"));
    }

    @Test
    void aLossThatGrowsWithinTheEpochIsNotAveragedAway() {
        // Raw features in the thousands: the loss grows during an epoch. Every rate that the exact log
        // refuses, the batch mean refuses in the same epoch: through L(θ) at the epoch's end when the
        // mean over the epoch's batches alone stays below the bound.
        Model logreg = new Model(ModelSpec.parse("logreg"), new int[] {3}, 2);
        Dataset raw = raw(60);
        int refused = 0;
        int fallbacks = 0;
        StringBuilder seenAll = new StringBuilder();
        for (double lr : new double[] {0.005, 0.01, 0.011, 0.012, 0.013, 0.014, 0.015, 0.016, 0.017, 0.018, 0.019, 0.02, 0.05}) {
            TrainConfig c = new TrainConfig(2, 16, lr, LearningRate.SQRT, 1e-3, 1, 1, OptimizerSpec.SGD,
                    TrainMetrics.EXACT);
            Trainer.DivergedException x;
            try {
                Trainer.train(logreg, raw, null, c, null);
                seenAll.append(" lr ").append(lr).append(": trains");
                continue;
            } catch (Trainer.DivergedException e) {
                x = e;
            }
            refused++;
            List<Trainer.EpochLog> seen = new ArrayList<>();
            Trainer.DivergedException m = assertThrows(Trainer.DivergedException.class,
                    () -> Trainer.train(logreg, raw, null, c.withTrainMetrics(TrainMetrics.BATCH_MEAN),
                            new Trainer.Listener() {
                                @Override
                                public void epoch(Trainer.EpochLog log) {
                                    seen.add(log);
                                }
                            }), "lr " + lr);
            assertEquals(x.epoch(), m.epoch(), "lr " + lr + ": " + m.getMessage());
            double bound = Trainer.DIVERGENCE_FACTOR * Math.max(1, m.initialLoss());
            double mean = seen.get(seen.size() - 1).trainLoss();
            seenAll.append(" lr ").append(lr).append(": mean ").append(mean).append(" bound ").append(bound);
            if (mean <= bound) {
                fallbacks++;
                assertEquals(TrainMetrics.EXACT, m.trainMetrics(), m.getMessage());
                assertEquals(x.trainLoss(), m.trainLoss(), 0.0, "the same L(θ) at the epoch's end");
                assertTrue(m.getMessage().startsWith("training diverged in epoch " + m.epoch() + ": training loss "),
                        m.getMessage());
            } else {
                assertEquals(TrainMetrics.BATCH_MEAN, m.trainMetrics(), m.getMessage());
            }
        }
        assertTrue(refused > 0 && fallbacks > 0, "no case where the batch mean alone stayed below the bound:" + seenAll);
    }

    @Test
    void aSaneRunIsNotDivergenceUnderTheBatchMean() {
        Model softmax = new Model(ModelSpec.parse("mlp:8:tanh"), new int[] {6}, 3);
        Trainer.Result r = Trainer.train(softmax, train3, val3, cfg("sgd", TrainMetrics.BATCH_MEAN), null);
        assertEquals(3, r.log().size());
    }

    @Test
    void namesParseBackAndOthersAreRefused() {
        for (TrainMetrics m : TrainMetrics.values()) {
            assertEquals(m, TrainMetrics.parse(m.id()));
        }
        assertEquals(TrainMetrics.BATCH_MEAN, TrainMetrics.parse("Batch-Mean"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainMetrics.parse("mean"));
        assertEquals("unknown training metrics 'mean' (expected batch-mean or exact)", e.getMessage());
        assertEquals(TrainMetrics.EXACT, TrainConfig.builder().epochs(1).batchSize(1).learningRate(1).build()
                .trainMetrics(), "library default");
        assertEquals(TrainMetrics.EXACT, new TrainConfig(1, 1, 1, LearningRate.SQRT, 0, 0, 1).trainMetrics());
    }
}
