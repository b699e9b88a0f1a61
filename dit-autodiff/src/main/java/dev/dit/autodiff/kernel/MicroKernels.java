package dev.dit.autodiff.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked GEMM micro-kernels: one {@code MR x NR} tile of C from an A strip and a B
 * strip, packed or read in place. Every C element is the lane-wise fused multiply-add chain over
 * the k block in ascending order, followed by one write-back ({@code acc·α}, {@code fma(acc, α,
 * β·C)} or {@code fma(acc, α, C)}, see {@code GemmScheduleTest}); edge tiles use the same
 * per-element operations (vector lanes that fall outside C are computed and discarded), so results
 * never depend on where a tile boundary lies, nor on whether A was packed.
 */
final class MicroKernels {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector. */
    static final int L = S.length();
    /** Tile width: two vectors. */
    static final int NR = 2 * L;
    /**
     * Tile height of the A strips: 8 with 32 vector registers (AVX-512), else 6. Six rows are
     * twelve accumulators, two B vectors and a broadcast: 15 of AVX2's 16 registers. Four rows
     * (eight accumulators) left too few independent fused multiply-add chains to hide their
     * latency: an L1-resident 4-row tile ran at about half the AVX2 peak, a 6-row one at the peak.
     */
    static final int MR = L >= 8 ? 8 : 6;
    /**
     * Height of the tall tiles used where A is read in place (AVX-512 only: 24 accumulators, two
     * B vectors and a broadcast take 27 of its 32 registers; 0 where they do not fit). Each B row
     * loaded then serves 12 rows of A instead of 8: a third less B traffic per flop, which is what
     * an in-place, strided B (the MLP's first-layer weights) costs. Measured on AVX-512: the
     * tile loops of the 64×64×784 forward product about 20 % faster as 12- and 8-row tiles than as
     * 8-row ones, the whole product 3–13 % (a loaded host). The transposed-A weight adjoint, whose
     * B is packed, was not faster with them and keeps the 8-row tiles. The price: one more big
     * method for C2, so a fresh JVM ran the MLP step at full speed up to about half a second later
     * (benchmarks/RESULTS.md); 0 here turns them off.
     */
    static final int TALL = L >= 8 ? 12 : 0;
    /** Rows of the largest tile: the size of the row-offset and spill buffers. */
    static final int MAX_ROWS = Math.max(MR, TALL);

    /** Write-back mode: first k block and beta == 0 (C is overwritten, its content ignored). */
    static final int OVERWRITE = 0;
    /** Write-back mode: first k block, C = alpha * acc + beta * C. */
    static final int SCALE = 1;
    /** Write-back mode: later k blocks, C = alpha * acc + C. */
    static final int ACCUMULATE = 2;

    private MicroKernels() {
    }

    /**
     * Updates the {@code mr x nr} tile of C at {@code c[cOff]} using rows {@code 0..MR} of an A
     * strip stored k-major (element (r, p) at {@code pa[aOff + p * ldpa + r]}: packed with
     * {@code ldpa = MR}, or a transposed A itself with its leading dimension) and a B strip of NR
     * columns (element (p, j) at {@code pb[bOff + p * ldpb + j]}: packed, or B itself when it
     * is row-major). Uses an 8-, 6- or 4-row register block; at AVX2 the 6-row one for ragged
     * strips too, whose discarded rows cost less than the 4-row block's too-short FMA chains.
     */
    static void tile(int kc, double[] pa, int aOff, int ldpa, double[] pb, int bOff, int ldpb,
                     double[] c, int cOff, int ldc, int mr, int nr,
                     double alpha, double beta, int mode, double[] tmp) {
        if (MR == 8 && mr > 4) {
            tile8(kc, pa, aOff, ldpa, pb, bOff, ldpb, c, cOff, ldc, mr, nr, alpha, beta, mode, tmp);
        } else if (MR == 6) {
            tile6(kc, pa, aOff, ldpa, pb, bOff, ldpb, c, cOff, ldc, mr, nr, alpha, beta, mode, tmp);
        } else {
            tile4(kc, pa, aOff, ldpa, pb, bOff, ldpb, c, cOff, ldc, mr, nr, alpha, beta, mode, tmp);
        }
    }

