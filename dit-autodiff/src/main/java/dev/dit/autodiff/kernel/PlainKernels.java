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

    /** Block length of {@link #adamAdjoint}'s passes (its nine blocks of scratch stay in L1). */
    static final int ADAM_BLOCK = 256;

    private static final ThreadLocal<double[][]> ADAM_SCRATCH = ThreadLocal.withInitial(() -> new double[9][ADAM_BLOCK]);

    /**
     * Block by block: the inputs are copied into small scratch arrays, the coefficients a, b and g
     * computed in one loop and the adjoint in another, all at offset 0, so that C2 vectorises both
     * loops (it vectorises neither the single fused loop nor loops over arrays at different
     * offsets; measured: 5-8× slower).
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
        double[][] s = ADAM_SCRATCH.get();
        double[] sm0 = s[0];
        double[] sm = s[1];
        double[] sv = s[2];
        double[] sl = s[3];
        double[] su = s[4];
        double[] sw = s[5];
        double[] sa = s[6];
        double[] sb = s[7];
        double[] sg = s[8];
        for (int from = 0; from < n; from += ADAM_BLOCK) {
            int len = Math.min(ADAM_BLOCK, n - from);
            System.arraycopy(m0, m0Off + from, sm0, 0, len);
            System.arraycopy(m1, m1Off + from, sm, 0, len);
            System.arraycopy(v1, v1Off + from, sv, 0, len);
            System.arraycopy(lTheta, from, sl, 0, len);
            System.arraycopy(u, from, su, 0, len);
            System.arraycopy(w, from, sw, 0, len);
            for (int j = 0; j < len; j++) {
                double root = Math.sqrt(sv[j]);
                double inv = 1.0 / (root * invC2 + eps);
                double mi = sm[j];
                sa[j] = stepSize * inv;
                sb[j] = half * mi * inv * inv / Math.max(root, Double.MIN_NORMAL);
                sg[j] = (mi - b1 * sm0[j]) * inv1;
            }
            for (int j = 0; j < len; j++) {
                double l = sl[j];
                double uu = su[j] - sa[j] * l;
                double ww = sw[j] + sb[j] * l;
                sg[j] = c1 * uu + c2 * sg[j] * ww;
                su[j] = b1 * uu;
                sw[j] = b2 * ww;
            }
            System.arraycopy(sg, 0, gamma, from, len);
            System.arraycopy(su, 0, u, from, len);
            System.arraycopy(sw, 0, w, from, len);
        }
    }
}
