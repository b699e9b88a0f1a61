package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset codec detects damage on its own, without the manifest's hashes. */
class DatasetFileTest {
    @TempDir
    Path dir;

    private static Dataset sample() {
        double[] x = new double[5 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i) * 1e-3;
        }
        x[8] = -0.0;
        x[9] = Double.MIN_VALUE;
        return new Dataset("pool", x, new int[] {0, 2, 1, 1, 0}, new int[] {1, 2, 3}, 3, List.of("a", "b", "c"));
    }

    @Test
    void roundTripKeepsEveryBit() throws IOException {
        Dataset d = sample();
        DatasetFile.write(dir.resolve("d.ds"), d);
        Dataset r = DatasetFile.read(dir, "d.ds");
        assertEquals(d.fingerprint(), r.fingerprint());
        assertArrayEquals(d.features(), r.features());
        assertArrayEquals(d.sampleShape(), r.sampleShape());
        assertEquals(d.classNames(), r.classNames());
        assertEquals("pool", r.name());
        Dataset empty = d.subset(new int[0]);
        DatasetFile.write(dir.resolve("e.ds"), empty);
        assertEquals(0, DatasetFile.read(dir, "e.ds").size());
    }

    @Test
    void anyFlippedByteIsDetected() throws IOException {
        Dataset d = sample();
        Path f = dir.resolve("d.ds");
        DatasetFile.write(f, d);
        long size = Files.size(f);
        for (long pos = 0; pos < size; pos += 3) {
            DatasetFile.write(f, d);
            TinyRuns.flipByte(f, pos);
            long at = pos;
            RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> DatasetFile.read(dir, "d.ds"),
                    "flip at byte " + at);
            assertTrue(e.getMessage().startsWith("run directory " + dir + ": d.ds: "), e.getMessage());
        }
    }

    @Test
    void truncationIsDetected() throws IOException {
        Path f = dir.resolve("d.ds");
        DatasetFile.write(f, sample());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 5));
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> DatasetFile.read(dir, "d.ds"));
        assertTrue(e.getMessage().contains("d.ds"), e.getMessage());
    }
}
