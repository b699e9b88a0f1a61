package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VectorKernelsTest {
    private static final Kernels VECTOR = KernelsProvider.vector();
    private static final Kernels PLAIN = KernelsProvider.plain();

    /** Odd and tiny shapes, shapes straddling the tile and block sizes, and the hot model shapes. */
    static final int[][] SHAPES = {
        {1, 1, 1}, {1, 1, 7}, {1, 17, 1}, {3, 5, 2}, {7, 9, 13}, {8, 16, 1}, {9, 17, 3}, {4, 15, 33},
        {5, 33, 257}, {13, 31, 300}, {17, 1, 5}, {33, 47, 19}, {129, 20, 11}, {8, 1025, 3},
        {64, 64, 784}, {16, 7744, 72}, {64, 400, 10}, {8, 4321, 9}, {130, 70, 520},
        {16, 72, 484}, {7, 9, 5408}, // convolution weight adjoints (DotGemm when B is transposed)
    };

    static Stream<GemmCase> cases() {
        List<GemmCase> out = new ArrayList<>();
        long seed = 1;
        double[][] alphaBeta = {{1.0, 0.0}, {0.5, 1.0}, {-1.5, 0.25}, {2.0, -1.0}};
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                double[] ab = alphaBeta[(int) (seed % alphaBeta.length)];
                int pad = (int) (seed % 3) * 3;
                int off = (int) (seed % 4);
                out.add(new GemmCase(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], ab[0], ab[1], pad, off));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void vectorMatchesReference(GemmCase g) {
        g.check("vector", g.run(VECTOR));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void plainMatchesReference(GemmCase g) {
        g.check("plain", g.run(PLAIN));
    }

    @Test
    void degenerateShapesAndAlphaZero() {
        for (Kernels kern : List.of(VECTOR, PLAIN)) {
            GemmCase kZero = new GemmCase(5, false, false, 3, 4, 0, 1.0, 2.0, 1, 1);
            kZero.check(kern.name(), kZero.run(kern));
            GemmCase kZeroBetaZero = new GemmCase(6, true, false, 3, 4, 0, 1.0, 0.0, 0, 0);
            kZeroBetaZero.check(kern.name(), kZeroBetaZero.run(kern));
            GemmCase alphaZero = new GemmCase(7, false, true, 5, 6, 7, 0.0, -0.5, 2, 3);
            alphaZero.check(kern.name(), alphaZero.run(kern));
            GemmCase empty = new GemmCase(8, false, false, 0, 5, 3, 1.0, 1.0, 0, 0);
            assertArrayEquals(empty.c, empty.run(kern));
        }
    }

    @Test
    void rejectsTooSmallLeadingDimension() {
        double[] x = new double[100];
        assertThrows(IllegalArgumentException.class,
                () -> VECTOR.gemm(false, false, 4, 4, 4, 1, x, 0, 3, x, 0, 4, 0, x, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> PLAIN.gemm(false, true, 4, 4, 5, 1, x, 0, 5, x, 0, 4, 0, x, 0, 4));
    }

    @Test
    void dotAndAxpyMatchPlainAndExact() {
        Random r = new Random(42);
        for (int n : new int[] {0, 1, 3, 7, 8, 9, 31, 32, 33, 100, 1001}) {
            double[] x = new double[n + 5];
            double[] y = new double[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble() - 0.5;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = r.nextDouble() - 0.5;
            }
            double exact = 0.0;
            double mag = 0.0;
            for (int i = 0; i < n; i++) {
                exact += x[i + 2] * y[i + 1];
                mag += Math.abs(x[i + 2] * y[i + 1]);
            }
            assertEquals(exact, VECTOR.dot(n, x, 2, y, 1), 1e-12 * mag + Double.MIN_NORMAL);
            assertEquals(exact, PLAIN.dot(n, x, 2, y, 1), 1e-12 * mag + Double.MIN_NORMAL);

            double[] yv = y.clone();
            double[] yp = y.clone();
            VECTOR.axpy(n, -0.75, x, 4, yv, 2);
            PLAIN.axpy(n, -0.75, x, 4, yp, 2);
            for (int i = 0; i < y.length; i++) {
                boolean inside = i >= 2 && i < 2 + n;
                double expected = inside ? y[i] - 0.75 * x[i - 2 + 4] : y[i];
                assertEquals(expected, yv[i], 1e-15, "vector axpy n=" + n + " i=" + i);
                assertEquals(expected, yp[i], 1e-15, "plain axpy n=" + n + " i=" + i);
            }
        }
    }
}