    private static void tile8(int kc, double[] pa, int aOff, int ldpa, double[] pb, int bOff, int ldpb,
                              double[] c, int cOff, int ldc, int mr, int nr,
                              double alpha, double beta, int mode, double[] tmp) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        DoubleVector c60 = c00;
        DoubleVector c61 = c00;
        DoubleVector c70 = c00;
        DoubleVector c71 = c00;
        int ia = aOff;
        int ib = bOff;
        for (int p = 0; p < kc; p++, ia += ldpa, ib += ldpb) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector a = DoubleVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, pa[ia + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, pa[ia + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, pa[ia + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, pa[ia + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, pa[ia + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = DoubleVector.broadcast(S, pa[ia + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = DoubleVector.broadcast(S, pa[ia + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        if (mode == OVERWRITE && mr == MR && nr == NR) {
            // a full tile overwriting C (a weight adjoint's single k block): straight from the
            // registers, as writeBack would (acc · alpha), without the round trip through tmp
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            c00.mul(va).intoArray(c, cOff);
            c01.mul(va).intoArray(c, cOff + L);
            c10.mul(va).intoArray(c, cOff + 1 * ldc);
            c11.mul(va).intoArray(c, cOff + 1 * ldc + L);
            c20.mul(va).intoArray(c, cOff + 2 * ldc);
            c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
            c30.mul(va).intoArray(c, cOff + 3 * ldc);
            c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
            c40.mul(va).intoArray(c, cOff + 4 * ldc);
            c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
            c50.mul(va).intoArray(c, cOff + 5 * ldc);
            c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
            c60.mul(va).intoArray(c, cOff + 6 * ldc);
            c61.mul(va).intoArray(c, cOff + 6 * ldc + L);
            c70.mul(va).intoArray(c, cOff + 7 * ldc);
            c71.mul(va).intoArray(c, cOff + 7 * ldc + L);
            return;
        }
        c00.intoArray(tmp, 0 * NR);
        c01.intoArray(tmp, 0 * NR + L);
        c10.intoArray(tmp, 1 * NR);
        c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR);
        c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR);
        c51.intoArray(tmp, 5 * NR + L);
        c60.intoArray(tmp, 6 * NR);
        c61.intoArray(tmp, 6 * NR + L);
        c70.intoArray(tmp, 7 * NR);
        c71.intoArray(tmp, 7 * NR + L);
        writeBack(tmp, c, cOff, ldc, mr, nr, alpha, beta, mode);
    }

    /** The 6-row block of {@link #tile} (AVX2). */
    private static void tile6(int kc, double[] pa, int aOff, int ldpa, double[] pb, int bOff, int ldpb,
                              double[] c, int cOff, int ldc, int mr, int nr,
                              double alpha, double beta, int mode, double[] tmp) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        int ia = aOff;
        int ib = bOff;
        for (int p = 0; p < kc; p++, ia += ldpa, ib += ldpb) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector a = DoubleVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, pa[ia + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, pa[ia + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, pa[ia + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = DoubleVector.broadcast(S, pa[ia + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = DoubleVector.broadcast(S, pa[ia + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        if (mr == MR && nr == NR && mode != SCALE) {
            // a full tile: straight from the registers, as writeBack would (see tile8)
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            if (mode == OVERWRITE) {
                c00.mul(va).intoArray(c, cOff);
                c01.mul(va).intoArray(c, cOff + L);
                c10.mul(va).intoArray(c, cOff + 1 * ldc);
                c11.mul(va).intoArray(c, cOff + 1 * ldc + L);
                c20.mul(va).intoArray(c, cOff + 2 * ldc);
                c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
                c30.mul(va).intoArray(c, cOff + 3 * ldc);
                c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
                c40.mul(va).intoArray(c, cOff + 4 * ldc);
                c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
                c50.mul(va).intoArray(c, cOff + 5 * ldc);
                c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
            } else {
                c00.fma(va, DoubleVector.fromArray(S, c, cOff)).intoArray(c, cOff);
                c01.fma(va, DoubleVector.fromArray(S, c, cOff + L)).intoArray(c, cOff + L);
                c10.fma(va, DoubleVector.fromArray(S, c, cOff + 1 * ldc)).intoArray(c, cOff + 1 * ldc);
                c11.fma(va, DoubleVector.fromArray(S, c, cOff + 1 * ldc + L)).intoArray(c, cOff + 1 * ldc + L);
                c20.fma(va, DoubleVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
                c21.fma(va, DoubleVector.fromArray(S, c, cOff + 2 * ldc + L)).intoArray(c, cOff + 2 * ldc + L);
                c30.fma(va, DoubleVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
                c31.fma(va, DoubleVector.fromArray(S, c, cOff + 3 * ldc + L)).intoArray(c, cOff + 3 * ldc + L);
                c40.fma(va, DoubleVector.fromArray(S, c, cOff + 4 * ldc)).intoArray(c, cOff + 4 * ldc);
                c41.fma(va, DoubleVector.fromArray(S, c, cOff + 4 * ldc + L)).intoArray(c, cOff + 4 * ldc + L);
                c50.fma(va, DoubleVector.fromArray(S, c, cOff + 5 * ldc)).intoArray(c, cOff + 5 * ldc);
                c51.fma(va, DoubleVector.fromArray(S, c, cOff + 5 * ldc + L)).intoArray(c, cOff + 5 * ldc + L);
            }
            return;
        }
        c00.intoArray(tmp, 0 * NR);
        c01.intoArray(tmp, 0 * NR + L);
        c10.intoArray(tmp, 1 * NR);
        c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR);
        c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR);
        c51.intoArray(tmp, 5 * NR + L);
        writeBack(tmp, c, cOff, ldc, mr, nr, alpha, beta, mode);
    }

    private static void tile4(int kc, double[] pa, int aOff, int ldpa, double[] pb, int bOff, int ldpb,
                              double[] c, int cOff, int ldc, int mr, int nr,
                              double alpha, double beta, int mode, double[] tmp) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        int ia = aOff;
        int ib = bOff;
        for (int p = 0; p < kc; p++, ia += ldpa, ib += ldpb) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector a = DoubleVector.broadcast(S, pa[ia]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(S, pa[ia + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(S, pa[ia + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(S, pa[ia + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        writeBack(tmp, c, cOff, ldc, mr, nr, alpha, beta, mode);
    }

    /**
     * As {@link #tile}, but reads the {@code MR} rows of A in place: element (r, p) at
     * {@code a[rows[r] + p]}. Skips packing when op(A) is row-major and each A strip serves few B
     * strips. Rows past {@code mr} must repeat a valid offset (their results are discarded). The
     * per-element operations are those of {@link #tile}, so the results are identical.
     */
    static void tileRows(int kc, double[] a, int[] rows, double[] pb, int bOff, int ldpb,
                         double[] c, int cOff, int ldc, int mr, int nr,
                         double alpha, double beta, int mode, double[] tmp) {
        if (MR == 8 && mr > 4) {
            tile8Rows(kc, a, rows, pb, bOff, ldpb, c, cOff, ldc, mr, nr, alpha, beta, mode, tmp);
        } else if (MR == 6) {
            tile6Rows(kc, a, rows, pb, bOff, ldpb, c, cOff, ldc, mr, nr, alpha, beta, mode, tmp);
        } else {
            tile4Rows(kc, a, rows, pb, bOff, ldpb, tmp);
            writeBack(tmp, c, cOff, ldc, mr, nr, alpha, beta, mode);
        }
    }

    private static void tile8Rows(int kc, double[] a, int[] rows, double[] pb, int bOff, int ldpb,
                                  double[] c, int cOff, int ldc, int mr, int nr,
                                  double alpha, double beta, int mode, double[] tmp) {
        int a0 = rows[0];
        int a1 = rows[1];
        int a2 = rows[2];
        int a3 = rows[3];
        int a4 = rows[4];
        int a5 = rows[5];
        int a6 = rows[6];
        int a7 = rows[7];
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        DoubleVector c60 = c00;
        DoubleVector c61 = c00;
        DoubleVector c70 = c00;
        DoubleVector c71 = c00;
        int ib = bOff;
        for (int p = 0; p < kc; p++, ib += ldpb) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, a[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, a[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (mr == MR && nr == NR && mode != SCALE) {
            // a full tile: straight from the registers, as writeBack would (see tile8)
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            if (mode == OVERWRITE) {
                c00.mul(va).intoArray(c, cOff);
                c01.mul(va).intoArray(c, cOff + L);
                c10.mul(va).intoArray(c, cOff + 1 * ldc);
                c11.mul(va).intoArray(c, cOff + 1 * ldc + L);
                c20.mul(va).intoArray(c, cOff + 2 * ldc);
                c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
                c30.mul(va).intoArray(c, cOff + 3 * ldc);
                c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
                c40.mul(va).intoArray(c, cOff + 4 * ldc);
                c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
                c50.mul(va).intoArray(c, cOff + 5 * ldc);
                c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
                c60.mul(va).intoArray(c, cOff + 6 * ldc);
                c61.mul(va).intoArray(c, cOff + 6 * ldc + L);
                c70.mul(va).intoArray(c, cOff + 7 * ldc);
                c71.mul(va).intoArray(c, cOff + 7 * ldc + L);
            } else {
                c00.fma(va, DoubleVector.fromArray(S, c, cOff)).intoArray(c, cOff);
                c01.fma(va, DoubleVector.fromArray(S, c, cOff + L)).intoArray(c, cOff + L);
                c10.fma(va, DoubleVector.fromArray(S, c, cOff + 1 * ldc)).intoArray(c, cOff + 1 * ldc);
                c11.fma(va, DoubleVector.fromArray(S, c, cOff + 1 * ldc + L)).intoArray(c, cOff + 1 * ldc + L);
                c20.fma(va, DoubleVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
                c21.fma(va, DoubleVector.fromArray(S, c, cOff + 2 * ldc + L)).intoArray(c, cOff + 2 * ldc + L);
                c30.fma(va, DoubleVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
                c31.fma(va, DoubleVector.fromArray(S, c, cOff + 3 * ldc + L)).intoArray(c, cOff + 3 * ldc + L);
                c40.fma(va, DoubleVector.fromArray(S, c, cOff + 4 * ldc)).intoArray(c, cOff + 4 * ldc);
                c41.fma(va, DoubleVector.fromArray(S, c, cOff + 4 * ldc + L)).intoArray(c, cOff + 4 * ldc + L);
                c50.fma(va, DoubleVector.fromArray(S, c, cOff + 5 * ldc)).intoArray(c, cOff + 5 * ldc);
                c51.fma(va, DoubleVector.fromArray(S, c, cOff + 5 * ldc + L)).intoArray(c, cOff + 5 * ldc + L);
                c60.fma(va, DoubleVector.fromArray(S, c, cOff + 6 * ldc)).intoArray(c, cOff + 6 * ldc);
                c61.fma(va, DoubleVector.fromArray(S, c, cOff + 6 * ldc + L)).intoArray(c, cOff + 6 * ldc + L);
                c70.fma(va, DoubleVector.fromArray(S, c, cOff + 7 * ldc)).intoArray(c, cOff + 7 * ldc);
                c71.fma(va, DoubleVector.fromArray(S, c, cOff + 7 * ldc + L)).intoArray(c, cOff + 7 * ldc + L);
            }
            return;
        }
        c00.intoArray(tmp, 0 * NR);
        c01.intoArray(tmp, 0 * NR + L);
        c10.intoArray(tmp, 1 * NR);
        c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR);
        c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR);
        c51.intoArray(tmp, 5 * NR + L);
        c60.intoArray(tmp, 6 * NR);
        c61.intoArray(tmp, 6 * NR + L);
        c70.intoArray(tmp, 7 * NR);
        c71.intoArray(tmp, 7 * NR + L);
        writeBack(tmp, c, cOff, ldc, mr, nr, alpha, beta, mode);
    }

    /** The 6-row block of {@link #tileRows} (AVX2). */
    private static void tile6Rows(int kc, double[] a, int[] rows, double[] pb, int bOff, int ldpb,
                                  double[] c, int cOff, int ldc, int mr, int nr,
                                  double alpha, double beta, int mode, double[] tmp) {
        int a0 = rows[0];
        int a1 = rows[1];
        int a2 = rows[2];
        int a3 = rows[3];
        int a4 = rows[4];
        int a5 = rows[5];
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        int ib = bOff;
        for (int p = 0; p < kc; p++, ib += ldpb) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (mr == MR && nr == NR && mode != SCALE) {
            // a full tile: straight from the registers, as writeBack would (see tile8)
            DoubleVector va = DoubleVector.broadcast(S, alpha);
            if (mode == OVERWRITE) {
                c00.mul(va).intoArray(c, cOff);
                c01.mul(va).intoArray(c, cOff + L);
                c10.mul(va).intoArray(c, cOff + 1 * ldc);
                c11.mul(va).intoArray(c, cOff + 1 * ldc + L);
                c20.mul(va).intoArray(c, cOff + 2 * ldc);
                c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
                c30.mul(va).intoArray(c, cOff + 3 * ldc);
                c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
                c40.mul(va).intoArray(c, cOff + 4 * ldc);
                c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
                c50.mul(va).intoArray(c, cOff + 5 * ldc);
                c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
            } else {
                c00.fma(va, DoubleVector.fromArray(S, c, cOff)).intoArray(c, cOff);
                c01.fma(va, DoubleVector.fromArray(S, c, cOff + L)).intoArray(c, cOff + L);
                c10.fma(va, DoubleVector.fromArray(S, c, cOff + 1 * ldc)).intoArray(c, cOff + 1 * ldc);
                c11.fma(va, DoubleVector.fromArray(S, c, cOff + 1 * ldc + L)).intoArray(c, cOff + 1 * ldc + L);
                c20.fma(va, DoubleVector.fromArray(S, c, cOff + 2 * ldc)).intoArray(c, cOff + 2 * ldc);
                c21.fma(va, DoubleVector.fromArray(S, c, cOff + 2 * ldc + L)).intoArray(c, cOff + 2 * ldc + L);
                c30.fma(va, DoubleVector.fromArray(S, c, cOff + 3 * ldc)).intoArray(c, cOff + 3 * ldc);
                c31.fma(va, DoubleVector.fromArray(S, c, cOff + 3 * ldc + L)).intoArray(c, cOff + 3 * ldc + L);
                c40.fma(va, DoubleVector.fromArray(S, c, cOff + 4 * ldc)).intoArray(c, cOff + 4 * ldc);
                c41.fma(va, DoubleVector.fromArray(S, c, cOff + 4 * ldc + L)).intoArray(c, cOff + 4 * ldc + L);
                c50.fma(va, DoubleVector.fromArray(S, c, cOff + 5 * ldc)).intoArray(c, cOff + 5 * ldc);
                c51.fma(va, DoubleVector.fromArray(S, c, cOff + 5 * ldc + L)).intoArray(c, cOff + 5 * ldc + L);
            }
            return;
        }
        c00.intoArray(tmp, 0 * NR);
        c01.intoArray(tmp, 0 * NR + L);
        c10.intoArray(tmp, 1 * NR);
        c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR);
        c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR);
        c51.intoArray(tmp, 5 * NR + L);
        writeBack(tmp, c, cOff, ldc, mr, nr, alpha, beta, mode);
    }

    private static void tile4Rows(int kc, double[] a, int[] rows, double[] pb, int bOff, int ldpb, double[] tmp) {
        int a0 = rows[0];
        int a1 = rows[1];
        int a2 = rows[2];
        int a3 = rows[3];
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        int ib = bOff;
        for (int p = 0; p < kc; p++, ib += ldpb) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
    }

    // The tall tile spills its accumulators with the vector API's own calls, as the 4-row tiles
    // do: through a helper of ours the last calls fell beyond C2's inlining node budget and boxed
    // the vectors (four times slower). It does not write C from its registers like the 8-row
    // tiles: that made the method too big for C1 ("out of virtual registers"), so it ran
    // interpreted until C2 took it over, for seconds on a loaded host.
    /**
     * A {@link #TALL}-row tile (AVX-512) with its rows of A read in place through their offsets,
     * as in {@link #tileRows}, all of them inside C; writes the {@code TALL x nr} tile back. The
     * per-element operations are those of {@link #tile}.
     */
    static void tileTallRows(int kc, double[] a, int[] rows, double[] pb, int bOff, int ldpb,
                             double[] c, int cOff, int ldc, int nr,
                             double alpha, double beta, int mode, double[] tmp) {
        int a0 = rows[0];
        int a1 = rows[1];
        int a2 = rows[2];
        int a3 = rows[3];
        int a4 = rows[4];
        int a5 = rows[5];
        int a6 = rows[6];
        int a7 = rows[7];
        int a8 = rows[8];
        int a9 = rows[9];
        int a10 = rows[10];
        int a11 = rows[11];
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c0_1 = c00;
        DoubleVector c1_0 = c00;
        DoubleVector c1_1 = c00;
        DoubleVector c2_0 = c00;
        DoubleVector c2_1 = c00;
        DoubleVector c3_0 = c00;
        DoubleVector c3_1 = c00;
        DoubleVector c4_0 = c00;
        DoubleVector c4_1 = c00;
        DoubleVector c5_0 = c00;
        DoubleVector c5_1 = c00;
        DoubleVector c6_0 = c00;
        DoubleVector c6_1 = c00;
        DoubleVector c7_0 = c00;
        DoubleVector c7_1 = c00;
        DoubleVector c8_0 = c00;
        DoubleVector c8_1 = c00;
        DoubleVector c9_0 = c00;
        DoubleVector c9_1 = c00;
        DoubleVector c10_0 = c00;
        DoubleVector c10_1 = c00;
        DoubleVector c11_0 = c00;
        DoubleVector c11_1 = c00;
        int ib = bOff;
        for (int p = 0; p < kc; p++, ib += ldpb) {
            DoubleVector b0 = DoubleVector.fromArray(S, pb, ib);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, ib + L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c0_1 = x.fma(b1, c0_1);
            x = DoubleVector.broadcast(S, a[a1 + p]);
            c1_0 = x.fma(b0, c1_0);
            c1_1 = x.fma(b1, c1_1);
            x = DoubleVector.broadcast(S, a[a2 + p]);
            c2_0 = x.fma(b0, c2_0);
            c2_1 = x.fma(b1, c2_1);
            x = DoubleVector.broadcast(S, a[a3 + p]);
            c3_0 = x.fma(b0, c3_0);
            c3_1 = x.fma(b1, c3_1);
            x = DoubleVector.broadcast(S, a[a4 + p]);
            c4_0 = x.fma(b0, c4_0);
            c4_1 = x.fma(b1, c4_1);
            x = DoubleVector.broadcast(S, a[a5 + p]);
            c5_0 = x.fma(b0, c5_0);
            c5_1 = x.fma(b1, c5_1);
            x = DoubleVector.broadcast(S, a[a6 + p]);
            c6_0 = x.fma(b0, c6_0);
            c6_1 = x.fma(b1, c6_1);
            x = DoubleVector.broadcast(S, a[a7 + p]);
            c7_0 = x.fma(b0, c7_0);
            c7_1 = x.fma(b1, c7_1);
            x = DoubleVector.broadcast(S, a[a8 + p]);
            c8_0 = x.fma(b0, c8_0);
            c8_1 = x.fma(b1, c8_1);
            x = DoubleVector.broadcast(S, a[a9 + p]);
            c9_0 = x.fma(b0, c9_0);
            c9_1 = x.fma(b1, c9_1);
            x = DoubleVector.broadcast(S, a[a10 + p]);
            c10_0 = x.fma(b0, c10_0);
            c10_1 = x.fma(b1, c10_1);
            x = DoubleVector.broadcast(S, a[a11 + p]);
            c11_0 = x.fma(b0, c11_0);
            c11_1 = x.fma(b1, c11_1);
        }
        c00.intoArray(tmp, 0 * NR);
        c0_1.intoArray(tmp, 0 * NR + L);
        c1_0.intoArray(tmp, 1 * NR);
        c1_1.intoArray(tmp, 1 * NR + L);
        c2_0.intoArray(tmp, 2 * NR);
        c2_1.intoArray(tmp, 2 * NR + L);
        c3_0.intoArray(tmp, 3 * NR);
        c3_1.intoArray(tmp, 3 * NR + L);
        c4_0.intoArray(tmp, 4 * NR);
        c4_1.intoArray(tmp, 4 * NR + L);
        c5_0.intoArray(tmp, 5 * NR);
        c5_1.intoArray(tmp, 5 * NR + L);
        c6_0.intoArray(tmp, 6 * NR);
        c6_1.intoArray(tmp, 6 * NR + L);
        c7_0.intoArray(tmp, 7 * NR);
        c7_1.intoArray(tmp, 7 * NR + L);
        c8_0.intoArray(tmp, 8 * NR);
        c8_1.intoArray(tmp, 8 * NR + L);
        c9_0.intoArray(tmp, 9 * NR);
        c9_1.intoArray(tmp, 9 * NR + L);
        c10_0.intoArray(tmp, 10 * NR);
        c10_1.intoArray(tmp, 10 * NR + L);
        c11_0.intoArray(tmp, 11 * NR);
        c11_1.intoArray(tmp, 11 * NR + L);
        writeBack(tmp, c, cOff, ldc, TALL, nr, alpha, beta, mode);
    }

    /**
     * Combines the spilled accumulators {@code tmp} (row r at {@code r * NR}) with C: for ragged
     * tiles, the SCALE mode, the 4- and 12-row tiles. Full 6- and 8-row tiles store from their
     * registers instead, with the same operations written out in the tile methods with the vector
     * API's own (force-inlined) calls: through a helper of ours taking the vectors the last calls
     * of a big tile method fell beyond C2's inlining node budget and boxed the vectors, four times
     * slower. Full-width rows use vectors, ragged ones scalars: the per-element operations are the
     * same.
     */
    private static void writeBack(double[] tmp, double[] c, int cOff, int ldc, int mr, int nr,
                                  double alpha, double beta, int mode) {
        if (nr != NR) {
            writeBackScalar(tmp, c, cOff, ldc, mr, nr, alpha, beta, mode);
            return;
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        for (int r = 0; r < mr; r++) {
            for (int v = 0; v < NR; v += L) {
                int at = cOff + r * ldc + v;
                DoubleVector acc = DoubleVector.fromArray(S, tmp, r * NR + v);
                DoubleVector out;
                if (mode == OVERWRITE) {
                    out = acc.mul(va);
                } else if (mode == SCALE) {
                    out = acc.fma(va, DoubleVector.fromArray(S, c, at).mul(beta));
                } else {
                    out = acc.fma(va, DoubleVector.fromArray(S, c, at));
                }
                out.intoArray(c, at);
            }
        }
    }

    private static void writeBackScalar(double[] tmp, double[] c, int cOff, int ldc, int mr, int nr,
                                double alpha, double beta, int mode) {
        for (int r = 0; r < mr; r++) {
            int row = cOff + r * ldc;
            for (int j = 0; j < nr; j++) {
                double acc = tmp[r * NR + j];
                if (mode == OVERWRITE) {
                    c[row + j] = acc * alpha;
                } else if (mode == SCALE) {
                    c[row + j] = Math.fma(acc, alpha, c[row + j] * beta);
                } else {
                    c[row + j] = Math.fma(acc, alpha, c[row + j]);
                }
            }
        }
    }
}
