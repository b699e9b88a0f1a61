package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Queries;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TracIn self-influence on one step against ‖∇ℓ_j‖² from central finite differences of the per-sample loss. */
class SelfInfluenceBaselineTest {
    @Test
    void oneStepEqualsMinusLrOverBatchTimesSquaredGradientNorm() {
        Setup setup = ReportAssert.tiny();
        Run run = setup.train(setup.pool(), "mlp:3", 1, 0.0, Feedback.SILENT).run();
        int t = 5;
        InfluenceMatrix m = new SelfInfluenceBaseline().estimate(run, Queries.parse("val-loss", run.val(), run.test()),
                List.of(new Window("one", t, t + 1), new Window("full", 0, run.trajectory().steps())), Definition.GLOBAL,
                Progress.NONE);
        int[] batch = run.trajectory().batch(t);
        double[] theta = new double[run.model().parameterCount()];
        run.replay().theta(t, theta);
        Evaluator ev = new Evaluator(run.model());
        double c = run.trajectory().learningRate(t) / batch.length;
        boolean[] inBatch = new boolean[run.n()];
        for (int i = 0; i < batch.length; i++) {
            inBatch[batch[i]] = true;
            double sq = 0;
            double[] loss = new double[1];
            for (int k = 0; k < theta.length; k++) {
                double h = 1e-5;
                double keep = theta[k];
                theta[k] = keep + h;
                ev.losses(theta, run.train(), batch, i, 1, loss);
                double up = loss[0];
                theta[k] = keep - h;
                ev.losses(theta, run.train(), batch, i, 1, loss);
                theta[k] = keep;
                double g = (up - loss[0]) / (2 * h);
                sq += g * g;
            }
            assertEquals(-c * sq, m.get(batch[i], 0), 1e-7 * Math.max(1, c * sq), "sample " + batch[i]);
            assertEquals(true, m.get(batch[i], 1) <= m.get(batch[i], 0) + 1e-15); // more steps only add
        }
        for (int j = 0; j < run.n(); j++) {
            if (!inBatch[j]) {
                assertEquals(0.0, m.get(j, 0), 0.0, "sample " + j + " is not in the step's batch");
            }
        }
    }
}
