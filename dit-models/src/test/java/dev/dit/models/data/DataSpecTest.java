package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSpecTest {

    @TempDir
    Path dir;

    @Test
    void blobsDefaultsAndOptions() {
        Dataset d = DataSpec.load("blobs", null);
        assertEquals(600, d.size());
        assertEquals(10, d.featureCount());
        assertEquals(2, d.numClasses());
        Dataset e = DataSpec.load("blobs:n=30,d=3,k=3,sep=1.5,seed=4", null);
        assertEquals(30, e.size());
        assertArrayEquals(new int[] {3}, e.sampleShape());
        assertEquals(3, e.numClasses());
        assertEquals("blobs:n=30,d=3,k=3,sep=1.5,seed=4", e.name());
    }

    @Test
    void syntheticDataIsSeeded() {
        assertEquals(DataSpec.load("moons:n=50,seed=3", null).fingerprint(),
                DataSpec.load("moons:n=50,seed=3", null).fingerprint());
        assertNotEquals(DataSpec.load("moons:n=50,seed=3", null).fingerprint(),
                DataSpec.load("moons:n=50,seed=4", null).fingerprint());
        assertNotEquals(DataSpec.load("blobs:n=50,seed=3", null).fingerprint(),
                DataSpec.load("blobs:n=50,seed=4", null).fingerprint());
    }

    @Test
    void blobCentresAreSeparatedAsDocumented() {
        Dataset d = Synthetic.blobs(4000, 3, 2, 4.0, 1);
        double[][] mean = new double[2][3];
        for (int i = 0; i < d.size(); i++) {
            for (int j = 0; j < 3; j++) {
                mean[d.label(i)][j] += d.feature(i, j) / 2000;
            }
        }
        assertArrayEquals(new double[] {2, 0, 0}, mean[0], 0.1);
        assertArrayEquals(new double[] {-2, 0, 0}, mean[1], 0.1);
        Dataset four = Synthetic.blobs(8, 2, 4, 1.0, 0); // centres on a square of side 1
        assertEquals(4, four.numClasses());
    }

    @Test
    void moonsWithoutNoiseLieOnTheirArcs() {
        Dataset d = Synthetic.moons(40, 0, 2);
        for (int i = 0; i < d.size(); i++) {
            double x = d.feature(i, 0);
            double y = d.feature(i, 1);
            double r = d.label(i) == 0 ? Math.hypot(x, y) : Math.hypot(1 - x, 0.5 - y);
            assertEquals(1.0, r, 1e-12);
            assertTrue(d.label(i) == 0 ? y >= 0 : y <= 0.5);
        }
    }

    @Test
    void csvAndIdxSpecs() throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "y,a,b\nno,1,2\nyes,3,4\n");
        Dataset d = DataSpec.load("csv:" + f + ":label=y", null);
        assertEquals(2, d.size());
        assertEquals(java.util.List.of("no", "yes"), d.classNames());
        assertEquals(d.fingerprint(), DataSpec.load("csv:" + f + ":label=0", null).fingerprint());
        Path img = IdxTestFiles.write(dir.resolve("i"), IdxTestFiles.images(2, 1, 1, new byte[] {0, 1}));
        Path lab = IdxTestFiles.write(dir.resolve("l"), IdxTestFiles.labels(0, 1));
        assertEquals(2, DataSpec.load("idx:" + img + "," + lab, null).size());
    }

    @Test
    void malformedSpecsAreRefused() {
        for (String bad : new String[] {"", "cifar", "blobs:n=ten", "blobs:x=1", "blobs:n=5,n=6", "moons:noise=-1",
                "idx:only-one", "csv:", "fashion-mnist:pullover,jacket", "blobs:k=1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.load(bad, null), bad);
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.load("cifar:x", null));
        assertTrue(e.getMessage().contains("'cifar'") && e.getMessage().contains("moons"), e.getMessage());
    }
}
