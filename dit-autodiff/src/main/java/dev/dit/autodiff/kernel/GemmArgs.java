package dev.dit.autodiff.kernel;

/** Argument checks and the degenerate GEMM cases shared by all implementations. */
final class GemmArgs {
    private GemmArgs() {
    }

    /** Throws if a dimension is negative or a leading dimension is too small. */
    static void check(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + " n=" + n + " k=" + k);
        }
        if (lda < (transA ? m : k) || ldb < (transB ? k : n) || ldc < n) {
            throw new IllegalArgumentException("leading dimension too small: lda=" + lda + " ldb=" + ldb
                    + " ldc=" + ldc + " for m=" + m + " n=" + n + " k=" + k
                    + " transA=" + transA + " transB=" + transB);
        }
    }

    /**
     * Handles the cases with no product to add ({@code k == 0} or {@code alpha == 0}): C = beta C,
     * with beta == 0 writing zeros. Returns true if the call is complete.
     */
    static boolean trivial(int m, int n, int k, double alpha, double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (k != 0 && alpha != 0.0) {
            return false;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = row; j < row + n; j++) {
                c[j] = beta == 0.0 ? 0.0 : beta * c[j];
            }
        }
        return true;
    }
}
