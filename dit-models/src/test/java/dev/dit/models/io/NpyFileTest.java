package dev.dit.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NpyFile} reads what {@link NpyWriter} writes and refuses damaged or unsupported files by name. */
class NpyFileTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatTheWriterWrites() throws IOException {
        Path f = dir.resolve("a.npy");
        NpyWriter.write(f, new double[] {1, 2, 3, 4, 5, 6.5}, 3, 2);
        try (NpyFile n = NpyFile.open(f)) {
            assertEquals("<f8", n.dtype());
            assertArrayEquals(new long[] {3, 2}, n.shape());
            assertEquals("(3, 2)", n.shapeString());
            double[] row = new double[2];
            n.readDoubles(4, row, 0, 2);
            assertArrayEquals(new double[] {5, 6.5}, row);
        }
        Path g = dir.resolve("b.npy");
        NpyWriter.write(g, new long[] {4, -5, 1L << 40}, 3);
        try (NpyFile n = NpyFile.open(g)) {
            assertEquals("(3,)", n.shapeString());
            assertArrayEquals(new long[] {4, -5, 1L << 40}, n.longs());
            assertArrayEquals(new double[] {4, -5, 0x1p40}, n.doubles());
        }
        Path h = dir.resolve("c.npy");
        NpyWriter.write(h, new int[] {7, 8}, 2);
        try (NpyFile n = NpyFile.open(h)) {
            assertEquals("<i4", n.dtype());
            assertArrayEquals(new long[] {7, 8}, n.longs());
            assertArrayEquals(new double[] {7, 8}, n.doubles());
        }
    }

    @Test
    void refusesDamagedAndUnsupportedFiles() throws IOException {
        Path f = dir.resolve("a.npy");
        NpyWriter.write(f, new double[] {1, 2, 3}, 3);
        byte[] b = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 1));
        assertEquals(cut + ": 151 bytes, but its header (<f8, shape (3,)) needs 152 (truncated)",
                assertThrows(IOException.class, () -> NpyFile.open(cut)).getMessage());
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello, this is not numpy");
        assertEquals(text + ": not a NumPy .npy file (magic bytes differ)",
                assertThrows(IOException.class, () -> NpyFile.open(text)).getMessage());
        Path big = dir.resolve("big.npy");
        byte[] be = b.clone();
        String header = new String(be, 10, 64, StandardCharsets.ISO_8859_1).replace("<f8", ">f8");
        System.arraycopy(header.getBytes(StandardCharsets.ISO_8859_1), 0, be, 10, 64);
        Files.write(big, be);
        assertEquals(big + ": dtype '>f8' is not supported (<f8, <f4, <i8 or <i4: float64, float32, int64, int32,"
                + " little-endian)", assertThrows(IOException.class, () -> NpyFile.open(big)).getMessage());
        assertEquals(dir.resolve("none.npy") + ": missing",
                assertThrows(IOException.class, () -> NpyFile.open(dir.resolve("none.npy"))).getMessage());
        try (NpyFile n = NpyFile.open(f)) {
            assertEquals(f + ": dtype <f8, but integers (<i8 or <i4) are needed",
                    assertThrows(IOException.class, n::longs).getMessage());
        }
    }
}
