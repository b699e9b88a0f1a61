package dev.dit.autodiff.kernel;

/** A quick start-up check that an implementation computes small products correctly. */
final class SelfCheck {
    private SelfCheck() {
    }

    /** True if all four transpose combinations of a 9x10x11 product match the plain kernels. */
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
        return k.dot(3, a, 0, b, 0) == plain.dot(3, a, 0, b, 0);
    }
}
