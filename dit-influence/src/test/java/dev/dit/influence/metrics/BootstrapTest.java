package dev.dit.influence.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    @Test
    void quantileInterpolatesBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(2.0, Bootstrap.quantile(sorted, 0.25), 1e-15);
        assertEquals(1.4, Bootstrap.quantile(sorted, 0.10), 1e-15);
        assertEquals(5.0, Bootstrap.quantile(sorted, 1.0), 1e-15);
    }

    @Test
    void sameSeedSameIntervalOtherSeedOtherInterval() {
        double[][] xy = noisyPair(50, 1);
        Interval a = new Bootstrap(42, 300).interval(xy[0], xy[1], Correlation::spearman);
        Interval b = new Bootstrap(42, 300).interval(xy[0], xy[1], Correlation::spearman);
        Interval c = new Bootstrap(43, 300).interval(xy[0], xy[1], Correlation::spearman);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertTrue(a.lo() < a.hi());
        assertTrue(a.contains(Correlation.spearman(xy[0], xy[1])));
    }

    @Test
    void resamplesDrawIndicesWithReplacement() {
        Bootstrap bootstrap = new Bootstrap(9, 50);
        double[] distinct = bootstrap.replicates(20, idx -> java.util.Arrays.stream(idx).distinct().count());
        double[] maxIndex = bootstrap.replicates(20, idx -> java.util.Arrays.stream(idx).max().orElse(-1));
        for (int b = 0; b < distinct.length; b++) {
            assertTrue(distinct[b] < 20, "a resample of 20 almost surely repeats an index");
            assertTrue(maxIndex[b] < 20);
        }
        assertArrayEquals(distinct, bootstrap.replicates(20, idx -> java.util.Arrays.stream(idx).distinct().count()));
    }

    @Test
    void intervalOfMeanMatchesNormalTheory() {
        Random random = new Random(1);
        int n = 400;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian() * 2 + 5;
        }
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (n - 1));
        Interval ci = new Bootstrap(3, 1000).interval(n, idx -> {
            double s = 0;
            for (int i : idx) {
                s += x[i];
            }
            return s / idx.length;
        });
        double halfWidth = 1.96 * sd / Math.sqrt(n);
        assertEquals(mean - halfWidth, ci.lo(), 0.2 * halfWidth);
        assertEquals(mean + halfWidth, ci.hi(), 0.2 * halfWidth);
    }

    @Test
    void labelledStatisticSeesAlignedResamples() {
        double[] s = {-3, -2, -1, 0, 1, 2, 3, 4};
        boolean[] p = {true, true, true, false, false, false, false, false};
        Interval ci = new Bootstrap(5, 200).interval(s, p, (sc, pos) -> Retrieval.rocAuc(sc, pos, Direction.LOWEST_FIRST));
        // perfect separation survives every resample (NaN resamples without both classes are dropped)
        assertEquals(new Interval(1.0, 1.0), ci);
    }

    @Test
    void mostlyUndefinedReplicatesGiveUndefinedInterval() {
        Interval ci = new Bootstrap(1, 100).interval(10, idx -> Double.NaN);
        assertFalse(ci.isDefined());
        assertEquals(Interval.UNDEFINED, new Bootstrap(1, 100).interval(0, idx -> 1.0));
    }

    static double[][] noisyPair(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
            y[i] = x[i] + 0.7 * random.nextGaussian();
        }
        return new double[][] {x, y};
    }
}
