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
