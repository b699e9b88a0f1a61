package dev.dit.autodiff.kernel;

/** An obviously correct GEMM for tests, plus the error bound the fast kernels must meet. */
final class GemmReference {
    private GemmReference() {
    }

    static double opA(boolean transA, double[] a, int aOff, int lda, int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    static double opB(boolean transB, double[] b, int bOff, int ldb, int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Returns a copy of {@code c} with the m x n block replaced by alpha op(A) op(B) + beta C. */
    static double[] gemm(boolean transA, boolean transB, int m, int n, int k,
                         double alpha, double[] a, int aOff, int lda,
                         double[] b, int bOff, int ldb,
                         double beta, double[] c, int cOff, int ldc) {
        double[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += opA(transA, a, aOff, lda, i, p) * opB(transB, b, bOff, ldb, p, j);
                }
                double old = c[cOff + i * ldc + j];
                out[cOff + i * ldc + j] = alpha * s + (beta == 0.0 ? 0.0 : beta * old);
            }
        }
        return out;
    }

    /** Per-element tolerance: 1e-12 times the sum of magnitudes of all terms. */
    static double[] tolerance(boolean transA, boolean transB, int m, int n, int k,
                              double alpha, double[] a, int aOff, int lda,
                              double[] b, int bOff, int ldb,
                              double beta, double[] c, int cOff, int ldc) {
        double[] tol = new double[c.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += Math.abs(opA(transA, a, aOff, lda, i, p) * opB(transB, b, bOff, ldb, p, j));
                }
                double old = beta == 0.0 ? 0.0 : Math.abs(beta * c[cOff + i * ldc + j]);
                tol[cOff + i * ldc + j] = 1e-12 * (Math.abs(alpha) * s + old) + Double.MIN_NORMAL;
            }
        }
        return tol;
    }
}
