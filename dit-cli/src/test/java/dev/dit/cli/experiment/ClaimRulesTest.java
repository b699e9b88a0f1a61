package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dit.cli.experiment.ClaimRules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made inputs that must give each verdict of each rule, as the rule texts state them. */
class ClaimRulesTest {
    private static SeedStats s(double mean, double lo, double hi) {
        return SeedStats.of(mean, lo, hi);
    }

    @Test
    void patternsReproducedWhenEveryMeanShareIsWithinFivePoints() {
        // 1.6, 3.7, 1.6 and 0.5 points from 66.6 / 10.3 / 20.6 / 2.5
        assertEquals(Verdict.REPRODUCED, ClaimRules.patterns(new SeedStats[] {s(65, 60, 70), s(14.0, 13.5, 14.5),
            s(19, 15, 23), s(2, 0, 4)}));
    }

    @Test
    void patternsAWideIntervalDoesNotHelp() {
        // late: 40 is 19.4 points away; its interval [-200, 280] contains 20.6 but must not count
        assertEquals(Verdict.PARTLY, ClaimRules.patterns(new SeedStats[] {s(50, -100, 200), s(5, 4, 6), s(40, -200, 280),
            s(5, 4, 6)}));
    }

    @Test
    void patternsPartlyWhenStableIsLargestButAShareMisses() {
        // late 40 +- 1 is far from 20.6; stable 50 still the largest
        assertEquals(Verdict.PARTLY, ClaimRules.patterns(new SeedStats[] {s(50, 49, 51), s(5, 4, 6), s(40, 39, 41),
            s(5, 4, 6)}));
    }

    @Test
    void patternsNotReproducedWhenStableIsNotTheLargest() {
        assertEquals(Verdict.NOT_REPRODUCED, ClaimRules.patterns(new SeedStats[] {s(30, 29, 31), s(5, 4, 6), s(60, 59, 61),
            s(5, 4, 6)}));
    }

    @Test
    void patternsSixPointsAwayMisses() {
        assertEquals(Verdict.PARTLY, ClaimRules.patterns(new SeedStats[] {s(60.5, 60, 61), s(10.3, 10, 11), s(20.6, 20, 21),
            s(2.5, 2, 3)}));
    }

    @Test
    void stagesByDefinition() {
        SeedStats weak = s(0.1, 0.0, 0.2);
        SeedStats strong = s(0.7, 0.6, 0.8);
        SeedStats borderline = s(0.25, 0.1, 0.4); // mean weak, interval reaches 0.3
        assertEquals(Verdict.REPRODUCED, ClaimRules.stages(weak, weak));
        assertEquals(Verdict.PARTLY, ClaimRules.stages(weak, strong));
        assertEquals(Verdict.PARTLY, ClaimRules.stages(strong, weak));
        assertEquals(Verdict.PARTLY, ClaimRules.stages(borderline, strong));
        assertEquals(Verdict.NOT_REPRODUCED, ClaimRules.stages(strong, strong));
        assertEquals(Verdict.NOT_REPRODUCED, ClaimRules.stages(s(-0.5, -0.6, -0.4), strong)); // strong negative is not weak
    }

    @Test
    void detectionByRate() {
        SeedStats better = s(0.1, 0.05, 0.15);
        SeedStats unsure = s(0.05, -0.02, 0.12);
        SeedStats worse = s(-0.1, -0.15, -0.05);
        assertEquals(Verdict.REPRODUCED, ClaimRules.detection(List.of(better, better)));
        assertEquals(Verdict.PARTLY, ClaimRules.detection(List.of(better, worse)));
        assertEquals(Verdict.PARTLY, ClaimRules.detection(List.of(unsure, worse)));
        assertEquals(Verdict.NOT_REPRODUCED, ClaimRules.detection(List.of(worse, s(0, -0.1, 0.1))));
        assertEquals(Verdict.NOT_REPRODUCED, ClaimRules.detection(List.of()));
    }

    @Test
    void correlation() {
        assertEquals(Verdict.REPRODUCED, ClaimRules.correlation(s(0.985, 0.98, 0.99)));
        assertEquals(Verdict.PARTLY, ClaimRules.correlation(s(0.92, 0.88, 0.96)));
        assertEquals(Verdict.PARTLY, ClaimRules.correlation(s(0.958, 0.70, 1.2))); // reaches 0.99 only by being wide
        assertEquals(Verdict.NOT_REPRODUCED, ClaimRules.correlation(s(0.745, -2.1, 3.6)));
        assertEquals(Verdict.NOT_REPRODUCED, ClaimRules.correlation(s(0.6, 0.4, 0.8)));
    }

    @Test
    void combinationOverCells() {
        Verdict r = Verdict.REPRODUCED;
        Verdict p = Verdict.PARTLY;
        Verdict n = Verdict.NOT_REPRODUCED;
        assertEquals(r, ClaimRules.combine(List.of(r, r)));
        assertEquals(p, ClaimRules.combine(List.of(r, n)));
        assertEquals(p, ClaimRules.combine(List.of(p, n)));
        assertEquals(n, ClaimRules.combine(List.of(n, n)));
        assertEquals(r, ClaimRules.best(List.of(n, r, p)));
        assertEquals(p, ClaimRules.best(List.of(n, p)));
        assertEquals(n, ClaimRules.best(List.of(n)));
    }

    @Test
    void seedIntervalIsStudentT() {
        SeedStats st = SeedStats.over(new double[] {1, 2, 3});
        double half = 4.303 * 1 / Math.sqrt(3); // sd = 1, t(0.975, 2) = 4.303
        assertEquals(2, st.mean(), 1e-15);
        assertEquals(2 - half, st.lo(), 1e-12);
        assertEquals(2 + half, st.hi(), 1e-12);
        assertEquals(3, st.n());
        SeedStats one = SeedStats.over(new double[] {5, Double.NaN});
        assertEquals(1, one.n());
        assertEquals(Double.NaN, one.lo());
    }
}
