package dev.dit.models.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerStateFileTest {
    @TempDir
    Path dir;

    @Test
    void aVersionOneFileStillLoadsAsAnSgdRun() throws Exception {
        // written by the version-1 code (commit b0bc14a) from Fixture(3, 11)
        Path file = dir.resolve("v1.dit");
        try (InputStream in = getClass().getResourceAsStream("version1-k3.dit")) {
            Files.copy(in, file);
        }
        Fixture fx = new Fixture(3, 11);
        try (TrajectoryReader r = TrajectoryReader.open(file)) {
            assertEquals(OptimizerSpec.SGD, r.header().optimizer());
            assertEquals(fx.header, r.header());
            double[] theta = new double[r.numParams()];
            for (int t : r.header().checkpointSteps()) {
                r.readCheckpoint(t, theta, new double[0]);
                assertArrayEquals(fx.thetas[t], theta, "θ_" + t);
            }
            r.verifyAll();
        }
    }

    @Test
    void checkpointsCarryTheOptimizerState() throws Exception {
        TrajectoryHeader h = TrajectoryHeader.builder().modelSpec("linear").parameter("w", 3)
                .dataset("sha256:x", 4).hyperparameters(new Hyperparameters(2, 0.1, LearningRate.CONSTANT, 0, 1, 1, 2))
                .checkpointEvery(2).epochBoundaries(0, 2).ditVersion("test").optimizer(OptimizerSpec.parse("adam")).build();
        Path file = dir.resolve("adam.dit");
        double[][] thetas = {{1, 2, 3}, {4, 5, 6}};
        double[][] states = {{0, 0, 0, 0, 0, 0}, {0.1, -0.2, 0.3, 1e-3, 2e-3, Double.MIN_VALUE}};
        try (TrajectoryWriter w = TrajectoryWriter.open(file, h)) {
            w.writeSteps(new int[][] {{0, 1}, {2, 3}}, new double[] {0.1, 0.1});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.writeCheckpoint(0, thetas[0]));
            assertTrue(e.getMessage().contains("optimizer state has 0 values, expected 6"), e.getMessage());
            w.writeCheckpoint(0, thetas[0], states[0]);
            w.writeCheckpoint(2, thetas[1], states[1]);
        }
        try (TrajectoryReader r = TrajectoryReader.open(file)) {
            assertEquals(OptimizerSpec.parse("adam:0.9,0.999,1e-8"), r.header().optimizer());
            double[] theta = new double[3];
            double[] state = new double[6];
            r.readCheckpoint(2, theta, state);
            assertArrayEquals(thetas[1], theta);
            assertArrayEquals(states[1], state);
            r.readCheckpoint(0, theta);
            assertArrayEquals(thetas[0], theta);
            r.verifyAll();
        }
        String json = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(json.contains("\"optimizer\":\"adam:0.9,0.999,1.0E-8\""), "the header names the optimizer");
    }
}
