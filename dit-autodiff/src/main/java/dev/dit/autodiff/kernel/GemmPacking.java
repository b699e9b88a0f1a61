package dev.dit.autodiff.kernel;

import static dev.dit.autodiff.kernel.MicroKernels.L;
import static dev.dit.autodiff.kernel.MicroKernels.MR;
import static dev.dit.autodiff.kernel.MicroKernels.NR;
import static dev.dit.autodiff.kernel.MicroKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;

/**
 * Copies blocks of op(A) and op(B) into the strip layouts the micro-kernels read: A in strips of
 * {@code MR} rows ({@code (r, p)} at {@code strip * kc + p * MR + r}), B in strips of {@code NR}
 * columns ({@code (p, j)} at {@code strip * kc + p * NR + j}). Ragged strips are zero-padded.
 */
final class GemmPacking {
    private GemmPacking() {
    }

    /** Packs rows {@code i0 .. i0+mc} and columns {@code p0 .. p0+kc} of op(A). */
    static void packA(boolean transA, double[] a, int aOff, int lda,
                      int i0, int mc, int p0, int kc, double[] pa) {
        for (int s = 0; s < mc; s += MR) {
            int rows = Math.min(MR, mc - s);
            int base = s * kc;
            if (rows < MR) {
                Arrays.fill(pa, base, base + MR * kc, 0.0);
            }
            if (!transA) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (i0 + s + r) * lda + p0;
                    int dst = base + r;
                    for (int p = 0; p < kc; p++, dst += MR) {
                        pa[dst] = a[src + p];
                    }
                }
            } else if (rows == MR && MR == L) {
                // one vector per k: a call to System.arraycopy per 8 doubles cost more than the copy
                int src = aOff + p0 * lda + i0 + s;
                int dst = base;
                for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                    DoubleVector.fromArray(S, a, src).intoArray(pa, dst);
                }
            } else {
                int src = aOff + p0 * lda + i0 + s;
                int dst = base;
                for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                    for (int r = 0; r < rows; r++) {
                        pa[dst + r] = a[src + r];
                    }
                }
            }
        }
    }

    /** Packs rows {@code p0 .. p0+kc} and columns {@code j0 .. j0+nc} of op(B). */
    static void packB(boolean transB, double[] b, int bOff, int ldb,
                      int p0, int kc, int j0, int nc, double[] pb) {
        for (int s = 0; s < nc; s += NR) {
            int cols = Math.min(NR, nc - s);
            int base = s * kc;
            if (cols < NR) {
                Arrays.fill(pb, base, base + NR * kc, 0.0);
            }
            if (transB && cols == NR) {
                // Row p of the strip gathers element p of NR stored rows; the NR sources stay in L1.
                int src = bOff + (j0 + s) * ldb + p0;
                int dst = base;
                for (int p = 0; p < kc; p++, dst += NR) {
                    for (int j = 0, at = src + p; j < NR; j++, at += ldb) {
                        pb[dst + j] = b[at];
                    }
                }
            } else if (transB) {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (j0 + s + j) * ldb + p0;
                    int dst = base + j;
                    for (int p = 0; p < kc; p++, dst += NR) {
                        pb[dst] = b[src + p];
                    }
                }
            } else if (cols == NR) {
                int src = bOff + p0 * ldb + j0 + s;
                int dst = base;
                for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                    DoubleVector.fromArray(S, b, src).intoArray(pb, dst);
                    DoubleVector.fromArray(S, b, src + L).intoArray(pb, dst + L);
                }
            } else {
                int src = bOff + p0 * ldb + j0 + s;
                int dst = base;
                for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                    System.arraycopy(b, src, pb, dst, cols);
                }
            }
        }
    }
}
