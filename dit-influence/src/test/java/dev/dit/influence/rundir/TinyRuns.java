package dev.dit.influence.rundir;

import dev.dit.influence.Runs;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny three-class run (n = 40, T = 15, K = 4, 4 corrupted labels) that trains in milliseconds. */
final class TinyRuns {
    static final String DATA = "blobs:n=80,d=3,k=3,seed=5";

    private TinyRuns() {
    }

    static LoadedRun train(long seed) {
        return train(seed, FeatureScaling.NONE);
    }

    static LoadedRun train(long seed, FeatureScaling scaling) {
        Runs.DataPlan plan = new Runs.DataPlan(40, 12, 12, seed, 0.1, RunTraining.corruptSeed(seed), scaling);
        TrainConfig cfg = new TrainConfig(3, 8, 0.2, LearningRate.SQRT, 1e-3, seed, 4);
        return RunTraining.train(DataSpec.load(DATA, null), DATA, plan, ModelSpec.parse("logreg"), cfg, null);
    }

    /** Flips the lowest bit of the byte at {@code pos} (negative: from the end). */
    static void flipByte(Path file, long pos) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int i = (int) (pos < 0 ? b.length + pos : pos);
        b[i] ^= 1;
        Files.write(file, b);
    }
}
