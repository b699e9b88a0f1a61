package dev.dit.autodiff.kernel;

import static dev.dit.autodiff.kernel.MicroKernels.MR;
import static dev.dit.autodiff.kernel.MicroKernels.NR;
import static dev.dit.autodiff.kernel.MicroKernels.TALL;

/**
 * Single-threaded cache-blocked GEMM (the classic five loops around a register-blocked
 * micro-kernel). The k dimension is cut into blocks that depend on {@code k} alone, so every C
 * element sees the same operations whichever sub-matrix of C a caller asks for: that is what
 * makes the multi-threaded split over C bit-identical to the serial run.
 */
final class VectorGemm {
    /** Maximum k block: a packed B strip (KC x NR) stays in L1, an A block in L2. */
    static final int KC = 256;
    /** Rows of op(A) per packed A block: 128, rounded down to a multiple of MR. */
    static final int MC = 128 / MR * MR;
    /** Columns of op(B) per packed B block (multiple of NR). */
    static final int NC = 1024;

    /**
     * Widest op(B) block for which A is read in place rather than packed. Packing A transposes
     * it (or copies it) once per block, and pays off only when each A strip then serves many B
     * strips: measured on AVX-512, reading in place made a 64×64×784 product 6–9 % faster and
     * 64×10×400 about 45 % faster, but a 64×128×784 one 7 % slower at twice this width. A column
     * count (at least 4 strips): at AVX2 width (NR = 8) the same 64 columns, 8 strips, made
     * 64×64×784 and 64³ 5–10 % faster (thread CPU time) than packing from 32 columns on.
     */
    static final int DIRECT_A_MAX_N = Math.max(4 * NR, 64);

    /** Whether A may be read in place (false only in tests, which compare both paths). */
    private static volatile boolean directAllowed = true;

    static void setDirectA(boolean allowed) {
        directAllowed = allowed;
    }

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
        int[] rows = ws.rows;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kb) {
                int kc = Math.min(kb, k - pc);
                int mode = pc > 0 ? MicroKernels.ACCUMULATE
                        : beta == 0.0 ? MicroKernels.OVERWRITE : MicroKernels.SCALE;
                if (!directB) {
                    GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                }
                // Few B strips: the micro-kernels read A in place (see DIRECT_A_MAX_N), a row-major
                // A through its row offsets, a transposed A (k-major) with its own stride.
                boolean direct = directAllowed && nc <= DIRECT_A_MAX_N;
                boolean directA = direct && !transA;
                boolean directAT = direct && transA;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    int full = mc - mc % MR;
                    if (directAT && full < mc) {
                        // a ragged last strip would read past A's rows: pack it alone, once
                        GemmPacking.packA(true, a, aOff, lda, ic + full, mc - full, pc, kc, pa);
                    } else if (!directA && !directAT) {
                        GemmPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
                    }
                    if (directA && directB && nc % NR == 0) {
                        inPlace(kc, mc, nc, alpha, a, aOff + ic * lda + pc, lda, b, bOff + pc * ldb + jc, ldb,
                                beta, c, cOff + ic * ldc + jc, ldc, mode, rows, tmp);
                        continue;
                    }
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
                            int mr = Math.min(MR, mc - ir);
                            if (directA) {
                                for (int r = 0; r < MR; r++) {
                                    rows[r] = aOff + (ic + ir + Math.min(r, mr - 1)) * lda + pc;
                                }
                                MicroKernels.tileRows(kc, a, rows, strip, stripOff, stripLd,
                                        c, cCol + ir * ldc, ldc, mr, nr, alpha, beta, mode, tmp);
                            } else if (directAT && mr == MR) {
                                MicroKernels.tile(kc, a, aOff + pc * lda + ic + ir, lda, strip, stripOff, stripLd,
                                        c, cCol + ir * ldc, ldc, mr, nr, alpha, beta, mode, tmp);
                            } else {
                                MicroKernels.tile(kc, pa, directAT ? 0 : ir * kc, MR, strip, stripOff, stripLd,
                                        c, cCol + ir * ldc, ldc, mr, nr, alpha, beta, mode, tmp);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * One block with both operands read in place (row-major A and B, full-width B strips): A strip
     * by A strip, each against every B strip, so the strip's MR rows stay in L1 while B's strips
     * come from L2 (1–3 % faster than sweeping every A strip once per B strip, at both widths);
     * at AVX-512 mostly in {@link MicroKernels#TALL} tiles, which load each strided B row for 12 rows
     * of A instead of 8.
     * The tiles and their operations are those of the general loop; only the visiting order differs.
     */
    private static void inPlace(int kc, int mc, int nc, double alpha, double[] a, int aOff, int lda,
                                double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc,
                                int mode, int[] rows, double[] tmp) {
        int tall = tallRows(mc - mc % MR);
        for (int ir = 0; ir < tall; ir += TALL) {
            for (int r = 0; r < TALL; r++) {
                rows[r] = aOff + (ir + r) * lda;
            }
            for (int jr = 0; jr < nc; jr += NR) {
                MicroKernels.tileTallRows(kc, a, rows, b, bOff + jr, ldb,
                        c, cOff + ir * ldc + jr, ldc, NR, alpha, beta, mode, tmp);
            }
        }
        for (int ir = tall; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            for (int r = 0; r < MR; r++) {
                rows[r] = aOff + (ir + Math.min(r, mr - 1)) * lda;
            }
            for (int jr = 0; jr < nc; jr += NR) {
                MicroKernels.tileRows(kc, a, rows, b, bOff + jr, ldb,
                        c, cOff + ir * ldc + jr, ldc, mr, NR, alpha, beta, mode, tmp);
            }
        }
    }

    /**
     * How many of the first {@code full} rows (a multiple of MR) of an in-place block go in
     * {@link MicroKernels#TALL} tiles: as many as leave a multiple of MR for the ordinary tiles (0
     * where tall tiles do not fit the registers). 64 rows are four tall tiles and two of 8 rows.
     */
    static int tallRows(int full) {
        if (TALL == 0) {
            return 0;
        }
        int t = full / TALL;
        while (t > 0 && (full - t * TALL) % MR != 0) {
            t--;
        }
        return t * TALL;
    }
}
