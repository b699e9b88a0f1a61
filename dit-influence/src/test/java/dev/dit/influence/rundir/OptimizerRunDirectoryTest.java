package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Runs;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trajectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerRunDirectoryTest {
    @TempDir
    Path dir;

    @TempDir
    Path other;

    @ParameterizedTest
    @ValueSource(strings = {"nesterov:0.8", "adamw:0.9,0.99,1e-6,0.05"})
    void aWrittenRunReplaysFromItsFileCheckpointsBitForBit(String optimizer) throws Exception {
        Runs.DataPlan plan = new Runs.DataPlan(40, 12, 12, 1, 0.0, 0, FeatureScaling.NONE);
        TrainConfig cfg = TrainConfig.builder().epochs(3).batchSize(8).learningRate(0.02).seed(1).checkpointEvery(4)
                .optimizer(OptimizerSpec.parse(optimizer)).build();
        LoadedRun trained = RunTraining.train(DataSpec.load(TinyRuns.DATA, null), TinyRuns.DATA, plan,
                ModelSpec.parse("mlp:4:tanh"), cfg, null);
        RunDirectory.write(dir, trained.run(), trained.info());
        String manifest = Files.readString(dir.resolve(RunDirectory.MANIFEST), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"optimizer\" : \"" + cfg.optimizer() + "\""), manifest);
        try (LoadedRun read = RunDirectory.read(dir)) {
            Trajectory a = trained.run().trajectory();
            Trajectory b = read.run().trajectory();
            assertEquals(cfg.optimizer(), b.optimizer());
            assertEquals(cfg, read.info().config());
            int p = a.parameterCount();
            ThetaReplay ra = new ThetaReplay(a, trained.run().train(), new Evaluator(trained.run().model()));
            ThetaReplay rb = read.run().replay();
            double[] ta = new double[p];
            double[] tb = new double[p];
            OptimizerState sa = new OptimizerState(cfg.optimizer(), p);
            OptimizerState sb = new OptimizerState(cfg.optimizer(), p);
            for (int t = a.steps(); t >= 0; t--) {
                ra.state(t, ta, sa);
                rb.state(t, tb, sb);
                assertArrayEquals(ta, tb, "θ_" + t);
                for (int i = 0; i < sa.size(); i++) {
                    assertArrayEquals(sa.vector(i), sb.vector(i), "state " + i + " at step " + t);
                }
            }
            // a run read from disk, written again, keeps its states (read through the file's state view)
            Path copy = other.resolve("copy");
            RunDirectory.write(copy, read.run(), read.info());
            try (LoadedRun again = RunDirectory.read(copy)) {
                Trajectory c = again.run().trajectory();
                c.readCheckpoint(c.steps(), tb, sb);
                b.readCheckpoint(b.steps(), ta, sa);
                assertArrayEquals(ta, tb);
                for (int i = 0; i < sa.size(); i++) {
                    assertArrayEquals(sa.vector(i), sb.vector(i), "state " + i + " of the copy");
                }
            }
        }
    }
}
