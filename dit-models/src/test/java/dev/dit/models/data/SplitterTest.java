package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitterTest {

    /** n samples with one feature equal to the sample index, labels alternating. */
    static Dataset indexed(int n) {
        double[] f = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            y[i] = i % 2;
        }
        return new Dataset("indexed", f, y, new int[] {1}, 2, java.util.List.of("even", "odd"));
    }

    @Test
    void shuffleIsPinnedToSplitMix64() {
        // Expected values computed outside Java from the SplitMix64 definition, the bounded-int rule in
        // Rng and a descending Fisher-Yates shuffle: the split must not depend on the JDK release.
        DataSplit s = Splitter.split(indexed(10), 3, 3, 4, 42);
        assertArrayEquals(new int[] {8, 3, 6}, s.trainIndices());
        assertArrayEquals(new int[] {5, 4, 0}, s.valIndices());
        assertArrayEquals(new int[] {9, 2, 1, 7}, s.testIndices());
        Rng rng = new Rng(7);
        assertEquals(0.3898297483912715, rng.nextDouble(), 0);
        assertEquals(0.01678829452815611, rng.nextDouble(), 0);
    }

    @Test
    void setsAreDisjointAndRowsMatchThePool() {
        Dataset pool = indexed(100);
        DataSplit s = Splitter.split(pool, 50, 20, 25, 3);
        assertEquals(50, s.train().size());
        assertEquals(20, s.val().size());
        assertEquals(25, s.test().size());
        Set<Integer> seen = new HashSet<>();
        for (int[] idx : new int[][] {s.trainIndices(), s.valIndices(), s.testIndices()}) {
            for (int i : idx) {
                assertTrue(seen.add(i), "index " + i + " used twice");
            }
        }
        for (int k = 0; k < 25; k++) {
            int i = s.testIndices()[k];
            assertEquals(i, s.test().feature(k, 0), 0);
            assertEquals(pool.label(i), s.test().label(k));
        }
    }

    @Test
    void sameSeedSameSplitDifferentSeedDifferentSplit() {
        Dataset pool = indexed(200);
        DataSplit a = Splitter.split(pool, 100, 50, 50, 11);
        DataSplit b = Splitter.split(pool, 100, 50, 50, 11);
        DataSplit c = Splitter.split(pool, 100, 50, 50, 12);
        assertArrayEquals(a.trainIndices(), b.trainIndices());
        assertArrayEquals(a.testIndices(), b.testIndices());
        assertEquals(a.train().fingerprint(), b.train().fingerprint());
        assertFalse(Arrays.equals(a.trainIndices(), c.trainIndices()));
    }

    @Test
    void tooLargeRequestNamesTheSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splitter.split(indexed(10), 6, 3, 2, 0));
        assertTrue(e.getMessage().contains("nTrain=6") && e.getMessage().contains("nVal=3")
                && e.getMessage().contains("nTest=2") && e.getMessage().contains("= 11")
                && e.getMessage().contains("only 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splitter.split(indexed(10), -1, 0, 0, 0));
        assertEquals(0, Splitter.split(indexed(10), 10, 0, 0, 0).val().size());
    }

    @Test
    void indexArraysCannotBeChangedFromOutside() {
        DataSplit s = Splitter.split(indexed(10), 3, 3, 4, 42);
        s.trainIndices()[0] = -5;
        assertEquals(8, s.trainIndices()[0]);
    }
}
