package dev.dit.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API helpers for the direct 3 × 3 path of {@link Conv2d}, loaded only when the vector
 * kernels are selected. Both work on one flattened plane (see {@code Conv2d.span}): the nine taps
 * are read as nine shifted vectors per step, instead of nine separate axpy or dot passes.
 * Sums run in a fixed order that depends on shapes only.
 */
final class ConvVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private ConvVector() {
    }

    /** {@code out[o0 + p] (=|+=) Σ_{ki,kj} w[w0 + 3ki + kj] · src[s0 + ki·wd + kj + p]} for p < sp, taps in order. */
    static void stencil3x3(double[] w, int w0, double[] src, int s0, int wd, double[] out, int o0, int sp,
                           boolean overwrite) {
        double a0 = w[w0], a1 = w[w0 + 1], a2 = w[w0 + 2];
        double a3 = w[w0 + 3], a4 = w[w0 + 4], a5 = w[w0 + 5];
        double a6 = w[w0 + 6], a7 = w[w0 + 7], a8 = w[w0 + 8];
        int r0 = s0;
        int r1 = s0 + wd;
        int r2 = s0 + 2 * wd;
        DoubleVector v1 = DoubleVector.broadcast(S, a1), v2 = DoubleVector.broadcast(S, a2);
        DoubleVector v3 = DoubleVector.broadcast(S, a3), v4 = DoubleVector.broadcast(S, a4);
        DoubleVector v5 = DoubleVector.broadcast(S, a5), v6 = DoubleVector.broadcast(S, a6);
        DoubleVector v7 = DoubleVector.broadcast(S, a7), v8 = DoubleVector.broadcast(S, a8);
        int p = 0;
        for (; p <= sp - L; p += L) {
            DoubleVector acc = DoubleVector.fromArray(S, src, r0 + p).mul(a0);
            acc = DoubleVector.fromArray(S, src, r0 + p + 1).fma(v1, acc);
            acc = DoubleVector.fromArray(S, src, r0 + p + 2).fma(v2, acc);
            acc = DoubleVector.fromArray(S, src, r1 + p).fma(v3, acc);
            acc = DoubleVector.fromArray(S, src, r1 + p + 1).fma(v4, acc);
            acc = DoubleVector.fromArray(S, src, r1 + p + 2).fma(v5, acc);
            acc = DoubleVector.fromArray(S, src, r2 + p).fma(v6, acc);
            acc = DoubleVector.fromArray(S, src, r2 + p + 1).fma(v7, acc);
            acc = DoubleVector.fromArray(S, src, r2 + p + 2).fma(v8, acc);
            if (overwrite) {
                acc.intoArray(out, o0 + p);
            } else {
                acc.add(DoubleVector.fromArray(S, out, o0 + p)).intoArray(out, o0 + p);
            }
        }
        for (; p < sp; p++) {
            double s = src[r0 + p] * a0;
            s = Math.fma(src[r0 + p + 1], a1, s);
            s = Math.fma(src[r0 + p + 2], a2, s);
            s = Math.fma(src[r1 + p], a3, s);
            s = Math.fma(src[r1 + p + 1], a4, s);
            s = Math.fma(src[r1 + p + 2], a5, s);
            s = Math.fma(src[r2 + p], a6, s);
            s = Math.fma(src[r2 + p + 1], a7, s);
            s = Math.fma(src[r2 + p + 2], a8, s);
            out[o0 + p] = overwrite ? s : out[o0 + p] + s;
        }
    }

    /**
     * {@link #stencil3x3} for two output channels at once (weights at {@code wa} and {@code wb},
     * outputs at {@code oa} and {@code ob}): each shifted input vector is loaded once for both.
     * Every output is formed by the same operations in the same order as by two single calls.
     */
    static void stencil3x3Pair(double[] w, int wa, int wb, double[] src, int s0, int wd, double[] out, int oa, int ob,
                               int sp, boolean overwrite) {
        int r0 = s0;
        int r1 = s0 + wd;
        int r2 = s0 + 2 * wd;
        double a0 = w[wa];
        double b0 = w[wb];
        DoubleVector a1 = DoubleVector.broadcast(S, w[wa + 1]), a2 = DoubleVector.broadcast(S, w[wa + 2]);
        DoubleVector a3 = DoubleVector.broadcast(S, w[wa + 3]), a4 = DoubleVector.broadcast(S, w[wa + 4]);
        DoubleVector a5 = DoubleVector.broadcast(S, w[wa + 5]), a6 = DoubleVector.broadcast(S, w[wa + 6]);
        DoubleVector a7 = DoubleVector.broadcast(S, w[wa + 7]), a8 = DoubleVector.broadcast(S, w[wa + 8]);
        DoubleVector b1 = DoubleVector.broadcast(S, w[wb + 1]), b2 = DoubleVector.broadcast(S, w[wb + 2]);
        DoubleVector b3 = DoubleVector.broadcast(S, w[wb + 3]), b4 = DoubleVector.broadcast(S, w[wb + 4]);
        DoubleVector b5 = DoubleVector.broadcast(S, w[wb + 5]), b6 = DoubleVector.broadcast(S, w[wb + 6]);
        DoubleVector b7 = DoubleVector.broadcast(S, w[wb + 7]), b8 = DoubleVector.broadcast(S, w[wb + 8]);
        int p = 0;
        for (; p <= sp - L; p += L) {
            DoubleVector x = DoubleVector.fromArray(S, src, r0 + p);
            DoubleVector accA = x.mul(a0);
            DoubleVector accB = x.mul(b0);
            x = DoubleVector.fromArray(S, src, r0 + p + 1);
            accA = x.fma(a1, accA);
            accB = x.fma(b1, accB);
            x = DoubleVector.fromArray(S, src, r0 + p + 2);
            accA = x.fma(a2, accA);
            accB = x.fma(b2, accB);
            x = DoubleVector.fromArray(S, src, r1 + p);
            accA = x.fma(a3, accA);
            accB = x.fma(b3, accB);
            x = DoubleVector.fromArray(S, src, r1 + p + 1);
            accA = x.fma(a4, accA);
            accB = x.fma(b4, accB);
            x = DoubleVector.fromArray(S, src, r1 + p + 2);
            accA = x.fma(a5, accA);
            accB = x.fma(b5, accB);
            x = DoubleVector.fromArray(S, src, r2 + p);
            accA = x.fma(a6, accA);
            accB = x.fma(b6, accB);
            x = DoubleVector.fromArray(S, src, r2 + p + 1);
            accA = x.fma(a7, accA);
            accB = x.fma(b7, accB);
            x = DoubleVector.fromArray(S, src, r2 + p + 2);
            accA = x.fma(a8, accA);
            accB = x.fma(b8, accB);
            if (overwrite) {
                accA.intoArray(out, oa + p);
                accB.intoArray(out, ob + p);
            } else {
                accA.add(DoubleVector.fromArray(S, out, oa + p)).intoArray(out, oa + p);
                accB.add(DoubleVector.fromArray(S, out, ob + p)).intoArray(out, ob + p);
            }
        }
        if (p < sp) {
            tail(w, wa, src, r0, r1, r2, out, oa, p, sp, overwrite);
            tail(w, wb, src, r0, r1, r2, out, ob, p, sp, overwrite);
        }
    }

    private static void tail(double[] w, int w0, double[] src, int r0, int r1, int r2, double[] out, int o0, int p0, int sp,
                             boolean overwrite) {
        for (int p = p0; p < sp; p++) {
            double s = src[r0 + p] * w[w0];
            s = Math.fma(src[r0 + p + 1], w[w0 + 1], s);
            s = Math.fma(src[r0 + p + 2], w[w0 + 2], s);
            s = Math.fma(src[r1 + p], w[w0 + 3], s);
            s = Math.fma(src[r1 + p + 1], w[w0 + 4], s);
            s = Math.fma(src[r1 + p + 2], w[w0 + 5], s);
            s = Math.fma(src[r2 + p], w[w0 + 6], s);
            s = Math.fma(src[r2 + p + 1], w[w0 + 7], s);
            s = Math.fma(src[r2 + p + 2], w[w0 + 8], s);
            out[o0 + p] = overwrite ? s : out[o0 + p] + s;
        }
    }

    /**
     * {@code dst[t0 + r·dstStride + j] (=|+=) src[f0 + r·srcStride + j] + bv} for {@code r < rows},
     * {@code j < n}: a wide block to planes and back. Rows are short (tens of doubles), too short
     * for C2's unrolled loops, which then run scalar; here each row is whole vectors and a tail.
     */
    static void rows(double[] src, int f0, int srcStride, double[] dst, int t0, int dstStride, int rows, int n,
                     double bv, boolean overwrite) {
        DoubleVector b = DoubleVector.broadcast(S, bv);
        for (int r = 0; r < rows; r++) {
            int f = f0 + r * srcStride;
            int t = t0 + r * dstStride;
            int j = 0;
            for (; j <= n - L; j += L) {
                DoubleVector v = DoubleVector.fromArray(S, src, f + j).add(b);
                if (!overwrite) {
                    v = DoubleVector.fromArray(S, dst, t + j).add(v);
                }
                v.intoArray(dst, t + j);
            }
            for (; j < n; j++) {
                double v = src[f + j] + bv;
                dst[t + j] = overwrite ? v : dst[t + j] + v;
            }
        }
    }

    /** {@code Σ g[g0 + p]} for p < n: lane sums, added in lane order, then the tail; {@code lanes}: one vector of scratch. */
    static double sum(double[] g, int g0, int n, double[] lanes) {
        DoubleVector acc = DoubleVector.zero(S);
        int p = 0;
        for (; p <= n - L; p += L) {
            acc = acc.add(DoubleVector.fromArray(S, g, g0 + p));
        }
        acc.intoArray(lanes, 0);
        double s = 0.0;
        for (int lane = 0; lane < L; lane++) {
            s += lanes[lane];
        }
        for (; p < n; p++) {
            s += g[g0 + p];
        }
        return s;
    }

    /** Doubles of scratch {@link #dots3x3} needs: nine vectors of the widest shape (2048 bits). */
    static final int DOTS_SCRATCH = 9 * 32;

    /**
     * {@code acc[a0 + 3ki + kj] += Σ_p g[g0 + p] · src[s0 + ki·wd + kj + p]} for p < sp; {@code lanes}
     * holds {@link #DOTS_SCRATCH} doubles of scratch (the nine accumulators are stored there and
     * their lanes summed in order: lane extraction by index is not compiled to one instruction).
     */
    static void dots3x3(double[] g, int g0, double[] src, int s0, int wd, int sp, double[] acc, int a0, double[] lanes) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0;
        int r0 = s0;
        int r1 = s0 + wd;
        int r2 = s0 + 2 * wd;
        int p = 0;
        for (; p <= sp - L; p += L) {
            DoubleVector gv = DoubleVector.fromArray(S, g, g0 + p);
            c0 = DoubleVector.fromArray(S, src, r0 + p).fma(gv, c0);
            c1 = DoubleVector.fromArray(S, src, r0 + p + 1).fma(gv, c1);
            c2 = DoubleVector.fromArray(S, src, r0 + p + 2).fma(gv, c2);
            c3 = DoubleVector.fromArray(S, src, r1 + p).fma(gv, c3);
            c4 = DoubleVector.fromArray(S, src, r1 + p + 1).fma(gv, c4);
            c5 = DoubleVector.fromArray(S, src, r1 + p + 2).fma(gv, c5);
            c6 = DoubleVector.fromArray(S, src, r2 + p).fma(gv, c6);
            c7 = DoubleVector.fromArray(S, src, r2 + p + 1).fma(gv, c7);
            c8 = DoubleVector.fromArray(S, src, r2 + p + 2).fma(gv, c8);
        }
        c0.intoArray(lanes, 0);
        c1.intoArray(lanes, L);
        c2.intoArray(lanes, 2 * L);
        c3.intoArray(lanes, 3 * L);
        c4.intoArray(lanes, 4 * L);
        c5.intoArray(lanes, 5 * L);
        c6.intoArray(lanes, 6 * L);
        c7.intoArray(lanes, 7 * L);
        c8.intoArray(lanes, 8 * L);
        acc[a0] += finish(lanes, 0, g, g0, src, r0, p, sp);
        acc[a0 + 1] += finish(lanes, 1, g, g0, src, r0 + 1, p, sp);
        acc[a0 + 2] += finish(lanes, 2, g, g0, src, r0 + 2, p, sp);
        acc[a0 + 3] += finish(lanes, 3, g, g0, src, r1, p, sp);
        acc[a0 + 4] += finish(lanes, 4, g, g0, src, r1 + 1, p, sp);
        acc[a0 + 5] += finish(lanes, 5, g, g0, src, r1 + 2, p, sp);
        acc[a0 + 6] += finish(lanes, 6, g, g0, src, r2, p, sp);
        acc[a0 + 7] += finish(lanes, 7, g, g0, src, r2 + 1, p, sp);
        acc[a0 + 8] += finish(lanes, 8, g, g0, src, r2 + 2, p, sp);
    }

    /**
     * {@link #dots3x3} for two adjoint planes ({@code ga[ga0…]} into {@code acc[aa…]}, {@code gb[gb0…]}
     * into {@code acc[ab…]}) against the same input plane, each shifted input vector loaded once;
     * the same sums in the same order as two single calls. {@code lanes}: 2 × {@link #DOTS_SCRATCH}.
     */
    static void dots3x3Pair(double[] ga, int ga0, double[] gb, int gb0, double[] src, int s0, int wd, int sp,
                            double[] acc, int aa, int ab, double[] lanes) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0;
        DoubleVector d0 = c0, d1 = c0, d2 = c0, d3 = c0, d4 = c0, d5 = c0, d6 = c0, d7 = c0, d8 = c0;
        int r0 = s0;
        int r1 = s0 + wd;
        int r2 = s0 + 2 * wd;
        int p = 0;
        for (; p <= sp - L; p += L) {
            DoubleVector gv = DoubleVector.fromArray(S, ga, ga0 + p);
            DoubleVector hv = DoubleVector.fromArray(S, gb, gb0 + p);
            DoubleVector x = DoubleVector.fromArray(S, src, r0 + p);
            c0 = x.fma(gv, c0);
            d0 = x.fma(hv, d0);
            x = DoubleVector.fromArray(S, src, r0 + p + 1);
            c1 = x.fma(gv, c1);
            d1 = x.fma(hv, d1);
            x = DoubleVector.fromArray(S, src, r0 + p + 2);
            c2 = x.fma(gv, c2);
            d2 = x.fma(hv, d2);
            x = DoubleVector.fromArray(S, src, r1 + p);
            c3 = x.fma(gv, c3);
            d3 = x.fma(hv, d3);
            x = DoubleVector.fromArray(S, src, r1 + p + 1);
            c4 = x.fma(gv, c4);
            d4 = x.fma(hv, d4);
            x = DoubleVector.fromArray(S, src, r1 + p + 2);
            c5 = x.fma(gv, c5);
            d5 = x.fma(hv, d5);
            x = DoubleVector.fromArray(S, src, r2 + p);
            c6 = x.fma(gv, c6);
            d6 = x.fma(hv, d6);
            x = DoubleVector.fromArray(S, src, r2 + p + 1);
            c7 = x.fma(gv, c7);
            d7 = x.fma(hv, d7);
            x = DoubleVector.fromArray(S, src, r2 + p + 2);
            c8 = x.fma(gv, c8);
            d8 = x.fma(hv, d8);
        }
        c0.intoArray(lanes, 0);
        c1.intoArray(lanes, L);
        c2.intoArray(lanes, 2 * L);
        c3.intoArray(lanes, 3 * L);
        c4.intoArray(lanes, 4 * L);
        c5.intoArray(lanes, 5 * L);
        c6.intoArray(lanes, 6 * L);
        c7.intoArray(lanes, 7 * L);
        c8.intoArray(lanes, 8 * L);
        d0.intoArray(lanes, 9 * L);
        d1.intoArray(lanes, 10 * L);
        d2.intoArray(lanes, 11 * L);
        d3.intoArray(lanes, 12 * L);
        d4.intoArray(lanes, 13 * L);
        d5.intoArray(lanes, 14 * L);
        d6.intoArray(lanes, 15 * L);
        d7.intoArray(lanes, 16 * L);
        d8.intoArray(lanes, 17 * L);
        for (int t = 0; t < 9; t++) {
            int r = (t < 3 ? r0 : t < 6 ? r1 : r2) + t % 3;
            acc[aa + t] += finish(lanes, t, ga, ga0, src, r, p, sp);
            acc[ab + t] += finish(lanes, 9 + t, gb, gb0, src, r, p, sp);
        }
    }

    /** Lanes of accumulator {@code t} summed in lane order, then the scalar tail. */
    private static double finish(double[] lanes, int t, double[] g, int g0, double[] src, int r, int p0, int sp) {
        double s = 0.0;
        for (int lane = 0; lane < L; lane++) {
            s += lanes[t * L + lane]; // fixed order: reduceLanes leaves it unspecified
        }
        for (int p = p0; p < sp; p++) {
            s += g[g0 + p] * src[r + p];
        }
        return s;
    }
}
