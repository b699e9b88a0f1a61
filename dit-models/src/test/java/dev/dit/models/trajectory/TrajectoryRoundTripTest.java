package dev.dit.models.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everythingReadsBackBitExactInAnyOrder() throws IOException {
        Fixture fx = new Fixture(3, 7);
        Path file = dir.resolve("traj.dit");
        fx.write(file);
        try (TrajectoryReader r = TrajectoryReader.open(file)) {
            assertEquals(fx.header, r.header());
            assertEquals(8, r.numSteps());
            assertEquals(16, r.numParams());
            assertArrayEquals(new int[] {0, 3, 6, 8}, r.checkpointSteps());
            for (int t = 0; t < 8; t++) {
                assertArrayEquals(fx.batches[t], r.batch(t), "batch " + t);
                assertEquals(fx.batches[t].length, r.batchSize(t));
                assertEquals(Double.doubleToRawLongBits(fx.lrs[t]), Double.doubleToRawLongBits(r.learningRate(t)));
            }
            double[] theta = new double[16];
            int[] backwards = {8, 6, 3, 0, 6};
            for (int t : backwards) {
                r.readCheckpoint(t, theta);
                for (int i = 0; i < 16; i++) {
                    assertEquals(Double.doubleToRawLongBits(fx.thetas[t][i]), Double.doubleToRawLongBits(theta[i]),
                            "theta_" + t + "[" + i + "]");
                }
            }
            assertTrue(r.hasCheckpoint(6));
            assertFalse(r.hasCheckpoint(5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.readCheckpoint(5, theta));
            assertTrue(e.getMessage().contains("step 5 is not a stored checkpoint"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.readCheckpoint(3, new double[15]));
            assertThrows(IndexOutOfBoundsException.class, () -> r.batch(8));
            r.verifyAll();
        }
    }

    @Test
    void everyStepCheckpointedWhenKIsOne() throws IOException {
        Fixture fx = new Fixture(1, 3);
        Path file = dir.resolve("k1.dit");
        fx.write(file);
        try (TrajectoryReader r = TrajectoryReader.open(file)) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, r.checkpointSteps());
            double[] theta = new double[16];
            r.readCheckpoint(5, theta);
            assertArrayEquals(fx.thetas[5], theta);
        }
    }

    @Test
    void sameInputsGiveByteIdenticalFilesAndOtherSeedsDoNot() throws IOException {
        Path a = dir.resolve("a.dit");
        Path b = dir.resolve("sub/b.dit");
        Path c = dir.resolve("c.dit");
        new Fixture(3, 11).write(a);
        new Fixture(3, 11).write(b);
        new Fixture(3, 12).write(c);
        assertEquals(-1L, Files.mismatch(a, b));
        assertNotEquals(-1L, Files.mismatch(a, c));
    }

    @Test
    void flatStepsFormAndStepsAfterCheckpointsAreEquivalent() throws IOException {
        Fixture fx = new Fixture(3, 5);
        Path ref = dir.resolve("ref.dit");
        fx.write(ref);
        int[] offsets = new int[fx.batches.length + 1];
        for (int t = 0; t < fx.batches.length; t++) {
            offsets[t + 1] = offsets[t] + fx.batches[t].length;
        }
        int[] flat = new int[offsets[fx.batches.length]];
        for (int t = 0; t < fx.batches.length; t++) {
            System.arraycopy(fx.batches[t], 0, flat, offsets[t], fx.batches[t].length);
        }
        Path flatFile = dir.resolve("flat.dit");
        try (TrajectoryWriter w = TrajectoryWriter.open(flatFile, fx.header)) {
            w.writeSteps(flat, offsets, fx.lrs);
            for (int t : fx.header.checkpointSteps()) {
                w.writeCheckpoint(t, fx.thetas[t]);
            }
        }
        assertEquals(-1L, Files.mismatch(ref, flatFile));

        Path late = dir.resolve("late.dit");
        try (TrajectoryWriter w = TrajectoryWriter.open(late, fx.header)) {
            for (int t : fx.header.checkpointSteps()) {
                w.writeCheckpoint(t, fx.thetas[t]);
            }
            w.writeSteps(fx.batches, fx.lrs);
        }
        assertEquals(Files.size(ref), Files.size(late));
        try (TrajectoryReader r = TrajectoryReader.open(late)) {
            assertArrayEquals(fx.batches[7], r.batch(7));
            double[] theta = new double[16];
            r.readCheckpoint(8, theta);
            assertArrayEquals(fx.thetas[8], theta);
            r.verifyAll();
        }
    }
}
