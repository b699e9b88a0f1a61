package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static final List<String> AB = List.of("a", "b");

    private static Dataset small() {
        return new Dataset("t", new double[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 1}, new int[] {2}, 2, AB);
    }

    @Test
    void accessors() {
        Dataset d = small();
        assertEquals(3, d.size());
        assertEquals(2, d.featureCount());
        assertTrue(d.isBinary());
        assertEquals(1, d.label(2));
        double[] dst = new double[5];
        d.copyRow(1, dst, 2);
        assertArrayEquals(new double[] {0, 0, 3, 4, 0}, dst, 0);
        assertEquals(6, d.feature(2, 1), 0);
        assertThrows(IndexOutOfBoundsException.class, () -> d.copyRow(3, dst, 0));
        assertFalse(new Dataset("m", new double[] {1}, new int[] {2}, new int[] {1}, 3, List.of("x", "y", "z")).isBinary());
    }

    @Test
    void isImmutable() {
        double[] f = {1, 2};
        int[] y = {0};
        int[] shape = {2};
        Dataset d = new Dataset("t", f, y, shape, 2, AB);
        f[0] = 99;
        y[0] = 1;
        shape[0] = 1;
        d.features()[1] = 99;
        d.labels()[0] = 1;
        assertEquals(1, d.feature(0, 0), 0);
        assertEquals(2, d.feature(0, 1), 0);
        assertEquals(0, d.label(0));
        assertArrayEquals(new int[] {2}, d.sampleShape());
    }

    @Test
    void subsetAndWithLabels() {
        Dataset d = small();
        Dataset s = d.subset(new int[] {2, 0, 2});
        assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, s.features(), 0);
        assertArrayEquals(new int[] {1, 0, 1}, s.labels());
        assertEquals(AB, s.classNames());
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[] {3}));
        Dataset w = d.withLabels(new int[] {1, 0, 0});
        assertArrayEquals(new int[] {1, 0, 0}, w.labels());
        assertArrayEquals(new int[] {0, 1, 1}, d.labels(), "original unchanged");
        assertArrayEquals(d.features(), w.features(), 0);
        assertThrows(IllegalArgumentException.class, () -> d.withLabels(new int[] {0, 2, 0}));
        assertThrows(IllegalArgumentException.class, () -> d.withLabels(new int[] {0}));
    }

    @Test
    void nonFiniteFeatureNamesRowAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dataset("t",
                new double[] {1, 2, 3, 4, 5, Double.NaN}, new int[] {0, 1, 1}, new int[] {2}, 2, AB));
        assertTrue(e.getMessage().contains("row 2, column 1") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dataset("t",
                new double[] {1, Double.POSITIVE_INFINITY}, new int[] {0}, new int[] {2}, 2, AB));
        assertTrue(e.getMessage().contains("row 0, column 1") && e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void inconsistentArgumentsAreRefused() {
        double[] f = {1, 2, 3, 4};
        assertThrows(IllegalArgumentException.class, () -> new Dataset("t", f, new int[] {0, 1}, new int[] {3}, 2, AB),
                "shape product does not divide features");
        assertThrows(IllegalArgumentException.class, () -> new Dataset("t", f, new int[] {0, 1, 0}, new int[] {2}, 2, AB),
                "label count");
        assertThrows(IllegalArgumentException.class, () -> new Dataset("t", f, new int[] {0, 2}, new int[] {2}, 2, AB),
                "label out of range");
        assertThrows(IllegalArgumentException.class, () -> new Dataset("t", f, new int[] {0, -1}, new int[] {2}, 2, AB),
                "negative label");
        assertThrows(IllegalArgumentException.class, () -> new Dataset("t", f, new int[] {0, 1}, new int[] {2}, 3, AB),
                "class names count");
        assertThrows(IllegalArgumentException.class, () -> new Dataset("t", f, new int[] {0, 0}, new int[] {2}, 1,
                List.of("a")), "one class");
        assertThrows(IllegalArgumentException.class, () -> new Dataset("t", f, new int[] {0, 1}, new int[] {2, 0}, 2, AB),
                "zero dimension");
    }

    @Test
    void fingerprintIsPinnedAndIgnoresNames() {
        Dataset d = small();
        // SHA-256 of the documented byte layout (n, rank, dims, classes, feature bits, labels; big-endian),
        // computed outside Java; a change here breaks the stability promised across runs and versions.
        assertEquals("c96cd956ad9010620ad0b20fc6d25793e8393a1c6cfe6421363373184eaec93a", d.fingerprint());
        Dataset renamed = new Dataset("other", d.features(), d.labels(), new int[] {2}, 2, List.of("x", "y"));
        assertEquals(d.fingerprint(), renamed.fingerprint());
    }

    @Test
    void fingerprintSeesEveryPart() {
        String base = small().fingerprint();
        assertNotEquals(base, new Dataset("t", new double[] {1, 2, 3, 4, 5, 6.000000000000001}, new int[] {0, 1, 1},
                new int[] {2}, 2, AB).fingerprint(), "last feature, one ulp");
        assertNotEquals(base, new Dataset("t", new double[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 0},
                new int[] {2}, 2, AB).fingerprint(), "last label");
        assertNotEquals(base, new Dataset("t", new double[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 1},
                new int[] {1, 2}, 2, AB).fingerprint(), "shape");
        assertNotEquals(base, new Dataset("t", new double[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 1},
                new int[] {2}, 3, List.of("a", "b", "c")).fingerprint(), "class count");
        Dataset zero = new Dataset("z", new double[] {0.0}, new int[] {0}, new int[] {1}, 2, AB);
        Dataset negZero = new Dataset("z", new double[] {-0.0}, new int[] {0}, new int[] {1}, 2, AB);
        assertNotEquals(zero.fingerprint(), negZero.fingerprint(), "sign bit");
    }
}
