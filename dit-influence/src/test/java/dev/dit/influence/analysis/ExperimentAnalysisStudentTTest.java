package dev.dit.influence.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExperimentAnalysisStudentTTest {
    @Test
    void knownTwoSidedPValues() {
        assertEquals(0.073388, StudentT.twoSidedP(2.0, 10), 1e-6);
        assertEquals(0.073388, StudentT.twoSidedP(-2.0, 10), 1e-6);
        assertEquals(1.0, StudentT.twoSidedP(0.0, 5), 1e-12);
        // dof 1 is the Cauchy distribution: p = 1 − 2·atan(t)/π
        assertEquals(1 - 2 * Math.atan(3.0) / Math.PI, StudentT.twoSidedP(3.0, 1), 1e-10);
        // dof 2 has a closed form: p = 1 − t/√(2 + t²)
        assertEquals(1 - 1.5 / Math.sqrt(2 + 2.25), StudentT.twoSidedP(1.5, 2), 1e-10);
        // tables: t_{0.975, 13} = 2.160, t_{0.995, 4} = 4.604
        assertEquals(0.05, StudentT.twoSidedP(2.160369, 13), 1e-5);
        assertEquals(0.01, StudentT.twoSidedP(4.604095, 4), 1e-5);
        // large dof: the normal distribution
        assertEquals(0.05, StudentT.twoSidedP(1.959964, 1e7), 1e-5);
        assertEquals(0.0, StudentT.twoSidedP(Double.POSITIVE_INFINITY, 3), 0.0);
    }

    @Test
    void logGammaMatchesFactorials() {
        assertEquals(Math.log(24), StudentT.logGamma(5), 1e-12);
        assertEquals(0.5 * Math.log(Math.PI), StudentT.logGamma(0.5), 1e-12);
    }
}
