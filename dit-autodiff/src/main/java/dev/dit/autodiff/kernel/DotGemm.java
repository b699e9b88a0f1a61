package dev.dit.autodiff.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = alpha A Bᵀ + beta C} with A {@code [m,k]} and B {@code [n,k]} row-major, as dot
 * products along their contiguous rows, 4 × 4 of them at a time in registers.
 *
 * <p>This is the shape of a convolution's weight gradient: few outputs (channels × taps) and a
 * long reduction over every output position of a chunk of images. The packed GEMM must
 * transpose B into k-major strips first, and with so few rows of A that packing costs as much as
 * the multiply-adds (measured 32 GFLOP/s at m=16, n=72, k=484, against 56 for the same product
 * with B already k-major). Here both operands are read in place.
 *
 * <p>Every C element is reduced in the same order wherever it sits in a block: lanes accumulate
 * along k, are added in lane order, then the scalar tail follows. So splitting C between threads
 * cannot change a result.
 */
final class DotGemm {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private DotGemm() {
    }

    /** Whether this kernel should run a {@code A Bᵀ} product of this shape: a long, contiguous reduction. */
    static boolean suits(boolean transA, boolean transB, int m, int n, int k) {
        return !transA && transB && k >= 4 * L && k >= 2 * Math.max(m, n);
    }

    static void gemmNT(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                       double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        int kv = k - k % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                block4x4(kv, k, alpha, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, beta, c, cOff + i * ldc + j, ldc);
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    single(kv, k, alpha, a, aOff + (i + r) * lda, b, bOff + j * ldb, beta, c, cOff + (i + r) * ldc + j);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                single(kv, k, alpha, a, aOff + i * lda, b, bOff + j * ldb, beta, c, cOff + i * ldc + j);
            }
        }
    }

    private static void block4x4(int kv, int k, double alpha, double[] a, int a0, int lda,
                                 double[] b, int b0, int ldb, double beta, double[] c, int c0, int ldc) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c01 = z, c02 = z, c03 = z;
        DoubleVector c10 = z, c11 = z, c12 = z, c13 = z;
        DoubleVector c20 = z, c21 = z, c22 = z, c23 = z;
        DoubleVector c30 = z, c31 = z, c32 = z, c33 = z;
        for (int p = 0; p < kv; p += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, b, b0 + p);
            DoubleVector x1 = DoubleVector.fromArray(S, b, b1 + p);
            DoubleVector x2 = DoubleVector.fromArray(S, b, b2 + p);
            DoubleVector x3 = DoubleVector.fromArray(S, b, b3 + p);
            DoubleVector y = DoubleVector.fromArray(S, a, a0 + p);
            c00 = y.fma(x0, c00);
            c01 = y.fma(x1, c01);
            c02 = y.fma(x2, c02);
            c03 = y.fma(x3, c03);
            y = DoubleVector.fromArray(S, a, a1 + p);
            c10 = y.fma(x0, c10);
            c11 = y.fma(x1, c11);
            c12 = y.fma(x2, c12);
            c13 = y.fma(x3, c13);
            y = DoubleVector.fromArray(S, a, a2 + p);
            c20 = y.fma(x0, c20);
            c21 = y.fma(x1, c21);
            c22 = y.fma(x2, c22);
            c23 = y.fma(x3, c23);
            y = DoubleVector.fromArray(S, a, a3 + p);
            c30 = y.fma(x0, c30);
            c31 = y.fma(x1, c31);
            c32 = y.fma(x2, c32);
            c33 = y.fma(x3, c33);
        }
        double[] t = GemmWorkspace.get().lanes;
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c02.intoArray(t, 2 * L);
        c03.intoArray(t, 3 * L);
        c10.intoArray(t, 4 * L);
        c11.intoArray(t, 5 * L);
        c12.intoArray(t, 6 * L);
        c13.intoArray(t, 7 * L);
        c20.intoArray(t, 8 * L);
        c21.intoArray(t, 9 * L);
        c22.intoArray(t, 10 * L);
        c23.intoArray(t, 11 * L);
        c30.intoArray(t, 12 * L);
        c31.intoArray(t, 13 * L);
        c32.intoArray(t, 14 * L);
        c33.intoArray(t, 15 * L);
        for (int r = 0; r < 4; r++) {
            int ar = a0 + r * lda;
            for (int q = 0; q < 4; q++) {
                store(t, (4 * r + q) * L, kv, k, alpha, a, ar, b, b0 + q * ldb, beta, c, c0 + r * ldc + q);
            }
        }
    }

    private static void single(int kv, int k, double alpha, double[] a, int a0, double[] b, int b0,
                               double beta, double[] c, int ci) {
        DoubleVector acc = DoubleVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            acc = DoubleVector.fromArray(S, a, a0 + p).fma(DoubleVector.fromArray(S, b, b0 + p), acc);
        }
        double[] t = GemmWorkspace.get().lanes;
        acc.intoArray(t, 0);
        store(t, 0, kv, k, alpha, a, a0, b, b0, beta, c, ci);
    }

    /** Lanes in order, then the scalar tail, then alpha and beta: the same for every element. */
    private static void store(double[] lanes, int l0, int kv, int k, double alpha, double[] a, int a0,
                              double[] b, int b0, double beta, double[] c, int ci) {
        double s = 0.0;
        for (int lane = 0; lane < L; lane++) {
            s += lanes[l0 + lane];
        }
        for (int p = kv; p < k; p++) {
            s = Math.fma(a[a0 + p], b[b0 + p], s);
        }
        double v = alpha * s;
        c[ci] = beta == 0.0 ? v : v + beta * c[ci];
    }
}
