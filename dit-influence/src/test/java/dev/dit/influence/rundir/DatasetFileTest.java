package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dataset codec keeps every bit, picks the smallest encoding and detects damage on its own. */
class DatasetFileTest {
    @TempDir
    Path dir;

    /** All distinct values: the raw encoding is the smallest. */
    private static Dataset sample() {
        double[] x = new double[5 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i) * 1e-3;
        }
        x[8] = -0.0;
        x[9] = Double.MIN_VALUE;
        return new Dataset("pool", x, new int[] {0, 2, 1, 1, 0}, new int[] {1, 2, 3}, 3, List.of("a", "b", "c"));
    }

    /**
     * {@code n} rows of 4 features taking {@code distinct} values: 0.0, -0.0, the smallest
     * subnormals, ±Double.MAX_VALUE, then k/7 (the 0.0s and -0.0s and the subnormals and a value
     * repeated in a row test the codes, not only the palette). Every value occurs at least once.
     */
    private static Dataset withDistinct(int n, int distinct) {
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] values = new double[distinct];
        for (int k = 0; k < distinct; k++) {
            values[k] = k < special.length ? special[k] : (k - special.length + 1) / 7.0;
        }
        double[] x = new double[n * 4];
        for (int i = 0; i < x.length; i++) {
            // i < distinct: each value once; after, a scattered mix with runs of one value
            x[i] = values[i < distinct ? i : (int) ((i / 3 * 2654435761L) % distinct)];
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        return new Dataset("palette", x, y, new int[] {2, 2}, 2, List.of("no", "yes"));
    }

    /** The code width and palette size written in the file at {@code f}. */
    private static int[] encoding(Path f) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        int at = 16 + b.getInt(12);
        return new int[] {b.getInt(at), b.getInt(at + 4)};
    }

    private static long headerBytes(Path f) throws IOException {
        return 16 + ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    }

    private Dataset roundTrip(Dataset d, String name) throws IOException {
        DatasetFile.write(dir.resolve(name), d);
        Dataset r = DatasetFile.read(dir, name);
        assertEquals(d.fingerprint(), r.fingerprint());
        double[] a = d.features();
        double[] b = r.features();
        for (int k = 0; k < a.length; k++) {
            if (Double.doubleToRawLongBits(a[k]) != Double.doubleToRawLongBits(b[k])) {
                throw new AssertionError("feature " + k + ": " + a[k] + " came back as " + b[k]);
            }
        }
        assertArrayEquals(d.labels(), r.labels());
        assertArrayEquals(d.sampleShape(), r.sampleShape());
        assertEquals(d.classNames(), r.classNames());
        assertEquals(d.name(), r.name());
        return r;
    }

    @Test
    void roundTripKeepsEveryBit() throws IOException {
        Dataset d = sample();
        roundTrip(d, "d.ds");
        assertArrayEquals(new int[] {8, 0}, encoding(dir.resolve("d.ds")), "all distinct: raw doubles");
        Dataset empty = d.subset(new int[0]);
        DatasetFile.write(dir.resolve("e.ds"), empty);
        assertEquals(0, DatasetFile.read(dir, "e.ds").size());
        assertArrayEquals(new int[] {8, 0}, encoding(dir.resolve("e.ds")));
    }

    /** Around the palette limits: 256 values in u8, 257 in u16, 65 536 in u16, 65 537 raw. */
    @ParameterizedTest(name = "{1} values in {0} rows")
    @CsvSource({"1000, 1, 1", "1000, 9, 1", "1000, 256, 1", "1000, 257, 2", "30000, 65536, 2", "30000, 65537, 8"})
    void theSmallestEncodingKeepsEveryBit(int n, int distinct, int width) throws IOException {
        Dataset d = withDistinct(n, distinct);
        roundTrip(d, "p.ds");
        Path f = dir.resolve("p.ds");
        int palette = width == 8 ? 0 : distinct;
        assertArrayEquals(new int[] {width, palette}, encoding(f));
        assertEquals(headerBytes(f) + 8 + 8L * palette + (long) width * 4 * n + 4L * n + 4, Files.size(f));
    }

    @Test
    void aPaletteLargerThanTheDoublesIsNotUsed() throws IOException {
        // 220 distinct values among 240: u8 would take 8·220 + 240 bytes, more than 8·240
        Dataset d = withDistinct(60, 220);
        roundTrip(d, "q.ds");
        assertArrayEquals(new int[] {8, 0}, encoding(dir.resolve("q.ds")));
    }

    @Test
    void thePaletteIsInTotalOrder() throws IOException {
        DatasetFile.write(dir.resolve("a.ds"), withDistinct(500, 300));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("a.ds"))).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) headerBytes(dir.resolve("a.ds")) + 8;
        double previous = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 300; c++) {
            double v = b.getDouble(at + 8 * c);
            assertTrue(Double.compare(previous, v) < 0, "palette entry " + c + " = " + v + " after " + previous);
            previous = v;
        }
        assertEquals(-Double.MAX_VALUE, b.getDouble(at));
        assertEquals(Double.doubleToRawLongBits(-0.0), b.getLong(at + 8 * 2), "-MAX, -MIN_VALUE, -0.0, then 0.0");
        assertEquals(0L, b.getLong(at + 8 * 3));
    }

    @Test
    void fashionMnistPixelsTakeOneBytePerFeature() throws IOException {
        Dataset d = DataSpec.load("fashion-mnist-mini", null);
        roundTrip(d, "f.ds");
        int[] enc = encoding(dir.resolve("f.ds"));
        assertEquals(1, enc[0]);
        assertTrue(enc[1] <= 256, "pixels k/255: " + enc[1]);
        long n = d.size();
        long values = n * d.featureCount();
        assertEquals(headerBytes(dir.resolve("f.ds")) + 8 + 8L * enc[1] + values + 4 * n + 4,
                Files.size(dir.resolve("f.ds")));
    }

    @Test
    void version1FilesStillLoadRawAndGzipped() throws IOException {
        for (Dataset d : List.of(sample(), withDistinct(100, 20), sample().subset(new int[0]))) {
            byte[] v1 = LegacyRunDirectories.version1(d);
            Files.write(dir.resolve("old.ds"), v1);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("old.ds.gz")))) {
                out.write(v1);
            }
            for (String name : List.of("old.ds", "old.ds.gz")) {
                Dataset r = DatasetFile.read(dir, name);
                assertEquals(d.fingerprint(), r.fingerprint(), name);
                assertEquals(d.classNames(), r.classNames(), name);
            }
        }
    }

    @Test
    void anyFlippedByteIsDetected() throws IOException {
        for (Dataset d : List.of(sample(), withDistinct(40, 7), withDistinct(100, 257))) {
            Path f = dir.resolve("d.ds");
            DatasetFile.write(f, d);
            byte[] good = Files.readAllBytes(f);
            for (int pos = 0; pos < good.length; pos += 3) {
                byte[] b = good.clone();
                b[pos] ^= 1;
                Files.write(f, b);
                int at = pos;
                RunDirectoryException e = assertThrows(RunDirectoryException.class,
                        () -> DatasetFile.read(dir, "d.ds"), "flip at byte " + at);
                assertTrue(e.getMessage().startsWith("run directory " + dir + ": d.ds: "), e.getMessage());
            }
        }
    }

    @Test
    void aDamagedCodeIsReportedAsDamage() throws IOException {
        Path f = dir.resolve("d.ds");
        DatasetFile.write(f, withDistinct(40, 7));
        byte[] b = Files.readAllBytes(f);
        int firstCode = (int) headerBytes(f) + 8 + 8 * 7;
        b[firstCode + 5] = (byte) 200; // outside the palette, the checksum left as it was
        Files.write(f, b);
        assertEquals("run directory " + dir + ": d.ds: checksum mismatch: file is damaged",
                assertThrows(RunDirectoryException.class, () -> DatasetFile.read(dir, "d.ds")).getMessage());
    }

    /** The damage below comes with a correct checksum: the check after it must catch it. */
    @Test
    void malformedContentIsRefusedNamingTheFile() throws IOException {
        Path f = dir.resolve("d.ds");
        DatasetFile.write(f, withDistinct(40, 7));
        byte[] good = Files.readAllBytes(f);
        int enc = (int) headerBytes(f);
        int palette = enc + 8;
        int codes = palette + 8 * 7;
        String prefix = "run directory " + dir + ": d.ds: ";

        assertRefused(f, resealed(good, b -> b.putInt(8, 3)), prefix + "unsupported dataset file version 3"
                + " (this dit reads versions 1 and 2)");
        assertRefused(f, resealed(good, b -> b.put(codes + 9, (byte) 7)), prefix + "the code of the feature at row 2,"
                + " column 1 is outside the palette of 7 values");
        assertRefused(f, resealed(good, b -> b.putShort(codes + 4 * 40 - 2, (short) 0xffff)), prefix + "the code of"
                + " the feature at row 39, column 2 is outside the palette of 7 values");
        assertRefused(f, resealed(good, b -> b.putInt(enc, 3)), prefix + "unknown feature encoding: code width 3"
                + " with a palette of 7 values");
        assertRefused(f, resealed(good, b -> b.putInt(enc + 4, 257)), prefix + "unknown feature encoding: code"
                + " width 1 with a palette of 257 values");
        assertRefused(f, resealed(good, b -> b.putInt(enc + 4, 0)), prefix + "unknown feature encoding: code"
                + " width 1 with a palette of 0 values");
        assertRefused(f, resealed(good, b -> b.putLong(palette + 8, b.getLong(palette))), prefix + "palette value 1"
                + " does not come after the one before it (the palette must be distinct values in order)");
        // a palette value changed to another distinct, ordered one: only the fingerprint tells
        assertRefused(f, resealed(good, b -> b.putDouble(palette + 8 * 6, 100.0)), null);
        // datasets hold finite values only: a NaN (after +MAX in totalOrder) in the palette is refused
        assertRefused(f, resealed(good, b -> b.putLong(palette + 8 * 6, 0x7ff8000000000001L)), prefix + "invalid"
                + " dataset: dataset 'palette': feature at row 1, column 2 is NaN (must be finite)");
        assertRefused(f, resealed(good, b -> b.putInt(b.capacity() - 8, 5)), prefix + "invalid dataset: dataset"
                + " 'palette': label of row 39 is 5, outside [0, 2)");
        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 1] ^= 0x10;
        assertRefused(f, badCrc, prefix + "checksum mismatch: file is damaged");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertRefused(f, trailing, prefix + "unexpected data after the checksum");
    }

    @Test
    void truncationIsDetectedWhereverItCuts() throws IOException {
        for (Dataset d : List.of(sample(), withDistinct(40, 7), withDistinct(100, 257))) {
            Path f = dir.resolve("d.ds");
            DatasetFile.write(f, d);
            byte[] b = Files.readAllBytes(f);
            int enc = (int) headerBytes(f);
            for (int cut : new int[] {0, 5, 15, 20, enc + 3, enc + 8 + 4, b.length - 4 * d.size() - 10, b.length - 5,
                b.length - 1}) {
                assertRefused(f, Arrays.copyOf(b, cut), "run directory " + dir + ": d.ds: truncated");
            }
        }
    }

    /** The file with {@code edit} applied and its CRC-32C recomputed. */
    private static byte[] resealed(byte[] file, java.util.function.Consumer<ByteBuffer> edit) {
        ByteBuffer b = ByteBuffer.wrap(file.clone()).order(ByteOrder.LITTLE_ENDIAN);
        edit.accept(b);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.capacity() - 4);
        b.putInt(b.capacity() - 4, (int) crc.getValue());
        return b.array();
    }

    /** {@code content} is refused with {@code message}; null: a fingerprint mismatch. */
    private void assertRefused(Path f, byte[] content, String message) throws IOException {
        Files.write(f, content);
        String got = assertThrows(RunDirectoryException.class, () -> DatasetFile.read(dir, "d.ds")).getMessage();
        if (message == null) {
            assertTrue(got.matches("run directory .*: d\\.ds: content fingerprint sha256:[0-9a-f]{64} differs from the"
                    + " one in its header sha256:[0-9a-f]{64}"), got);
        } else {
            assertEquals(message, got);
        }
    }
}
