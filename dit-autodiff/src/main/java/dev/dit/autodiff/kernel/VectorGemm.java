package dev.dit.autodiff.kernel;

import static dev.dit.autodiff.kernel.MicroKernels.MR;
import static dev.dit.autodiff.kernel.MicroKernels.NR;

/**
 * Single-threaded cache-blocked GEMM (the classic five loops around a register-blocked
 * micro-kernel). The k dimension is cut into blocks that depend on {@code k} alone, so every C
 * element sees the same operations whichever sub-matrix of C a caller asks for: that is what
 * makes the multi-threaded split over C bit-identical to the serial run.
 */
final class VectorGemm {
    /** Maximum k block: a packed B strip (KC x NR) stays in L1, an A block in L2. */
    static final int KC = 256;
    /** Rows of op(A) per packed A block (multiple of MR). */
    static final int MC = 128;
    /** Columns of op(B) per packed B block (multiple of NR). */
    static final int NC = 1024;

    private VectorGemm() {
    }

    /** The k block length used for a reduction of length {@code k}: balanced, at most KC. */
    static int kBlock(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /** C = alpha op(A) op(B) + beta C for m, n, k >= 1; all offsets already point at the sub-block. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        GemmWorkspace ws = GemmWorkspace.get();
        double[] pa = ws.packedA;
        double[] pb = ws.packedB;
        double[] tmp = ws.tile;
        int kb = kBlock(k);
        // With a single A block each B strip is used by at most MC / MR tiles, so packing B costs
        // more than it saves when B is row-major: read its full-width strips in place.
        boolean directB = !transB && m <= MC;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kb) {
                int kc = Math.min(kb, k - pc);
                int mode = pc > 0 ? MicroKernels.ACCUMULATE
                        : beta == 0.0 ? MicroKernels.OVERWRITE : MicroKernels.SCALE;
                if (!directB) {
                    GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    GemmPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int cCol = cOff + ic * ldc + jc + jr;
                        double[] strip = pb;
                        int stripOff = jr * kc;
                        int stripLd = NR;
                        if (directB && nr == NR) {
                            strip = b;
                            stripOff = bOff + pc * ldb + jc + jr;
                            stripLd = ldb;
                        } else if (directB) {
                            GemmPacking.packB(false, b, bOff, ldb, pc, kc, jc + jr, nr, pb);
                            stripOff = 0;
                        }
                        for (int ir = 0; ir < mc; ir += MR) {
                            MicroKernels.tile(kc, pa, ir * kc, strip, stripOff, stripLd,
                                    c, cCol + ir * ldc, ldc, Math.min(MR, mc - ir), nr,
                                    alpha, beta, mode, tmp);
                        }
                    }
                }
            }
        }
    }
}
