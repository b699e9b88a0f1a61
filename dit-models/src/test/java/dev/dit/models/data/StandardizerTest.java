package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    private static Dataset rows(double... f) {
        int n = f.length / 2;
        return new Dataset("s", f, new int[n], new int[] {2}, 2, List.of("a", "b"));
    }

    @Test
    void fitsOnTrainAndAppliesTrainStatisticsElsewhere() {
        // feature 0: 1, 3, 5 -> mean 3, population std sqrt(8/3); feature 1 constant 7 -> std 1
        Standardizer s = Standardizer.fit(rows(1, 7, 3, 7, 5, 7));
        assertArrayEquals(new double[] {3, 7}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), 1}, s.std(), 1e-12);
        Dataset test = s.apply(rows(3 + Math.sqrt(8.0 / 3), 9));
        assertEquals(1.0, test.feature(0, 0), 1e-12);
        assertEquals(2.0, test.feature(0, 1), 1e-12);
        Dataset train = s.apply(rows(1, 7, 3, 7, 5, 7));
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < 3; i++) {
            sum += train.feature(i, 0);
            sq += train.feature(i, 0) * train.feature(i, 0);
        }
        assertEquals(0, sum, 1e-12);
        assertEquals(3, sq, 1e-12);
    }

    @Test
    void largeOffsetsStayAccurate() {
        Standardizer s = Standardizer.fit(rows(1e9 + 1, 0, 1e9 + 2, 0, 1e9 + 3, 0));
        assertEquals(Math.sqrt(2.0 / 3), s.std()[0], 1e-9);
    }

    @Test
    void refusesEmptyOrMismatchedData() {
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(rows()));
        Standardizer s = Standardizer.fit(rows(1, 2));
        Dataset three = new Dataset("t", new double[3], new int[1], new int[] {3}, 2, List.of("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> s.apply(three));
    }
}
