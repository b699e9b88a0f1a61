package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Runs only where jblas' native library loads (it needs libgfortran5); detection is tested always. */
class JblasKernelsTest {
    private final Optional<Kernels> jblas = KernelsProvider.jblasIfAvailable();

    @Test
    void matchesReferenceForAllTransposesOffsetsAndBetas() {
        assumeTrue(jblas.isPresent(), "jblas native library not available");
        long seed = 500;
        int[][] shapes = {{1, 1, 1}, {7, 9, 13}, {33, 47, 19}, {64, 400, 10}, {16, 300, 72}};
        double[][] alphaBeta = {{1.0, 0.0}, {0.5, 1.0}, {-1.5, 0.25}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                double[] ab = alphaBeta[(int) (seed % 3)];
                GemmCase g = new GemmCase(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2],
                        ab[0], ab[1], t, t + 1);
                g.check("jblas", g.run(jblas.get()));
            }
        }
    }

    @Test
    void tooShortArraysThrowInsteadOfCrashing() {
        assumeTrue(jblas.isPresent(), "jblas native library not available");
        double[] small = new double[10];
        double[] big = new double[100];
        assertThrows(ArrayIndexOutOfBoundsException.class,
                () -> jblas.get().gemm(false, false, 4, 4, 4, 1, small, 0, 4, big, 0, 4, 0, big, 0, 4));
    }
}
