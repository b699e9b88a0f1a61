package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsRawFilesWithScaledPixels() throws Exception {
        byte[] pixels = IdxTestFiles.rampPixels(3, 2, 2);
        pixels[11] = (byte) 255;
        Path img = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(3, 2, 2, pixels));
        Path lab = IdxTestFiles.write(dir.resolve("lab"), IdxTestFiles.labels(0, 2, 1));
        Dataset d = IdxLoader.load(img, lab);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1, 2, 2}, d.sampleShape());
        assertEquals(3, d.numClasses());
        assertArrayEquals(new int[] {0, 2, 1}, d.labels());
        double[] row = new double[4];
        d.copyRow(1, row, 0);
        assertArrayEquals(new double[] {4 / 255.0, 5 / 255.0, 6 / 255.0, 7 / 255.0}, row, 0);
        assertEquals(1.0, d.feature(2, 3), 0);
    }

    @Test
    void gzipIsDetectedByContentNotName() throws Exception {
        byte[] imagesBytes = IdxTestFiles.images(2, 1, 3, IdxTestFiles.rampPixels(2, 1, 3));
        byte[] labelsBytes = IdxTestFiles.labels(1, 0);
        Path rawImg = IdxTestFiles.write(dir.resolve("a"), imagesBytes);
        Path rawLab = IdxTestFiles.write(dir.resolve("b"), labelsBytes);
        Path gzImg = IdxTestFiles.writeGz(dir.resolve("c.bin"), imagesBytes);
        Path gzLab = IdxTestFiles.writeGz(dir.resolve("d.bin"), labelsBytes);
        Dataset raw = IdxLoader.load(rawImg, rawLab);
        Dataset gz = IdxLoader.load(gzImg, gzLab);
        assertEquals(raw.fingerprint(), gz.fingerprint());
        assertEquals(2, gz.numClasses(), "max label 1 gives a binary task");
    }

    @Test
    void refusesWrongMagicNamingFileAndOffset() throws Exception {
        Path lab = IdxTestFiles.write(dir.resolve("labels.idx"), IdxTestFiles.labels(0, 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.load(lab, lab));
        assertTrue(e.getMessage().contains("labels.idx"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 0"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801") && e.getMessage().contains("expected 0x00000803"), e.getMessage());
    }

    @Test
    void refusesTruncatedDataSayingExpectedAndActualBytes() throws Exception {
        byte[] full = IdxTestFiles.images(2, 2, 3, IdxTestFiles.rampPixels(2, 2, 3));
        Path img = IdxTestFiles.write(dir.resolve("cut.idx"), Arrays.copyOf(full, full.length - 5));
        Path lab = IdxTestFiles.write(dir.resolve("lab"), IdxTestFiles.labels(0, 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.load(img, lab));
        assertTrue(e.getMessage().contains("cut.idx"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 12 data bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("found 7"), e.getMessage());
    }

    @Test
    void refusesTruncatedHeaderAndGzipStream() throws Exception {
        Path lab = IdxTestFiles.write(dir.resolve("lab"), IdxTestFiles.labels(0, 1));
        Path shortHeader = IdxTestFiles.write(dir.resolve("short"), new byte[] {0, 0, 8, 3, 0, 0});
        assertTrue(assertThrows(DataFormatException.class, () -> IdxLoader.load(shortHeader, lab))
                .getMessage().contains("truncated header"));
        Path gz = IdxTestFiles.writeGz(dir.resolve("g"), IdxTestFiles.images(50, 4, 4, IdxTestFiles.rampPixels(50, 4, 4)));
        byte[] gzBytes = java.nio.file.Files.readAllBytes(gz);
        Path cutGz = IdxTestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gzBytes, gzBytes.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.load(cutGz, lab));
        assertTrue(e.getMessage().contains("cut.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void refusesTrailingBytes() throws Exception {
        byte[] full = IdxTestFiles.images(1, 1, 2, new byte[] {1, 2});
        Path img = IdxTestFiles.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 3));
        Path lab = IdxTestFiles.write(dir.resolve("lab"), IdxTestFiles.labels(0));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.load(img, lab));
        assertTrue(e.getMessage().contains("3 unexpected trailing bytes") && e.getMessage().contains("byte offset 18"),
                e.getMessage());
    }

    @Test
    void refusesCountMismatchNamingBothFiles() throws Exception {
        Path img = IdxTestFiles.write(dir.resolve("three.img"), IdxTestFiles.images(3, 1, 1, new byte[] {1, 2, 3}));
        Path lab = IdxTestFiles.write(dir.resolve("two.lab"), IdxTestFiles.labels(0, 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.load(img, lab));
        assertTrue(e.getMessage().contains("three.img") && e.getMessage().contains("two.lab"), e.getMessage());
        assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("2 labels"), e.getMessage());
    }

    @Test
    void refusesMissingFile() {
        Path missing = dir.resolve("nope");
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.load(missing, missing));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void refusesALabelsFileWhoseLabelsAreAllTheSame() throws Exception {
        Path img = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(3, 1, 2, IdxTestFiles.rampPixels(3, 1, 2)));
        Path lab = IdxTestFiles.write(dir.resolve("same-labels"), IdxTestFiles.labels(4, 4, 4));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.load(img, lab));
        assertTrue(e.getMessage().startsWith(lab.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("every label is 4") && e.getMessage().contains("at least 2 classes"),
                e.getMessage());
    }
}
