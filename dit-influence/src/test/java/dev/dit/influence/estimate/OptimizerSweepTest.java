package dev.dit.influence.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The adjoint sweep equals the forward oracle for every optimizer, model kind, definition and
 * window kind (full run, epochs, a raw-step window), checkpointed trajectories included.
 */
class OptimizerSweepTest {
    private static final Dataset BLOBS = DataSpec.load("blobs:n=120,d=5,k=2,sep=1.5", null);
    private static final Dataset IMAGES = DataSpec.load("fashion-mnist-mini", null);

    @ParameterizedTest
    @CsvSource({
        "momentum:0.9, logreg, val-loss, 1", "momentum:0.9, mlp:5:tanh, logit:3, 3", "momentum:0.9, 'cnn:2,3:tanh', val-loss, 2",
        "nesterov:0.9, logreg, test-loss:1, 3", "nesterov:0.9, mlp:5:tanh, val-loss, 1", "nesterov:0.9, 'cnn:2,3:tanh', val-loss, 1",
        "adam, logreg, val-loss, 1", "adam, mlp:5:tanh, prob:2:0, 3", "adam, 'cnn:2,3:tanh', val-loss, 2",
        "'adamw:0.9,0.99,1e-8,0.1', logreg, val-loss, 3", "'adamw:0.9,0.99,1e-8,0.1', mlp:5:softplus, val-loss, 1",
        "'adamw:0.9,0.99,1e-8,0.1', 'cnn:2,3:tanh', test-loss:0, 1"})
    void adjointSweepEqualsForwardOracle(String optimizer, String model, String querySpec, int checkpointEvery) {
        boolean cnn = model.startsWith("cnn");
        boolean adam = optimizer.startsWith("adam");
        TrainConfig cfg = TrainConfig.builder().epochs(3).batchSize(8).learningRate(adam ? 0.01 : 0.05)
                .schedule(LearningRate.SQRT).l2(0.01).seed(5).checkpointEvery(checkpointEvery)
                .optimizer(OptimizerSpec.parse(optimizer)).build();
        Run run = Runs.train(cnn ? IMAGES : BLOBS, new Runs.DataPlan(cnn ? 24 : 40, 12, 6, 2, 0, 0),
                ModelSpec.parse(model), cfg, null);
        assertEquals(cfg.optimizer(), run.trajectory().optimizer());
        Query q = Queries.parse(querySpec, run.val(), run.test());
        List<Window> ws = Windows.parse("full,epochs,4:9", run.trajectory().epochBoundaries());
        ForwardRecursion fwd = new ForwardRecursion(run, q);
        int[] samples = cnn ? new int[] {5} : new int[] {0, 17, 39};
        for (Definition def : Definition.values()) {
            InfluenceMatrix m = new DitSweep(run, q).estimate(ws, def, Progress.NONE);
            double largest = 0;
            for (int j : samples) {
                double[] f = fwd.estimate(j, ws, def);
                for (int w = 0; w < ws.size(); w++) {
                    double scale = Math.max(1e-300, Math.abs(f[w]));
                    largest = Math.max(largest, Math.abs(f[w]));
                    assertEquals(f[w], m.get(j, w), 1e-10 * scale + 1e-18, def + " " + ws.get(w) + " sample " + j);
                }
            }
            assertTrue(largest > 1e-8, "the influences compared are not all zero: " + largest);
        }
    }
}
