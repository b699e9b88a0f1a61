package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Runs;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.TrainMetrics;
import dev.dit.models.train.Trainer;
import dev.dit.models.train.Trajectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory whose log holds the batch mean: run.json says so, the log is the mean over each
 * epoch's batches recomputed from the directory's own trajectory, and every other file is the exact
 * run's byte for byte (the choice changes the log only).
 */
class BatchMeanLogTest {
    private static final String DATA = "blobs:n=120,d=4";

    @TempDir
    Path tmp;

    private Path write(String name, TrainMetrics metrics) throws IOException {
        Runs.DataPlan plan = new Runs.DataPlan(60, 20, 20, 0, 0.1, RunTraining.corruptSeed(0), FeatureScaling.NONE);
        TrainConfig cfg = new TrainConfig(3, 16, 0.2, LearningRate.SQRT, 1e-3, 0, 1).withTrainMetrics(metrics);
        LoadedRun trained = RunTraining.train(DataSpec.load(DATA, null), DATA, plan, ModelSpec.parse("mlp:6"), cfg, null);
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        RunDirectory.write(dir, trained.run(), trained.info());
        return dir;
    }

    @Test
    void theBatchMeanLogIsRecordedAndRecomputesFromTheTrajectory() throws IOException {
        Path mean = write("mean", TrainMetrics.BATCH_MEAN);
        Path exact = write("exact", TrainMetrics.EXACT);
        String json = Files.readString(mean.resolve(RunDirectory.MANIFEST));
        assertTrue(json.contains("\"trainMetrics\" : \"batch-mean\""), json);
        assertFalse(Files.readString(exact.resolve(RunDirectory.MANIFEST)).contains("trainMetrics"),
                "an exact run.json keeps the earlier bytes: no field");
        for (String f : List.of(RunDirectory.TRAJECTORY, RunDirectory.CORRUPTED, "data/train.ds", "data/val.ds",
                "data/test.ds")) {
            assertArrayEquals(Files.readAllBytes(exact.resolve(f)), Files.readAllBytes(mean.resolve(f)), f);
        }

        try (LoadedRun m = RunDirectory.read(mean); LoadedRun x = RunDirectory.read(exact)) {
            assertEquals(TrainMetrics.BATCH_MEAN, m.info().config().trainMetrics());
            assertEquals(TrainMetrics.EXACT, x.info().config().trainMetrics(), "absent means exact");
            Trajectory tr = m.run().trajectory();
            Dataset train = m.run().train();
            Evaluator ev = new Evaluator(m.run().model());
            int k = m.run().model().outputs();
            int[] bounds = tr.schedule().epochBoundaries();
            double[] theta = new double[tr.parameterCount()];
            List<String> csv = Files.readAllLines(mean.resolve(RunDirectory.TRAINING_LOG), StandardCharsets.UTF_8);
            assertEquals(CsvFiles.LOG_HEADER, csv.get(0));
            for (int e = 0; e < 3; e++) {
                double sum = 0;
                int right = 0;
                int n = 0;
                for (int t = bounds[e]; t < bounds[e + 1]; t++) {
                    tr.checkpoints().read(t, theta);
                    int[] b = tr.batch(t);
                    double[] losses = new double[b.length];
                    double[] logits = new double[b.length * k];
                    ev.losses(theta, train, b, 0, b.length, losses);
                    ev.logits(theta, train, b, 0, b.length, logits);
                    for (int i = 0; i < b.length; i++) {
                        sum += losses[i];
                        right += Evaluator.predict(logits, i, k) == train.label(b[i]) ? 1 : 0;
                        n++;
                    }
                }
                Trainer.EpochLog log = m.info().log().get(e);
                assertEquals(sum / n, log.trainLoss(), 1e-12, "epoch " + (e + 1));
                assertEquals((double) right / n, log.trainAccuracy(), 1e-15);
                Trainer.EpochLog ex = x.info().log().get(e);
                assertEquals(ex.valLoss(), log.valLoss(), 0.0, "validation stays exact");
                assertEquals(ex.valAccuracy(), log.valAccuracy(), 0.0);
                String[] row = csv.get(e + 1).split(",");
                assertEquals(log.trainLoss(), Double.parseDouble(row[2]), 0.0);
                assertEquals(log.trainAccuracy(), Double.parseDouble(row[3]), 0.0);
            }
        }
    }
}
