package dev.dit.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.TinyData;
import dev.dit.models.data.Dataset;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerTrainingTest {
    private final Dataset train = TinyData.make(50, new int[] {6}, 2, 1);
    private final Model model = new Model(ModelSpec.parse("mlp:8:tanh"), new int[] {6}, 2);

    private Trajectory train(String optimizer, int k) {
        TrainConfig cfg = TrainConfig.builder().epochs(3).batchSize(16).learningRate(0.05).l2(0.01).seed(3)
                .checkpointEvery(k).optimizer(OptimizerSpec.parse(optimizer)).build();
        return Trainer.train(model, train, null, cfg, null).trajectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum:0.9", "nesterov:0.9", "adam", "adamw:0.9,0.99,1e-8,0.1"})
    void replayFromCheckpointsGivesTheStatesOfTheRunBitForBit(String optimizer) {
        Trajectory every = train(optimizer, 1);
        Trajectory sparse = train(optimizer, 5);
        assertEquals(OptimizerSpec.parse(optimizer), sparse.optimizer());
        ThetaReplay a = new ThetaReplay(every, train, new Evaluator(model));
        ThetaReplay b = new ThetaReplay(sparse, train, new Evaluator(model));
        int p = model.parameterCount();
        double[] ta = new double[p];
        double[] tb = new double[p];
        OptimizerState sa = new OptimizerState(sparse.optimizer(), p);
        OptimizerState sb = new OptimizerState(sparse.optimizer(), p);
        for (int t = every.steps(); t >= 0; t--) {
            a.state(t, ta, sa);
            b.state(t, tb, sb);
            assertArrayEquals(ta, tb, "θ_" + t);
            assertEquals(t, sb.steps());
            for (int i = 0; i < sa.size(); i++) {
                assertArrayEquals(sa.vector(i), sb.vector(i), "state " + i + " at step " + t);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum:0.9", "adam", "adamw"})
    void theOptimizerChangesTheRunAndItsStateIsStored(String optimizer) {
        Trajectory sgd = train("sgd", 1);
        Trajectory other = train(optimizer, 1);
        assertFalse(Arrays.equals(sgd.finalTheta(), other.finalTheta()));
        int p = model.parameterCount();
        OptimizerState s = new OptimizerState(other.optimizer(), p);
        double[] theta = new double[p];
        other.readCheckpoint(other.steps(), theta, s);
        assertTrue(Arrays.stream(s.vector(0)).anyMatch(x -> x != 0), "the momentum/first moment is stored");
        assertEquals(other.steps(), s.steps());
        other.readCheckpoint(0, theta, s);
        assertTrue(Arrays.stream(s.vector(0)).allMatch(x -> x == 0), "the state before step 0 is zero");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void sgdTrainingIsUnchangedByTheOptimizerField(int k) {
        TrainConfig old = new TrainConfig(3, 16, 0.3, LearningRate.SQRT, 0.01, 7, k);
        assertEquals(OptimizerSpec.SGD, old.optimizer());
        Trajectory a = Trainer.train(model, train, null, old, null).trajectory();
        // the historical SGD step, written out here
        BatchSchedule s = BatchSchedule.draw(train.size(), 16, 3, Trainer.scheduleSeed(7));
        double[] theta = model.initialParameters(7);
        Sgd sgd = new Sgd(new Evaluator(model));
        for (int t = 0; t < s.steps(); t++) {
            sgd.step(theta, train, s.batch(t), 0.3 / Math.sqrt(t + 1.0), 0.01, -1);
        }
        assertArrayEquals(theta, a.finalTheta());
    }
}
