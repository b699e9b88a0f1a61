package dev.dit.influence.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CorrelationTest {

    private static final double EPS = 1e-12;

    @Test
    void pearsonHandComputed() {
        // means 2 and 2; deviations (-1,0,1) and (-1,1,0): sxy = 1, sxx = syy = 2
        assertEquals(0.5, Correlation.pearson(new double[] {1, 2, 3}, new double[] {1, 3, 2}), EPS);
    }

    @Test
    void pearsonIsOneForLinearRelation() {
        double[] x = {0.3, -1.2, 4.0, 2.2, 7.5};
        double[] up = new double[x.length];
        double[] down = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            up[i] = 3 * x[i] - 2;
            down[i] = -0.5 * x[i] + 10;
        }
        assertEquals(1.0, Correlation.pearson(x, up), EPS);
        assertEquals(-1.0, Correlation.pearson(x, down), EPS);
    }

    @Test
    void spearmanWithTiesHandComputed() {
        // ranks of y: (1, 2, 3.5, 5, 3.5); sum dx*dy = 8, sum dx^2 = 10, sum dy^2 = 9.5
        double rho = Correlation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7});
        assertEquals(8 / Math.sqrt(95), rho, EPS);
    }

    @Test
    void spearmanMatchesSquaredRankDifferenceFormulaWithoutTies() {
        Random random = new Random(7);
        int n = 60;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
            y[i] = x[i] + random.nextGaussian();
        }
        double[] rx = Ranks.averaged(x);
        double[] ry = Ranks.averaged(y);
        double d2 = 0;
        for (int i = 0; i < n; i++) {
            d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
        }
        double expected = 1 - 6 * d2 / (n * ((double) n * n - 1));
        assertEquals(expected, Correlation.spearman(x, y), 1e-10);
    }

    @Test
    void averagedRanks() {
        double[] r = Ranks.averaged(new double[] {10, 20, 10, 30, 10});
        assertArrayEqualsExact(new double[] {2, 4, 2, 5, 2}, r);
    }

    @Test
    void kendallWithoutTiesHandComputed() {
        // discordant pairs: (3,1), (3,2), (5,4) -> 3 of 10, so (7 - 3) / 10
        assertEquals(0.4, Correlation.kendallTauB(new double[] {1, 2, 3, 4, 5}, new double[] {3, 1, 2, 5, 4}), EPS);
    }

    @Test
    void kendallWithTiesHandComputed() {
        // 4 concordant, 0 discordant, 1 pair tied in x, 1 tied in y: 4 / sqrt(5 * 5)
        assertEquals(0.8, Correlation.kendallTauB(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 3}), EPS);
        // 2 concordant, 6 discordant, n1 = 2, n2 = 1 (one pair tied in both): -4 / sqrt(8 * 9)
        assertEquals(-4 / Math.sqrt(72),
                Correlation.kendallTauB(new double[] {12, 2, 1, 12, 2}, new double[] {1, 4, 7, 1, 0}), EPS);
    }

    @Test
    void kendallMatchesQuadraticDefinitionOnHeavilyTiedData() {
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 3 + random.nextInt(150);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(6);
                y[i] = random.nextInt(4) + 0.5 * x[i];
            }
            if (Checks.constant(x) || Checks.constant(y)) {
                continue;
            }
            assertEquals(bruteForceTauB(x, y), Correlation.kendallTauB(x, y), 1e-12, "trial " + trial);
        }
    }

    @Test
    void rankStatisticsAreInvariantUnderMonotoneTransforms() {
        Random random = new Random(3);
        int n = 80;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] expX = new double[n];
        double[] cubeY = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.round(random.nextGaussian() * 4) / 4.0; // some ties
            y[i] = x[i] + random.nextGaussian();
            expX[i] = Math.exp(x[i]);
            cubeY[i] = y[i] * y[i] * y[i];
        }
        assertEquals(Correlation.spearman(x, y), Correlation.spearman(expX, cubeY), EPS);
        assertEquals(Correlation.kendallTauB(x, y), Correlation.kendallTauB(expX, cubeY), EPS);
        assertNotEquals(Correlation.pearson(x, y), Correlation.pearson(expX, cubeY), 1e-3);
    }

    @Test
    void reversingOneVectorNegatesRankStatistics() {
        double[] x = {1, 5, 2, 2, 8, 3};
        double[] y = {2, 4, 4, 1, 9, 0};
        double[] negY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            negY[i] = -y[i];
        }
        assertEquals(-Correlation.spearman(x, y), Correlation.spearman(x, negY), EPS);
        assertEquals(-Correlation.kendallTauB(x, y), Correlation.kendallTauB(x, negY), EPS);
    }

    @Test
    void degenerateInputGivesNaN() {
        double[][][] cases = {
            {{}, {}},
            {{1, 2}, {2, 1}},
            {{1, 1, 1, 1}, {1, 2, 3, 4}},
            {{1, 2, 3, 4}, {7, 7, 7, 7}},
            {{1, Double.NaN, 3}, {1, 2, 3}},
            {{1, 2, Double.POSITIVE_INFINITY}, {1, 2, 3}},
        };
        for (double[][] c : cases) {
            assertTrue(Double.isNaN(Correlation.pearson(c[0], c[1])));
            assertTrue(Double.isNaN(Correlation.spearman(c[0], c[1])));
            assertTrue(Double.isNaN(Correlation.kendallTauB(c[0], c[1])));
        }
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Correlation.pearson(new double[3], new double[4]));
    }

    @Test
    void inputsAreNotModified() {
        double[] x = {3, 1, 2, 2};
        double[] y = {9, 8, 7, 7};
        Correlation.kendallTauB(x, y);
        Correlation.spearman(x, y);
        assertArrayEqualsExact(new double[] {3, 1, 2, 2}, x);
        assertArrayEqualsExact(new double[] {9, 8, 7, 7}, y);
    }

    static double bruteForceTauB(double[] x, double[] y) {
        long nc = 0;
        long nd = 0;
        long tx = 0;
        long ty = 0;
        long n0 = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                n0++;
                double s = Math.signum(x[i] - x[j]) * Math.signum(y[i] - y[j]);
                if (x[i] == x[j]) {
                    tx++;
                }
                if (y[i] == y[j]) {
                    ty++;
                }
                if (s > 0) {
                    nc++;
                } else if (s < 0) {
                    nd++;
                }
            }
        }
        return (nc - nd) / Math.sqrt((double) (n0 - tx) * (n0 - ty));
    }

    private static void assertArrayEqualsExact(double[] expected, double[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 0.0);
    }
}
