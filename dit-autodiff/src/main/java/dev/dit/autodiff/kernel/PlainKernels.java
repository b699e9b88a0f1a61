package dev.dit.autodiff.kernel;

/**
 * Straightforward Java kernels: the reference twin of the vectorised ones. The loop orders keep
 * the innermost loop on contiguous memory: row updates {@code C[i,:] += a * B[p,:]} when B is not
 * transposed, dot products of rows when it is. No threads, no packing, no allocation beyond one
 * row of A when a row of op(A) is strided.
 */
public final class PlainKernels implements Kernels {

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, lda, ldb, ldc);
        if (GemmArgs.trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        if (transB) {
            gemmRowDots(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            gemmRowUpdates(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** op(B) = B: for each row i, C[i,:] = beta C[i,:] + sum_p (alpha op(A)[i,p]) B[p,:]. */
    private static void gemmRowUpdates(boolean transA, int m, int n, int k,
                                       double alpha, double[] a, int aOff, int lda,
                                       double[] b, int bOff, int ldb,
                                       double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int j = cRow; j < cRow + n; j++) {
                c[j] = beta == 0.0 ? 0.0 : beta * c[j];
            }
            for (int p = 0; p < k; p++) {
                double s = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                int bRow = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += s * b[bRow + j];
                }
            }
        }
    }

    /** op(B) = B^T: C[i,j] = alpha (op(A)[i,:] . B[j,:]) + beta C[i,j]. */
    private static void gemmRowDots(boolean transA, int m, int n, int k,
                                    double alpha, double[] a, int aOff, int lda,
                                    double[] b, int bOff, int ldb,
                                    double beta, double[] c, int cOff, int ldc) {
        double[] row = transA ? new double[k] : a;
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * lda;
            if (transA) {
                for (int p = 0; p < k; p++) {
                    row[p] = a[aOff + p * lda + i];
                }
                aRow = 0;
            }
            int cRow = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                int bRow = bOff + j * ldb;
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += row[aRow + p] * b[bRow + p];
                }
                c[cRow + j] = alpha * s + (beta == 0.0 ? 0.0 : beta * c[cRow + j]);
            }
        }
    }

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** Block length of {@link #adamAdjoint}'s two passes (three blocks of scratch stay in L1). */
    static final int ADAM_BLOCK = 512;

    private static final ThreadLocal<double[]> ADAM_SCRATCH = ThreadLocal.withInitial(() -> new double[3 * ADAM_BLOCK]);

    /**
     * Block by block, first the coefficients a, b and g into a small scratch, then the adjoint:
     * the JIT vectorises each of the two loops, not the single fused one (measured: 8× slower).
     */
    @Override
    public void adamAdjoint(int n, AdamStep step, double[] m0, int m0Off, double[] m1, int m1Off,
                            double[] v1, int v1Off, double[] lTheta, double[] u, double[] w, double[] gamma) {
        double stepSize = step.stepSize();
        double invC2 = step.invC2();
        double eps = step.eps();
        double b1 = step.beta1();
        double b2 = step.beta2();
        double half = stepSize * invC2 / 2;
        double inv1 = 1 / (1 - b1);
        double c1 = 1 - b1;
        double c2 = 2 * (1 - b2);
        double[] scratch = ADAM_SCRATCH.get();
        for (int from = 0; from < n; from += ADAM_BLOCK) {
            int len = Math.min(ADAM_BLOCK, n - from);
            for (int j = 0; j < len; j++) {
                double root = Math.sqrt(v1[v1Off + from + j]);
                double inv = 1.0 / (root * invC2 + eps);
                double mi = m1[m1Off + from + j];
                scratch[j] = stepSize * inv;
                scratch[ADAM_BLOCK + j] = half * mi * inv * inv / Math.max(root, Double.MIN_NORMAL);
                scratch[2 * ADAM_BLOCK + j] = (mi - b1 * m0[m0Off + from + j]) * inv1;
            }
            for (int j = 0; j < len; j++) {
                int i = from + j;
                double l = lTheta[i];
                double uu = u[i] - scratch[j] * l;
                double ww = w[i] + scratch[ADAM_BLOCK + j] * l;
                gamma[i] = c1 * uu + c2 * scratch[2 * ADAM_BLOCK + j] * ww;
                u[i] = b1 * uu;
                w[i] = b2 * ww;
            }
        }
    }
}
