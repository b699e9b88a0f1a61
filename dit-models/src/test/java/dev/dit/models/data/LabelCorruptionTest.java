package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelCorruptionTest {

    @Test
    void binaryFlipsExactlyTheRoundedCount() {
        Dataset train = SplitterTest.indexed(25);
        CorruptedLabels c = LabelCorruption.corrupt(train, 0.1, 5);
        int[] idx = c.corruptedIndices();
        assertEquals(3, idx.length, "round(2.5) = 3");
        for (int k = 1; k < idx.length; k++) {
            assertTrue(idx[k - 1] < idx[k], "sorted and distinct: " + Arrays.toString(idx));
        }
        int changed = 0;
        for (int i = 0; i < train.size(); i++) {
            boolean listed = Arrays.binarySearch(idx, i) >= 0;
            if (listed) {
                assertEquals(1 - train.label(i), c.dataset().label(i));
            } else {
                assertEquals(train.label(i), c.dataset().label(i));
            }
            changed += train.label(i) != c.dataset().label(i) ? 1 : 0;
        }
        assertEquals(3, changed);
        assertArrayEquals(train.features(), c.dataset().features(), 0);
        assertEquals(train.fingerprint(), SplitterTest.indexed(25).fingerprint(), "input untouched");
    }

    @Test
    void multiClassDrawsADifferentClass() {
        int n = 300;
        int k = 4;
        double[] f = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
        }
        Dataset train = new Dataset("m", f, y, new int[] {1}, k, Dataset.numberedClassNames(k));
        CorruptedLabels c = LabelCorruption.corrupt(train, 0.5, 9);
        assertEquals(150, c.corruptedIndices().length);
        int[][] transitions = new int[k][k];
        for (int i : c.corruptedIndices()) {
            assertNotEquals(train.label(i), c.dataset().label(i));
            transitions[train.label(i)][c.dataset().label(i)]++;
        }
        int used = 0;
        for (int[] row : transitions) {
            for (int count : row) {
                used += count > 0 ? 1 : 0;
            }
        }
        assertEquals(k * (k - 1), used, "every wrong class is reachable: " + Arrays.deepToString(transitions));
    }

    @Test
    void deterministicPerSeedAndBounded() {
        Dataset train = SplitterTest.indexed(100);
        assertArrayEquals(LabelCorruption.corrupt(train, 0.2, 1).corruptedIndices(),
                LabelCorruption.corrupt(train, 0.2, 1).corruptedIndices());
        assertFalse(Arrays.equals(LabelCorruption.corrupt(train, 0.2, 1).corruptedIndices(),
                LabelCorruption.corrupt(train, 0.2, 2).corruptedIndices()));
        assertEquals(0, LabelCorruption.corrupt(train, 0, 1).corruptedIndices().length);
        assertEquals(100, LabelCorruption.corrupt(train, 1, 1).corruptedIndices().length);
        assertThrows(IllegalArgumentException.class, () -> LabelCorruption.corrupt(train, 1.01, 1));
        assertThrows(IllegalArgumentException.class, () -> LabelCorruption.corrupt(train, Double.NaN, 1));
    }
}
