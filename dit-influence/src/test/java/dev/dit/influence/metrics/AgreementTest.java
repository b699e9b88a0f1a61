package dev.dit.influence.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgreementTest {

    @Test
    void pointValuesMatchTheIndividualMetrics() {
        double[][] xy = BootstrapTest.noisyPair(100, 2);
        Agreement a = Agreement.of(xy[0], xy[1], new Bootstrap(1, 200));
        assertEquals(100, a.n());
        assertEquals(Correlation.pearson(xy[0], xy[1]), a.pearson().value());
        assertEquals(Correlation.spearman(xy[0], xy[1]), a.spearman().value());
        assertEquals(Correlation.kendallTauB(xy[0], xy[1]), a.kendall().value());
        assertEquals(TopK.jaccardByMagnitude(xy[0], xy[1], 10), a.jaccardTop10().value());
        for (Estimate e : new Estimate[] {a.pearson(), a.spearman(), a.kendall(), a.jaccardTop10()}) {
            assertTrue(e.lo() <= e.hi());
            assertTrue(e.interval().isDefined());
        }
        assertTrue(a.pearson().interval().contains(a.pearson().value()));
        assertTrue(a.kendall().hi() < a.spearman().hi(), "tau is smaller than rho for this kind of data");
    }

    @Test
    void perfectAgreement() {
        double[] x = {-4, -1, 0.5, 2, 3, 7, 9, -6, 1, 5};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 2 * x[i];
        }
        Agreement a = Agreement.of(x, y, new Bootstrap(1, 100));
        assertEquals(new Estimate(1.0, 1.0, 1.0), a.pearson());
        assertEquals(new Estimate(1.0, 1.0, 1.0), a.kendall());
        assertEquals(new Estimate(1.0, 1.0, 1.0), a.jaccardTop10());
    }

    @Test
    void deterministicWithDefaultBootstrap() {
        double[][] xy = BootstrapTest.noisyPair(40, 4);
        assertEquals(Agreement.of(xy[0], xy[1]), Agreement.of(xy[0], xy[1]));
    }

    @Test
    void degenerateInputGivesNaNNotExceptions() {
        Agreement tiny = Agreement.of(new double[] {1, 2}, new double[] {2, 1});
        assertEquals(2, tiny.n());
        assertTrue(Double.isNaN(tiny.pearson().value()));
        Agreement flat = Agreement.of(new double[] {1, 1, 1, 1}, new double[] {1, 2, 3, 4});
        assertEquals(Estimate.UNDEFINED, flat.spearman());
        assertEquals(Estimate.UNDEFINED, flat.jaccardTop10());
        assertEquals(Estimate.UNDEFINED, Agreement.of(new double[0], new double[0]).kendall());
        assertThrows(IllegalArgumentException.class, () -> Agreement.of(new double[3], new double[2]));
    }
}
