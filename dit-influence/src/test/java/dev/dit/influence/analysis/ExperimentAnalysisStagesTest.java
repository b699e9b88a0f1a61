package dev.dit.influence.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExperimentAnalysisStagesTest {
    @Test
    void thirdsCoverAllEpochs() {
        assertArrayEquals(new int[][] {{1, 5}, {6, 10}, {11, 15}}, Stages.thirds(15));
        assertArrayEquals(new int[][] {{1, 1}, {2, 3}, {4, 4}}, Stages.thirds(4));
        assertEquals("epochs:1-2,epochs:3-5,epochs:6-7", Stages.thirdsSpec(7));
        assertThrows(IllegalArgumentException.class, () -> Stages.thirds(2));
    }

    @Test
    void correlationMatrixOfKnownColumns() {
        // column 1 = 2 * column 0; column 2 = reversed order of column 0
        double[][] m = {{1, 2, 4}, {2, 4, 3}, {3, 6, 2}, {4, 8, 1}};
        double[][] p = Stages.matrix(m, Stages.Measure.PEARSON);
        assertEquals(1.0, p[0][1], 1e-12);
        assertEquals(-1.0, p[0][2], 1e-12);
        assertEquals(p[2][0], p[0][2], 0.0);
        double[][] k = Stages.matrix(m, Stages.Measure.KENDALL);
        assertEquals(-1.0, k[1][2], 1e-12);
        assertEquals(1.0, k[2][2], 1e-12);
        assertArrayEquals(new double[] {-1, -1, -1}, Stages.all(Stages.column(m, 0), Stages.column(m, 2)), 1e-12);
    }
}
