package dev.dit.influence.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExperimentAnalysisDetectionTest {
    @Test
    void perfectRankingHasPrecisionOneAndAucOne() {
        double[] scores = {0.5, -3, 0.2, -2, 0.9, 0.1};
        boolean[] bad = {false, true, false, true, false, false};
        Detection.Result r = Detection.evaluate(scores, bad);
        assertEquals(2, r.k());
        assertEquals(1.0, r.precisionAtK(), 0.0);
        assertEquals(1.0, r.recallAtK(), 0.0);
        assertEquals(1.0, r.rocAuc(), 0.0);
        assertArrayEquals(new int[] {1, 3}, r.flagged());
        assertEquals(6, r.curve().precision().length);
        assertEquals(2.0 / 6, r.curve().precision()[5], 1e-12);
    }

    @Test
    void reversedRankingHasAucZero() {
        double[] scores = {-1, 3, -2, 2};
        boolean[] bad = {false, true, false, true};
        Detection.Result r = Detection.evaluate(scores, bad);
        assertEquals(0.0, r.precisionAtK(), 0.0);
        assertEquals(0.0, r.rocAuc(), 0.0);
        assertEquals(0.5, r.curve().recall()[2], 0.0);
    }

    @Test
    void needsCorruptedSamples() {
        assertThrows(IllegalArgumentException.class, () -> Detection.evaluate(new double[] {1, 2}, new boolean[2]));
    }

    @Test
    void samplingIsSeededAndDistinct() {
        int[] a = Sampling.choose(100, 10, 7);
        assertArrayEquals(a, Sampling.choose(100, 10, 7));
        assertEquals(10, java.util.Arrays.stream(a).distinct().count());
        assertEquals(5, Sampling.choose(5, 0, 1).length);
    }
}
