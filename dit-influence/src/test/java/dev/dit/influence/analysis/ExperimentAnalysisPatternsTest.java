package dev.dit.influence.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExperimentAnalysisPatternsTest {

    /** Six windows; samples 0-3 are hand-made, the rest give every column spread. */
    private static double[][] matrix() {
        return new double[][] {
            {-5, -3, -1, 1, 3, 5},      // rises linearly: late bloomer
            {5, 3, 1, -1, -3, -5},      // falls linearly: early influencer
            {4, -4, 4, -4, 4, -4},      // alternating: highly fluctuating
            {0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, // flat: stable
            {1, 1, 1, 1, 1, 1},
            {-1, -1, -1, -1, -1, -1},
            {0.2, -0.2, 0.2, -0.2, 0.2, -0.2},
        };
    }

    @Test
    void handMadeSamplesAreClassified() {
        Patterns.Result r = Patterns.classify(matrix(), Patterns.Options.DEFAULT);
        assertEquals(Pattern.LATE, r.samples()[0].pattern());
        assertTrue(r.samples()[0].slope() > 0 && r.samples()[0].pValue() < 0.05);
        assertEquals(Pattern.EARLY, r.samples()[1].pattern());
        assertTrue(r.samples()[1].slope() < 0);
        assertEquals(Pattern.FLUCTUATING, r.samples()[2].pattern());
        assertEquals(5, r.samples()[2].signChanges());
        assertEquals(1.0, r.samples()[2].changeFraction(), 0.0);
        assertEquals(Pattern.STABLE, r.samples()[4].pattern());
        int total = 0;
        for (Pattern p : Pattern.values()) {
            total += r.counts().get(p);
        }
        assertEquals(7, total);
        assertEquals(1.0 / 7, r.share(Pattern.LATE), 1e-12);
    }

    @Test
    void zScoresHaveZeroMeanAndUnitSampleSd() {
        double[][] z = Patterns.zScores(matrix(), false);
        for (int w = 0; w < 6; w++) {
            double[] c = Stages.column(z, w);
            double mean = 0;
            for (double v : c) {
                mean += v;
            }
            mean /= c.length;
            double ss = 0;
            for (double v : c) {
                ss += (v - mean) * (v - mean);
            }
            assertEquals(0.0, mean, 1e-12);
            assertEquals(1.0, ss / (c.length - 1), 1e-12);
        }
    }

    @Test
    void magnitudeOptionUsesAbsoluteValues() {
        // signed: rises from -5 to 5 (late); by magnitude it falls then rises (|x|: 5,3,1,1,3,5)
        double[][] m = {{-5, -3, -1, 1, 3, 5}, {-6, -4, -2, 0, 2, 4}, {9, 6, 3, 0, -3, -6}, {0, 0, 0, 0, 0, 1}};
        Patterns.Result signed = Patterns.classify(m, Patterns.Options.DEFAULT);
        Patterns.Result mag = Patterns.classify(m, new Patterns.Options(0.45, 0.05, true));
        assertEquals(Pattern.EARLY, signed.samples()[2].pattern());
        // signed, sample 2's z-scores fall steadily; by magnitude (9,6,3,0,3,6) they fall then rise
        assertTrue(mag.samples()[2].slope() > signed.samples()[2].slope());
        double[][] zm = Patterns.zScores(m, true);
        double[][] zs = Patterns.zScores(new double[][] {{5, 3, 1, 1, 3, 5}, {6, 4, 2, 0, 2, 4}, {9, 6, 3, 0, 3, 6},
            {0, 0, 0, 0, 0, 1}}, false);
        for (int i = 0; i < 4; i++) {
            for (int w = 0; w < 6; w++) {
                assertEquals(zs[i][w], zm[i][w], 1e-12);
            }
        }
    }

    @Test
    void trendOfNoisyLineHasTheExpectedPValue() {
        // y = (0, 2, 1, 3): slope 0.8, RSS 1.8, SE sqrt(1.8 / 2 / 5), t = 1.8856 on 2 dof: p = 1 - t/sqrt(2+t^2) = 0.2
        Trend t = Trend.of(new double[] {0, 2, 1, 3});
        assertEquals(0.8, t.slope(), 1e-12);
        assertEquals(0.2, t.pValue(), 1e-9);
    }

    @Test
    void thresholdAndAlphaAreRespected() {
        double[] z = {1, -1, 1, 1, 1}; // 2 changes of 4 = 0.5
        assertEquals(Pattern.FLUCTUATING, Patterns.classifyRow(z, new Patterns.Options(0.45, 0.05, false)).pattern());
        assertEquals(Pattern.STABLE, Patterns.classifyRow(z, new Patterns.Options(0.6, 0.05, false)).pattern());
    }
}
