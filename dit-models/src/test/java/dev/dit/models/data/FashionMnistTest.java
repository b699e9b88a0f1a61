package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void classNamesAndAliases() {
        assertEquals(0, FashionMnist.classIndex("tshirt"));
        assertEquals(0, FashionMnist.classIndex("T-Shirt"));
        assertEquals(0, FashionMnist.classIndex("top"));
        assertEquals(9, FashionMnist.classIndex("ankle_boot"));
        assertEquals(9, FashionMnist.classIndex("boot"));
        assertEquals(9, FashionMnist.classIndex("ankle-boot"));
        assertEquals(2, FashionMnist.classIndex(" Pullover "));
        assertArrayEquals(new int[] {2, 4}, FashionMnist.parseClasses("pullover,coat"));
        assertArrayEquals(new int[] {4, 2, 7}, FashionMnist.parseClasses("coat,pullover,sneaker"));
        assertEquals(10, FashionMnist.parseClasses(null).length);
    }

    @Test
    void badClassListsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnist.parseClasses("pullover,jacket"));
        assertTrue(e.getMessage().contains("'jacket'") && e.getMessage().contains("t-shirt/top, trouser, pullover"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FashionMnist.parseClasses("coat"));
        assertThrows(IllegalArgumentException.class, () -> FashionMnist.parseClasses("coat,Coat"));
        assertThrows(IllegalArgumentException.class, () -> FashionMnist.parseClasses("coat,"));
    }

    @Test
    void missingDirectoryTellsHowToGetTheData() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> FashionMnist.load("pullover,coat", dir.resolve("absent"), FashionMnist.Part.ALL));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void selectsAndRelabelsClassesFromTinyFiles() throws Exception {
        // train: labels 2,4,0,4 ; test: 9,2 ; each 1x1 "image" holds its own index
        IdxTestFiles.writeGz(dir.resolve("train-images-idx3-ubyte.gz"), IdxTestFiles.images(4, 1, 1, new byte[] {0, 1, 2, 3}));
        IdxTestFiles.writeGz(dir.resolve("train-labels-idx1-ubyte.gz"), IdxTestFiles.labels(2, 4, 0, 4));
        IdxTestFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxTestFiles.images(2, 1, 1, new byte[] {10, 11}));
        IdxTestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxTestFiles.labels(9, 2));

        Dataset pair = FashionMnist.load("coat,pullover", dir, FashionMnist.Part.ALL);
        assertEquals("fashion-mnist:coat,pullover", pair.name());
        assertEquals(List.of("coat", "pullover"), pair.classNames());
        assertArrayEquals(new int[] {1, 0, 0, 1}, pair.labels());
        assertArrayEquals(new double[] {0, 1 / 255.0, 3 / 255.0, 11 / 255.0}, pair.features(), 1e-15);

        Dataset all = FashionMnist.load(null, dir, FashionMnist.Part.TEST);
        assertEquals(10, all.numClasses());
        assertArrayEquals(new int[] {9, 2}, all.labels());
        assertEquals(4, FashionMnist.load("", dir, FashionMnist.Part.TRAIN).size());

        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> FashionMnist.load(null, dir, FashionMnist.Part.ALL));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void realDebianPackagePairHasOfficialCounts() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        Dataset pair = DataSpec.load("fashion-mnist:pullover,coat", null);
        assertEquals(2 * (FashionMnist.TRAIN_PER_CLASS + FashionMnist.TEST_PER_CLASS), pair.size());
        assertArrayEquals(new int[] {1, 28, 28}, pair.sampleShape());
        int[] counts = new int[2];
        int[] trainCounts = new int[2];
        for (int i = 0; i < pair.size(); i++) {
            counts[pair.label(i)]++;
            if (i < 2 * FashionMnist.TRAIN_PER_CLASS) {
                trainCounts[pair.label(i)]++;
            }
        }
        assertArrayEquals(new int[] {7000, 7000}, counts);
        assertArrayEquals(new int[] {6000, 6000}, trainCounts, "training images come first");
        // The bundled subset starts with the first pullover and coat images of the official training file.
        Dataset mini = BundledFashionMnist.load();
        int firstPullover = firstIndexOf(pair, 0);
        int firstCoat = firstIndexOf(pair, 1);
        assertArrayEquals(row(pair, firstPullover), row(mini, firstIndexOf(mini, 0)), 0);
        assertArrayEquals(row(pair, firstCoat), row(mini, firstIndexOf(mini, 1)), 0);
    }

    private static int firstIndexOf(Dataset d, int label) {
        for (int i = 0; i < d.size(); i++) {
            if (d.label(i) == label) {
                return i;
            }
        }
        throw new AssertionError("no label " + label);
    }

    private static double[] row(Dataset d, int i) {
        double[] r = new double[d.featureCount()];
        d.copyRow(i, r, 0);
        return r;
    }
}
