package dev.dit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.truth.LeaveOneOut;
import dev.dit.influence.window.Windows;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One task's range: its rows as the single-machine code computes them, or the one sample that failed. */
class RetrainTaskTest {
    static final Run RUN = Runs.train(DataSpec.load("blobs:n=120,d=4", null), new Runs.DataPlan(40, 20, 20, 1, 0, 0),
            ModelSpec.parse("logreg"), new TrainConfig(2, 8, 0.1, LearningRate.CONSTANT, 0, 2, 1), null);

    /** The validation loss, except that the {@code failAt}-th evaluation after preparation is +∞ (that retraining "diverged"). */
    private static final class DivergesOnce implements Query {
        final Query loss = Queries.parse("val-loss", RUN.val(), RUN.test());
        final AtomicInteger calls = new AtomicInteger(-1);
        final int failAt;

        DivergesOnce(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public String id() {
            return loss.id();
        }

        @Override
        public double value(double[] theta, Evaluator evaluator) {
            if (calls.get() >= 0 && calls.getAndIncrement() == failAt) {
                return Double.POSITIVE_INFINITY;
            }
            return loss.value(theta, evaluator);
        }

        @Override
        public void gradient(double[] theta, Evaluator evaluator, double[] grad) {
            loss.gradient(theta, evaluator, grad);
        }
    }

    @Test
    void aRangeGivesTheSingleMachineRows() {
        Query q = Queries.parse("val-loss", RUN.val(), RUN.test());
        LeaveOneOut loo = new LeaveOneOut(RUN, q, Windows.parse("full,last", RUN.trajectory().epochBoundaries()), Definition.GLOBAL);
        int[] samples = {2, 5, 11};
        TaskResult r = RetrainTask.rows(loo, RUN.n(), samples);
        assertTrue(r.ok());
        var expected = loo.compute(samples, 2, null, null, Progress.NONE);
        for (int i = 0; i < samples.length; i++) {
            for (int w = 0; w < 2; w++) {
                assertEquals(expected.get(i, w), r.rows()[i][w], 0.0);
            }
        }
    }

    @Test
    void theSecondSampleDivergingIsTheOneNamed() {
        DivergesOnce q = new DivergesOnce(1);
        LeaveOneOut loo = new LeaveOneOut(RUN, q, Windows.parse("full", RUN.trajectory().epochBoundaries()), Definition.LOCAL);
        q.calls.set(0); // prepared: count the retrainings' evaluations from here
        TaskResult r = RetrainTask.rows(loo, RUN.n(), new int[] {3, 7, 9});
        assertEquals(7, r.failedSample());
        assertNull(r.rows());
        assertTrue(r.error().startsWith("retraining without training sample 7 diverged"), r.error());
        assertTrue(SparkLooEngine.failure(r).startsWith("leave-one-out of training sample 7 failed: retraining without"
                + " training sample 7 diverged"), SparkLooEngine.failure(r));
        assertTrue(SparkLooEngine.failure(r).endsWith("(in the Spark task of samples 3..9)"), SparkLooEngine.failure(r));
    }

    @Test
    void aSampleOutsideTheRunIsNamedBeforeAnyRetraining() {
        Query q = Queries.parse("val-loss", RUN.val(), RUN.test());
        LeaveOneOut loo = new LeaveOneOut(RUN, q, Windows.parse("full", RUN.trajectory().epochBoundaries()), Definition.LOCAL);
        TaskResult r = RetrainTask.rows(loo, RUN.n(), new int[] {1, 40});
        assertEquals(40, r.failedSample());
        assertEquals("training sample 40 outside [0, 40)", r.error());
    }
}
