package dev.dit.influence.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void kForFraction() {
        assertEquals(3, TopK.kForFraction(30, 0.10));
        assertEquals(4, TopK.kForFraction(31, 0.10));
        assertEquals(1, TopK.kForFraction(5, 0.10));
        assertEquals(7, TopK.kForFraction(7, 1.0));
    }

    @Test
    void selectionsFollowDirectionAndBreakTiesByIndex() {
        double[] s = {1, 0, 0, 2, -3};
        assertArrayEquals(new int[] {4, 1, 2}, TopK.bySign(s, 3, Direction.LOWEST_FIRST));
        assertArrayEquals(new int[] {3, 0}, TopK.bySign(s, 2, Direction.HIGHEST_FIRST));
        assertArrayEquals(new int[] {4, 3, 0}, TopK.byMagnitude(s, 3));
    }

    @Test
    void jaccardHandComputed() {
        double[] a = {-5, -4, -3, 1, 2, 3};
        double[] b = {-5, 1, -4, 2, -3, 3};
        // lowest two: {0, 1} vs {0, 2}; highest two: {5, 4} vs {5, 3}: one shared of three
        assertEquals(1.0 / 3, TopK.jaccardBySign(a, b, 2, Direction.LOWEST_FIRST), 1e-15);
        assertEquals(1.0 / 3, TopK.jaccardBySign(a, b, 2, Direction.HIGHEST_FIRST), 1e-15);
        // lowest three: {0, 1, 2} vs {0, 2, 4}: two shared of four
        assertEquals(0.5, TopK.jaccardBySign(a, b, 3, Direction.LOWEST_FIRST), 1e-15);
        assertEquals(1.0, TopK.jaccardBySign(a, b, 6, Direction.LOWEST_FIRST), 1e-15);
    }

    @Test
    void signAndMagnitudeDiffer() {
        double[] a = {-1, -2, 10, 0.5};
        double[] b = {-2, -1, 9, 0.1};
        assertEquals(0.0, TopK.jaccardBySign(a, b, 1, Direction.LOWEST_FIRST));
        assertEquals(1.0, TopK.jaccardByMagnitude(a, b, 1));
    }

    @Test
    void degenerateAndInvalid() {
        assertTrue(Double.isNaN(TopK.jaccardBySign(new double[] {1, 1, 1}, new double[] {1, 2, 3}, 1, Direction.LOWEST_FIRST)));
        assertTrue(Double.isNaN(TopK.jaccardByMagnitude(new double[] {1, -1, 1}, new double[] {1, 2, 3}, 1)));
        assertThrows(IllegalArgumentException.class, () -> TopK.jaccardByMagnitude(new double[3], new double[3], 4));
        assertThrows(IllegalArgumentException.class, () -> TopK.jaccardByMagnitude(new double[3], new double[3], 0));
    }
}
