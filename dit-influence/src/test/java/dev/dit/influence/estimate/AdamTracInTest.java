package dev.dit.influence.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTracInTest {
    private static Run run(String optimizer) {
        return Runs.train(DataSpec.load("blobs:n=120,d=4,k=2,sep=1.5", null), new Runs.DataPlan(40, 20, 10, 2, 0, 0),
                ModelSpec.parse("mlp:4:tanh"), TrainConfig.builder().epochs(3).batchSize(8).learningRate(0.01)
                        .seed(4).checkpointEvery(3).optimizer(OptimizerSpec.parse(optimizer)).build(), null);
    }

    @Test
    void theFirstStepScoresTheSignOfTheExamplesGradient() {
        Run run = run("adam");
        Query q = Queries.parse("val-loss", run.val(), run.test());
        List<Window> ws = Windows.parse("0:1,full", run.trajectory().epochBoundaries());
        InfluenceMatrix m = new AdamTracIn(run, q).estimate(ws, Definition.GLOBAL, Progress.NONE);
        assertEquals(AdamTracIn.METHOD, m.method());
        // at step 0 the moments are zero: Γ = g / (|g| + ε), so the score is (η_0/|S_0|) Σ_i q_i sign(g_i)
        int p = run.model().parameterCount();
        double[] theta = run.trajectory().initialTheta();
        Evaluator ev = new Evaluator(run.model());
        double[] grad = new double[p];
        double[] qg = new double[p];
        q.gradient(theta, ev, qg);
        int[] batch = run.trajectory().batch(0);
        for (int j = 0; j < run.n(); j++) {
            boolean in = false;
            for (int b : batch) {
                in |= b == j;
            }
            double expected = 0;
            if (in) {
                ev.gradient(theta, run.train(), new int[] {j}, 0, 1, new double[] {1}, grad);
                for (int i = 0; i < p; i++) {
                    expected += qg[i] * Math.signum(grad[i]);
                }
                expected *= run.trajectory().learningRate(0) / batch.length;
            }
            assertEquals(expected, m.get(j, 0), 1e-6 * Math.abs(expected) + 1e-15, "sample " + j);
        }
        // the full window sums the steps; it is not plain TracIn
        InfluenceMatrix plain = new TracIn(run, q).estimate(ws, Definition.GLOBAL, Progress.NONE);
        double diff = 0;
        for (int j = 0; j < run.n(); j++) {
            diff = Math.max(diff, Math.abs(plain.get(j, 1) - m.get(j, 1)));
        }
        assertTrue(diff > 1e-6, "Adam preconditioning changes the scores");
    }

    @Test
    void aRunWithoutAdamIsRefused() {
        Run run = run("momentum:0.9");
        Query q = Queries.parse("val-loss", run.val(), run.test());
        List<Window> ws = Windows.parse("full", run.trajectory().epochBoundaries());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Estimators.byName("tracin-adam").estimate(run, q, ws, Definition.GLOBAL, Progress.NONE));
        assertTrue(e.getMessage().contains("needs a run trained with adam or adamw; this run used momentum:0.9"),
                e.getMessage());
    }
}
