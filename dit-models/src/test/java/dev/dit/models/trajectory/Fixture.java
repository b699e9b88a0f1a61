package dev.dit.models.trajectory;

import dev.dit.models.train.LearningRate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** A small deterministic run for the tests: p = 16, n = 10, T = 8 in 2 epochs. */
final class Fixture {
    final TrajectoryHeader header;
    final int[][] batches;
    final double[] lrs;
    final double[][] thetas;

    Fixture(int checkpointEvery, long seed) {
        header = TrajectoryHeader.builder()
                .modelSpec("linear:4-4")
                .parameter("w", 3, 4)
                .parameter("b", 4)
                .dataset("sha256:abc123", 10)
                .hyperparameters(new Hyperparameters(3, 0.1, LearningRate.SQRT, 1e-4, 2, seed, 4))
                .checkpointEvery(checkpointEvery)
                .epochBoundaries(0, 4, 8)
                .ditVersion("0.1.0-test")
                .build();
        Random r = new Random(seed);
        int steps = header.numSteps();
        batches = new int[steps][];
        lrs = new double[steps];
        for (int t = 0; t < steps; t++) {
            batches[t] = new int[t % 4 == 3 ? 1 : 3];
            for (int i = 0; i < batches[t].length; i++) {
                batches[t][i] = r.nextInt(10);
            }
            lrs[t] = 0.1 / Math.sqrt(t + 1);
        }
        thetas = new double[steps + 1][header.numParams()];
        for (double[] theta : thetas) {
            for (int i = 0; i < theta.length; i++) {
                theta[i] = r.nextGaussian();
            }
        }
        // values whose bits must survive exactly
        thetas[0][0] = -0.0;
        thetas[0][1] = Double.MIN_VALUE;
        thetas[0][2] = Double.NaN;
        thetas[0][3] = Double.NEGATIVE_INFINITY;
    }

    /** Writes steps first, then every scheduled checkpoint. */
    void write(Path file) throws IOException {
        try (TrajectoryWriter w = TrajectoryWriter.open(file, header)) {
            w.writeSteps(batches, lrs);
            for (int t : header.checkpointSteps()) {
                w.writeCheckpoint(t, thetas[t]);
            }
        }
    }
}
