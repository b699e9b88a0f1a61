package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void constantFeaturesAreCentredNeverNaN() {
        Standardizer s = Standardizer.fit(rows(5, 1, 5, 2, 5, 3));
        assertArrayEquals(new double[] {1, Math.sqrt(2.0 / 3)}, s.scale(), 1e-15);
        Dataset t = s.apply(rows(5, 1, 5, 2, 5, 3));
        for (double v : t.features()) {
            assertTrue(Double.isFinite(v));
        }
        assertEquals(0.0, t.feature(0, 0));
        assertEquals(-1, s.firstUnstandardisedFeature(t));
    }

    @Test
    void recordedStatisticsReproduceTheResultBitForBit() {
        Standardizer fitted = Standardizer.fit(rows(1.1, -3, 2.7, 8, 0.3, 4.5, 9.25, 1e4));
        Standardizer copy = Standardizer.of(fitted.mean(), fitted.scale());
        assertEquals(fitted, copy);
        Dataset raw = rows(0.5, 2, 7, -1);
        assertArrayEquals(fitted.apply(raw).features(), copy.apply(raw).features(), 0);
        double[] x = raw.features();
        assertEquals((x[1] - fitted.mean()[1]) / fitted.scale()[1], copy.apply(raw).feature(0, 1), 0);
    }

    @Test
    void ofRefusesBadStatisticsNamingTheFeature() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new double[] {0, 0}, new double[] {1, 0}));
        assertTrue(e.getMessage().contains("scale of feature 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(new double[] {0}, new double[] {1, 1}));
    }

    @Test
    void unstandardisedDataIsNoticed() {
        Dataset raw = rows(1, 7, 3, 8, 5, 9);
        Standardizer s = Standardizer.fit(raw);
        assertEquals(-1, s.firstUnstandardisedFeature(s.apply(raw)));
        assertEquals(0, s.firstUnstandardisedFeature(raw));
    }

    @Test
    void defaultScalingIsZForCsvOnly() {
        assertEquals(FeatureScaling.Z, FeatureScaling.defaultFor("csv:a.csv:label=y"));
        for (String spec : new String[] {"fashion-mnist-mini", "fashion-mnist:pullover,coat", "idx:a,b", "blobs", "moons:n=9"}) {
            assertEquals(FeatureScaling.NONE, FeatureScaling.defaultFor(spec), spec);
        }
        assertEquals(FeatureScaling.Z, FeatureScaling.parse("Z"));
        assertThrows(IllegalArgumentException.class, () -> FeatureScaling.parse("minmax"));
    }
}
