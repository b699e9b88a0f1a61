package dev.dit.models.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryWriterTest {
    @TempDir
    Path dir;
    final Fixture fx = new Fixture(3, 9);

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void unclosedWriterLeavesOnlyAHiddenTempAndAbortRemovesIt() throws IOException {
        Path target = dir.resolve("traj.dit");
        TrajectoryWriter w = TrajectoryWriter.open(target, fx.header);
        w.writeSteps(fx.batches, fx.lrs);
        w.writeCheckpoint(0, fx.thetas[0]);
        assertFalse(Files.exists(target));
        List<Path> files = listing();
        assertEquals(1, files.size());
        assertTrue(files.get(0).getFileName().toString().startsWith(".traj.dit."), files.toString());
        w.abort();
        assertEquals(List.of(), listing());
        assertThrows(IllegalStateException.class, () -> w.writeCheckpoint(3, fx.thetas[3]));
        w.close(); // no-op after abort
        assertFalse(Files.exists(target));
    }

    @Test
    void closingIncompleteWriterThrowsAndWritesNothing() throws IOException {
        Path target = dir.resolve("traj.dit");
        TrajectoryWriter w = TrajectoryWriter.open(target, fx.header);
        w.writeSteps(fx.batches, fx.lrs);
        w.writeCheckpoint(0, fx.thetas[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
        assertTrue(e.getMessage().contains("missing checkpoint for step 3"), e.getMessage());
        assertEquals(List.of(), listing());

        TrajectoryWriter noSteps = TrajectoryWriter.open(target, fx.header);
        for (int t : fx.header.checkpointSteps()) {
            noSteps.writeCheckpoint(t, fx.thetas[t]);
        }
        e = assertThrows(IllegalStateException.class, noSteps::close);
        assertTrue(e.getMessage().contains("missing the steps block"), e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void exceptionInsideTryWithResourcesLeavesExistingTargetUntouched() throws IOException {
        Path target = dir.resolve("traj.dit");
        Files.writeString(target, "previous");
        RuntimeException boom = assertThrows(RuntimeException.class, () -> {
            try (TrajectoryWriter w = TrajectoryWriter.open(target, fx.header)) {
                w.writeSteps(fx.batches, fx.lrs);
                throw new RuntimeException("trainer diverged");
            }
        });
        assertEquals("trainer diverged", boom.getMessage());
        assertEquals(1, boom.getSuppressed().length, "close() reports the incompleteness as suppressed");
        assertEquals("previous", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void checkpointsMustFollowTheSchedule() throws IOException {
        try (TrajectoryWriter w = TrajectoryWriter.open(dir.resolve("t.dit"), fx.header)) {
            assertThrows(IllegalArgumentException.class, () -> w.writeCheckpoint(3, fx.thetas[3]));
            w.writeCheckpoint(0, fx.thetas[0]);
            assertThrows(IllegalArgumentException.class, () -> w.writeCheckpoint(0, fx.thetas[0]));
            assertThrows(IllegalArgumentException.class, () -> w.writeCheckpoint(3, new double[15]));
            w.writeCheckpoint(3, fx.thetas[3]);
            w.writeCheckpoint(6, fx.thetas[6]);
            w.writeCheckpoint(8, fx.thetas[8]);
            assertThrows(IllegalStateException.class, () -> w.writeCheckpoint(9, fx.thetas[8]));
            w.writeSteps(fx.batches, fx.lrs);
            assertThrows(IllegalStateException.class, () -> w.writeSteps(fx.batches, fx.lrs));
        }
        try (TrajectoryReader r = TrajectoryReader.open(dir.resolve("t.dit"))) {
            assertArrayEquals(new int[] {0, 3, 6, 8}, r.checkpointSteps());
        }
    }

    @Test
    void badStepsAreRejectedBeforeAnythingIsWritten() throws IOException {
        try (TrajectoryWriter w = TrajectoryWriter.open(dir.resolve("t.dit"), fx.header)) {
            int[][] outOfRange = fx.batches.clone();
            outOfRange[5] = new int[] {1, 10};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.writeSteps(outOfRange, fx.lrs));
            assertEquals("batch for step 5 has index 10 outside [0, 10)", e.getMessage());
            int[][] empty = fx.batches.clone();
            empty[2] = new int[0];
            assertThrows(IllegalArgumentException.class, () -> w.writeSteps(empty, fx.lrs));
            assertThrows(IllegalArgumentException.class, () -> w.writeSteps(fx.batches, new double[7]));
            double[] nan = fx.lrs.clone();
            nan[1] = Double.NaN;
            assertThrows(IllegalArgumentException.class, () -> w.writeSteps(fx.batches, nan));
            assertThrows(IllegalArgumentException.class, () -> w.writeSteps(new int[][] {{1}}, new double[1]));
            // the writer is still usable after rejected input
            w.writeSteps(fx.batches, fx.lrs);
            for (int t : fx.header.checkpointSteps()) {
                w.writeCheckpoint(t, fx.thetas[t]);
            }
        }
        try (TrajectoryReader r = TrajectoryReader.open(dir.resolve("t.dit"))) {
            r.verifyAll();
        }
    }
}
