package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dit.influence.Runs;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RunTraining#trainInto} streams the trajectory to its file while training; the run
 * directory it leaves must be the one the in-memory path ({@link RunTraining#train} then
 * {@link RunDirectory#write}) writes, byte for byte, for plain SGD (format 1) and optimizers with
 * state (format 2), whether or not K divides T.
 */
class StreamedTrainingTest {
    private static final String DATA = "blobs:n=120,d=4";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} K={1}")
    @CsvSource({"sgd, 1", "sgd, 2", "momentum:0.9, 3", "adam, 1", "adamw, 2"})
    void streamedRunDirectoryIsByteIdenticalToTheInMemoryOne(String optimizer, int checkpointEvery) throws IOException {
        Dataset pool = DataSpec.load(DATA, null);
        Runs.DataPlan plan = new Runs.DataPlan(60, 20, 20, 0, 0.1, RunTraining.corruptSeed(0), FeatureScaling.NONE);
        TrainConfig cfg = new TrainConfig(3, 16, optimizer.startsWith("adam") ? 0.01 : 0.2, LearningRate.parse("sqrt"),
                1e-3, 0, checkpointEvery, OptimizerSpec.parse(optimizer));
        Path memory = tmp.resolve("memory");
        LoadedRun inMemory = RunTraining.train(pool, DATA, plan, ModelSpec.parse("mlp:6"), cfg, null);
        RunDirectory.write(memory, inMemory.run(), inMemory.info());
        Path streamed = tmp.resolve("streamed");
        try (LoadedRun s = RunTraining.trainInto(streamed, pool, DATA, plan, ModelSpec.parse("mlp:6"), cfg, null)) {
            assertEquals(inMemory.info().log(), s.info().log());
            assertArrayEquals(inMemory.run().trajectory().finalTheta(), s.run().trajectory().finalTheta());
        }
        Map<String, byte[]> a = files(memory);
        Map<String, byte[]> b = files(streamed);
        assertEquals(a.keySet(), b.keySet());
        for (String f : a.keySet()) {
            assertArrayEquals(a.get(f), b.get(f), f + " differs between the streamed and the in-memory run");
        }
        try (LoadedRun back = RunDirectory.read(streamed)) { // verifies every checksum and the header
            assertEquals(inMemory.run().trajectory().steps(), back.run().trajectory().steps());
        }
    }

    @Test
    void aDivergingRunLeavesNoTrajectoryFile() throws IOException {
        Dataset pool = DataSpec.load(DATA, null);
        Runs.DataPlan plan = new Runs.DataPlan(60, 20, 20, 0, 0.0, RunTraining.corruptSeed(0), FeatureScaling.NONE);
        TrainConfig cfg = new TrainConfig(3, 16, 1e6, LearningRate.CONSTANT, 1e-3, 0, 1);
        Path dir = tmp.resolve("diverged");
        assertThrows(Trainer.DivergedException.class,
                () -> RunTraining.trainInto(dir, pool, DATA, plan, ModelSpec.parse("mlp:6"), cfg, null));
        try (Stream<Path> left = Files.walk(dir)) { // the data files, written meanwhile, may be there; nothing else
            assertEquals(java.util.List.of(), left.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
                    .filter(f -> !f.startsWith("data/") || f.contains(".tmp")).toList(),
                    "a failed run leaves neither a trajectory, its temporary file, nor run.json");
        }
        assertFalse(Files.exists(dir.resolve(RunDirectory.TRAJECTORY)));
        assertFalse(Files.exists(dir.resolve(RunDirectory.MANIFEST)));
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return out;
    }
}
