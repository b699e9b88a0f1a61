package dev.dit.influence.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RetrievalTest {

    private static final double[] SCORES = {-3, -2, -1, 0, 1};
    private static final boolean[] POSITIVE = {true, false, true, false, false};

    @Test
    void precisionAndRecallHandComputed() {
        Direction low = Direction.LOWEST_FIRST;
        assertEquals(1.0, Retrieval.precisionAtK(SCORES, POSITIVE, 1, low));
        assertEquals(0.5, Retrieval.precisionAtK(SCORES, POSITIVE, 2, low));
        assertEquals(2.0 / 3, Retrieval.precisionAtK(SCORES, POSITIVE, 3, low), 1e-15);
        assertEquals(0.5, Retrieval.recallAtK(SCORES, POSITIVE, 1, low));
        assertEquals(1.0, Retrieval.recallAtK(SCORES, POSITIVE, 3, low));
        // highest first: 1, 0, -1, ...: the first positive is third
        assertEquals(0.0, Retrieval.precisionAtK(SCORES, POSITIVE, 2, Direction.HIGHEST_FIRST));
        assertEquals(0.5, Retrieval.recallAtK(SCORES, POSITIVE, 3, Direction.HIGHEST_FIRST));
        assertTrue(Double.isNaN(Retrieval.recallAtK(SCORES, new boolean[5], 2, low)));
    }

    @Test
    void curveAgreesWithPointwiseMetrics() {
        PrecisionRecallCurve curve = Retrieval.precisionRecallCurve(SCORES, POSITIVE, Direction.LOWEST_FIRST);
        assertEquals(5, curve.precision().length);
        for (int k = 1; k <= 5; k++) {
            assertEquals(Retrieval.precisionAtK(SCORES, POSITIVE, k, Direction.LOWEST_FIRST), curve.precision()[k - 1]);
            assertEquals(Retrieval.recallAtK(SCORES, POSITIVE, k, Direction.LOWEST_FIRST), curve.recall()[k - 1]);
            assertEquals(k, curve.cutoffs()[k - 1]);
        }
    }

    @Test
    void aucHandComputed() {
        // positives at ranks 1 and 3 of 5: they beat 3 + 2 of the 6 positive/negative pairs
        assertEquals(5.0 / 6, Retrieval.rocAuc(SCORES, POSITIVE, Direction.LOWEST_FIRST), 1e-15);
        assertEquals(1.0 / 6, Retrieval.rocAuc(SCORES, POSITIVE, Direction.HIGHEST_FIRST), 1e-15);
        // a tie with one negative counts 1/2, beating the other counts 1
        assertEquals(0.75, Retrieval.rocAuc(new double[] {0, 0, 1}, new boolean[] {true, false, false}, Direction.LOWEST_FIRST));
    }

    @Test
    void aucPerfectRandomAndUndefined() {
        boolean[] pos = {true, true, false, false, false};
        assertEquals(1.0, Retrieval.rocAuc(new double[] {-9, -8, 1, 2, 3}, pos, Direction.LOWEST_FIRST));
        assertEquals(0.0, Retrieval.rocAuc(new double[] {-9, -8, 1, 2, 3}, pos, Direction.HIGHEST_FIRST));
        assertEquals(0.5, Retrieval.rocAuc(new double[] {4, 4, 4, 4, 4}, pos, Direction.LOWEST_FIRST));
        assertTrue(Double.isNaN(Retrieval.rocAuc(new double[] {1, 2}, new boolean[] {true, true}, Direction.LOWEST_FIRST)));
        assertTrue(Double.isNaN(Retrieval.rocAuc(new double[] {1, 2}, new boolean[2], Direction.LOWEST_FIRST)));
    }

    @Test
    void aucMatchesPairwiseDefinitionWithTies() {
        Random random = new Random(5);
        int n = 120;
        double[] s = new double[n];
        boolean[] p = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextInt(3) == 0;
            s[i] = random.nextInt(10) - (p[i] ? 2 : 0);
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (p[i] && !p[j]) {
                    pairs++;
                    wins += s[i] < s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, Retrieval.rocAuc(s, p, Direction.LOWEST_FIRST), 1e-12);
        assertEquals(1 - wins / pairs, Retrieval.rocAuc(s, p, Direction.HIGHEST_FIRST), 1e-12);
    }
}
