package dev.dit.autodiff.kernel;

/** A quick start-up check that an implementation computes small products correctly. */
final class SelfCheck {
    private SelfCheck() {
    }

    /**
     * True if all four transpose combinations of a 9x10x11 product match the plain kernels, and a
     * transposed Adam step (vector body and tail) matches them bit for bit.
     */
    static boolean passes(Kernels k) {
        Kernels plain = new PlainKernels();
        int m = 9;
        int n = 10;
        int p = 11;
        double[] a = new double[m * p];
        double[] b = new double[p * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 5) - 2;
        }
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            double[] want = new double[m * n];
            double[] got = new double[m * n];
            plain.gemm(ta, tb, m, n, p, 1.0, a, 0, ta ? m : p, b, 0, tb ? p : n, 0.0, want, 0, n);
            k.gemm(ta, tb, m, n, p, 1.0, a, 0, ta ? m : p, b, 0, tb ? p : n, 0.0, got, 0, n);
            if (!java.util.Arrays.equals(want, got)) { // small integers: exact in any order
                return false;
            }
        }
        return k.dot(3, a, 0, b, 0) == plain.dot(3, a, 0, b, 0) && adamMatches(k, plain);
    }

    private static boolean adamMatches(Kernels k, Kernels plain) {
        int n = 19;
        double[][] want = adamInputs(n);
        double[][] got = adamInputs(n);
        AdamStep step = new AdamStep(0.01, 1.3, 1e-8, 0.9, 0.999);
        plain.adamAdjoint(n, step, want[0], 0, want[1], 1, want[1], n + 1, want[2], want[3], want[4], want[5]);
        k.adamAdjoint(n, step, got[0], 0, got[1], 1, got[1], n + 1, got[2], got[3], got[4], got[5]);
        for (int i = 3; i < 6; i++) {
            if (!java.util.Arrays.equals(want[i], got[i])) {
                return false;
            }
        }
        return true;
    }

    /** m0; m1 and v1 packed (from offset 1); λθ; λm; λv; γ. */
    private static double[][] adamInputs(int n) {
        double[][] x = {new double[n], new double[2 * n + 1], new double[n], new double[n], new double[n], new double[n]};
        for (int i = 0; i < n; i++) {
            x[0][i] = (i % 5 - 2) * 0.1;
            x[1][1 + i] = i % 4 == 0 ? 0 : (i % 3 - 1) * 0.07; // m' = 0 where v' = 0, as in a run
            x[1][1 + n + i] = (i % 4) * 0.003;
            x[2][i] = (i % 7 - 3) * 0.5;
            x[3][i] = i * 0.01;
            x[4][i] = -i * 0.02;
        }
        return x;
    }
}
