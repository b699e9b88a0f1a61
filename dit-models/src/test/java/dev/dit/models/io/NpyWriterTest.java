package dev.dit.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir
    Path dir;

    /** A minimal independent .npy v1.0 parser: descr, shape and the data bytes. */
    record Npy(String descr, long[] shape, ByteBuffer data, int headerTotal) {
        static Npy parse(byte[] file) {
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals((byte) 0x93, b.get());
            byte[] magic = new byte[5];
            b.get(magic);
            assertEquals("NUMPY", new String(magic, StandardCharsets.US_ASCII));
            assertEquals(1, b.get(), "major version");
            assertEquals(0, b.get(), "minor version");
            int hlen = Short.toUnsignedInt(b.getShort());
            String dict = new String(file, 10, hlen, StandardCharsets.US_ASCII);
            assertTrue(dict.endsWith("\n"), "header ends with a newline");
            assertEquals(0, (10 + hlen) % 64, "data starts 64-byte aligned");
            Matcher m = Pattern.compile(
                    "\\{'descr': '([<>|][a-z][0-9])', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\} *\n").matcher(dict);
            assertTrue(m.matches(), dict);
            String[] dims = m.group(2).split(",");
            long[] shape = new long[(int) java.util.Arrays.stream(dims).filter(s -> !s.isBlank()).count()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = Long.parseLong(dims[i].trim());
            }
            if (shape.length == 1) {
                assertTrue(m.group(2).endsWith(","), "1-D shape is written as (n,)");
            }
            ByteBuffer data = ByteBuffer.wrap(file, 10 + hlen, file.length - 10 - hlen).slice().order(ByteOrder.LITTLE_ENDIAN);
            return new Npy(m.group(1), shape, data, 10 + hlen);
        }
    }

    private Npy read(Path p) throws IOException {
        return Npy.parse(Files.readAllBytes(p));
    }

    @Test
    void doubles2dRoundTrip() throws IOException {
        double[] data = {1.5, -0.0, Double.NaN, 3e-310, Double.MAX_VALUE, -7};
        Path f = dir.resolve("m.npy");
        NpyWriter.write(f, data, 2, 3);
        Npy npy = read(f);
        assertEquals("<f8", npy.descr());
        assertArrayEquals(new long[] {2, 3}, npy.shape());
        assertEquals(128, npy.headerTotal(), "10-byte preamble + 61-char dict + newline, padded to 64");
        assertEquals(48, npy.data().remaining());
        for (double v : data) {
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(npy.data().getDouble()));
        }
    }

    @Test
    void intsAndLongs1d() throws IOException {
        Path i4 = dir.resolve("i.npy");
        NpyWriter.write(i4, new int[] {7, -1, Integer.MAX_VALUE}, 3);
        Npy a = read(i4);
        assertEquals("<i4", a.descr());
        assertArrayEquals(new long[] {3}, a.shape());
        assertEquals(7, a.data().getInt());
        assertEquals(-1, a.data().getInt());
        assertEquals(Integer.MAX_VALUE, a.data().getInt());
        assertFalse(a.data().hasRemaining());

        Path i8 = dir.resolve("l.npy");
        NpyWriter.write(i8, new long[] {Long.MIN_VALUE, 5}, 2);
        Npy b = read(i8);
        assertEquals("<i8", b.descr());
        assertEquals(Long.MIN_VALUE, b.data().getLong());
        assertEquals(5, b.data().getLong());
    }

    @Test
    void emptyAndLargeArrays() throws IOException {
        Path empty = dir.resolve("e.npy");
        NpyWriter.write(empty, new double[0], 0);
        assertArrayEquals(new long[] {0}, read(empty).shape());
        assertEquals(0, read(empty).data().remaining());

        int n = 3 * NpyWriter.CHUNK / 8 + 5; // spans several write chunks
        double[] big = new double[n];
        for (int i = 0; i < n; i++) {
            big[i] = i * 0.5;
        }
        Path f = dir.resolve("big.npy");
        NpyWriter.write(f, big, n);
        Npy npy = read(f);
        assertEquals(8L * n, npy.data().remaining());
        double[] back = new double[n];
        npy.data().asDoubleBuffer().get(back);
        assertArrayEquals(big, back);
    }

    @Test
    void shapeMustMatchData() {
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(dir.resolve("x.npy"), new double[5], 2, 3));
        assertFalse(Files.exists(dir.resolve("x.npy")));
    }

    @Test
    void streamedRowsEqualTheInMemoryWrite() throws IOException {
        int rows = 9;
        int cols = 3001; // rows straddle the internal chunk boundary
        double[] all = new double[rows * cols];
        Path streamed = dir.resolve("rows.npy");
        try (NpyRowWriter w = NpyWriter.openRows(streamed, rows, cols)) {
            for (int r = 0; r < rows; r++) {
                double[] row = new double[cols];
                for (int c = 0; c < cols; c++) {
                    row[c] = r * 1000.0 + c + 0.25;
                }
                System.arraycopy(row, 0, all, r * cols, cols);
                w.writeRow(row);
                assertFalse(Files.exists(streamed), "file appears only on close");
            }
            assertEquals(rows, w.rowsWritten());
            assertThrows(IllegalStateException.class, () -> w.writeRow(new double[cols]));
        }
        Path whole = dir.resolve("whole.npy");
        NpyWriter.write(whole, all, rows, cols);
        assertEquals(-1L, Files.mismatch(streamed, whole));
        assertArrayEquals(new long[] {rows, cols}, read(streamed).shape());
    }

    @Test
    void incompleteRowStreamLeavesNoFile() throws IOException {
        Path f = dir.resolve("rows.npy");
        NpyRowWriter w = NpyWriter.openRows(f, 3, 2);
        w.writeRow(new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> w.writeRow(new double[3]));
        IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
        assertTrue(e.getMessage().contains("only 1 of 3 rows"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    /** The interpreter for the optional numpy check: $DIT_PYTHON, else /usr/bin/python3. */
    private static final String PYTHON = System.getenv().getOrDefault("DIT_PYTHON", "/usr/bin/python3");

    @Test
    void numpyReadsItWhenAvailable() throws Exception {
        Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy not available");
        Path f = dir.resolve("np.npy");
        NpyWriter.write(f, new double[] {1, 2, 3, 4, 5, 6.5}, 3, 2);
        Path g = dir.resolve("npi.npy");
        NpyWriter.write(g, new int[] {4, -5}, 2);
        Process p = new ProcessBuilder(PYTHON, "-c",
                "import numpy as np,sys; a=np.load(sys.argv[1]); b=np.load(sys.argv[2]);"
                        + "print(a.dtype, a.shape, a[2,1], b.dtype, b.tolist())", f.toString(), g.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals("float64 (3, 2) 6.5 int32 [4, -5]", out);
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
