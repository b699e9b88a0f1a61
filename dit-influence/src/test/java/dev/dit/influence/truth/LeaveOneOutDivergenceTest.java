package dev.dit.influence.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Windows;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A retraining whose query change is not finite (it diverged) stops the computation with a
 * message naming the sample and the window, rather than giving a NaN row that no reader accepts.
 */
class LeaveOneOutDivergenceTest {

    /** The validation loss of the original run, and +∞ for every retrained θ (as if each diverged). */
    private static final class DivergingAfterPreparation implements Query {
        final Query loss;
        final AtomicBoolean prepared = new AtomicBoolean();

        DivergingAfterPreparation(Query loss) {
            this.loss = loss;
        }

        @Override
        public String id() {
            return loss.id();
        }

        @Override
        public double value(double[] theta, Evaluator evaluator) {
            return prepared.get() ? Double.POSITIVE_INFINITY : loss.value(theta, evaluator);
        }

        @Override
        public void gradient(double[] theta, Evaluator evaluator, double[] grad) {
            loss.gradient(theta, evaluator, grad);
        }
    }

    @ParameterizedTest
    @EnumSource(Definition.class)
    void aDivergedRetrainingNamesTheSampleAndTheWindow(Definition definition) {
        Run run = Runs.train(DataSpec.load("blobs:n=120,d=4", null), new Runs.DataPlan(40, 20, 20, 1, 0, 0),
                ModelSpec.parse("logreg"), new TrainConfig(2, 8, 0.1, LearningRate.CONSTANT, 0, 2, 1), null);
        DivergingAfterPreparation q = new DivergingAfterPreparation(Queries.parse("val-loss", run.val(), run.test()));
        LeaveOneOut loo = new LeaveOneOut(run, q, Windows.parse("full", run.trajectory().epochBoundaries()), definition);
        q.prepared.set(true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loo.compute(new int[] {7}, 1, null, null, Progress.NONE));
        assertTrue(e.getMessage().startsWith("retraining without training sample 7 diverged: its val-loss change in window full is"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
