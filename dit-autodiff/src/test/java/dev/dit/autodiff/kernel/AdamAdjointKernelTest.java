package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused transposed Adam step: both twins equal the formula of {@link Kernels#adamAdjoint}, bit for bit. */
class AdamAdjointKernelTest {
    private static final AdamStep STEP = new AdamStep(0.003 / (1 - Math.pow(0.9, 7)),
            1 / Math.sqrt(1 - Math.pow(0.999, 7)), 1e-8, 0.9, 0.999);

    /** The formula, one coordinate at a time, written independently of both kernels. */
    private static void reference(int n, AdamStep s, double[] m0, int m0Off, double[] m1, int m1Off,
                                  double[] v1, int v1Off, double[] l, double[] u, double[] w, double[] gamma) {
        for (int i = 0; i < n; i++) {
            double root = Math.sqrt(v1[v1Off + i]);
            double inv = 1.0 / (root * s.invC2() + s.eps());
            double a = s.stepSize() * inv;
            double half = s.stepSize() * s.invC2() / 2;
            double b = root == 0 ? 0 : half * m1[m1Off + i] * inv * inv / root;
            double g = (m1[m1Off + i] - s.beta1() * m0[m0Off + i]) * (1 / (1 - s.beta1()));
            double uu = u[i] - a * l[i];
            double ww = w[i] + b * l[i];
            gamma[i] = (1 - s.beta1()) * uu + 2 * (1 - s.beta2()) * g * ww;
            u[i] = s.beta1() * uu;
            w[i] = s.beta2() * ww;
        }
    }

    private static double[][] inputs(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = {new double[n + 3], new double[2 * n + 5], new double[n], new double[n], new double[n], new double[n]};
        for (int i = 0; i < n; i++) {
            boolean dead = i % 11 == 0; // a coordinate whose gradient was always 0: m = v = 0
            x[0][3 + i] = dead ? 0 : r.nextGaussian() * 0.1;
            double g = dead ? 0 : r.nextGaussian();
            x[1][5 + i] = 0.9 * x[0][3 + i] + 0.1 * g;
            x[1][5 + n + i] = dead ? 0 : 0.001 * g * g + r.nextDouble() * 1e-4;
            x[2][i] = r.nextGaussian();
            x[3][i] = r.nextGaussian() * 0.01;
            x[4][i] = r.nextGaussian() * 0.01;
        }
        return x;
    }

    private static double[][] run(Kernels k, int n, long seed) {
        double[][] x = inputs(n, seed);
        if (k == null) {
            reference(n, STEP, x[0], 3, x[1], 5, x[1], 5 + n, x[2], x[3], x[4], x[5]);
        } else {
            k.adamAdjoint(n, STEP, x[0], 3, x[1], 5, x[1], 5 + n, x[2], x[3], x[4], x[5]);
        }
        return new double[][] {x[3], x[4], x[5]};
    }

    @Test
    void vectorAndPlainEqualTheFormulaBitForBit() {
        for (int n : new int[] {0, 1, 7, 8, 9, 17, 511, 512, 513, 1100, 50890}) {
            double[][] want = run(null, n, n);
            for (Kernels k : new Kernels[] {KernelsProvider.plain(), KernelsProvider.vector()}) {
                double[][] got = run(k, n, n);
                for (int v = 0; v < 3; v++) {
                    assertArrayEquals(want[v], got[v], 0.0, k.name() + " n=" + n + " output " + v);
                }
            }
        }
    }

    @Test
    void deadCoordinatesGetNoSecondMomentTerm() {
        double[][] x = inputs(12, 3);
        double w0 = x[4][0];
        KernelsProvider.get().adamAdjoint(12, STEP, x[0], 3, x[1], 5, x[1], 17, x[2], x[3], x[4], x[5]);
        assertEquals(0.999 * w0, x[4][0], 0.0); // v' = 0: ww = w, nothing added from λθ
    }
}
