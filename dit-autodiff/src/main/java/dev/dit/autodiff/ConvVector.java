package dev.dit.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
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

    /** {@code out[p] (=|+=) Σ_{ki,kj} w[w0 + 3ki + kj] · src[s0 + ki·wd + kj + p]} for p < sp, taps in order. */
    static void stencil3x3(double[] w, int w0, double[] src, int s0, int wd, double[] out, int sp,
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
                acc.intoArray(out, p);
            } else {
                acc.add(DoubleVector.fromArray(S, out, p)).intoArray(out, p);
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
            out[p] = overwrite ? s : out[p] + s;
        }
    }

    /** {@code acc[a0 + 3ki + kj] += Σ_p g[p] · src[s0 + ki·wd + kj + p]} for p < sp. */
    static void dots3x3(double[] g, double[] src, int s0, int wd, int sp, double[] acc, int a0) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0;
        int r0 = s0;
        int r1 = s0 + wd;
        int r2 = s0 + 2 * wd;
        int p = 0;
        for (; p <= sp - L; p += L) {
            DoubleVector gv = DoubleVector.fromArray(S, g, p);
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
        acc[a0] += finish(c0, g, src, r0, p, sp);
        acc[a0 + 1] += finish(c1, g, src, r0 + 1, p, sp);
        acc[a0 + 2] += finish(c2, g, src, r0 + 2, p, sp);
        acc[a0 + 3] += finish(c3, g, src, r1, p, sp);
        acc[a0 + 4] += finish(c4, g, src, r1 + 1, p, sp);
        acc[a0 + 5] += finish(c5, g, src, r1 + 2, p, sp);
        acc[a0 + 6] += finish(c6, g, src, r2, p, sp);
        acc[a0 + 7] += finish(c7, g, src, r2 + 1, p, sp);
        acc[a0 + 8] += finish(c8, g, src, r2 + 2, p, sp);
    }

    private static double finish(DoubleVector c, double[] g, double[] src, int r, int p0, int sp) {
        double s = 0.0;
        for (int lane = 0; lane < L; lane++) {
            s += c.lane(lane); // fixed order: reduceLanes leaves it unspecified
        }
        for (int p = p0; p < sp; p++) {
            s += g[p] * src[r + p];
        }
        return s;
    }

    /** Doubles per vector. */
    static int lanes() {
        return L;
    }

    /**
     * {@code acc[a + j] += Σ_{k<n} g[k] · src[org[k] + off + j]} for the L lanes j of one vector,
     * the sum over k as two partial sums (even k, odd k) added as {@code (even + odd)}: two
     * independent fused-multiply-add chains instead of one.
     */
    static void gatherDot(double[] g, int[] org, int n, double[] src, int off, double[] acc, int a) {
        DoubleVector e = DoubleVector.zero(S), o = e;
        int k = 0;
        for (; k + 2 <= n; k += 2) {
            e = DoubleVector.fromArray(S, src, org[k] + off).fma(DoubleVector.broadcast(S, g[k]), e);
            o = DoubleVector.fromArray(S, src, org[k + 1] + off).fma(DoubleVector.broadcast(S, g[k + 1]), o);
        }
        if (k < n) {
            e = DoubleVector.fromArray(S, src, org[k] + off).fma(DoubleVector.broadcast(S, g[k]), e);
        }
        e.add(o).add(DoubleVector.fromArray(S, acc, a)).intoArray(acc, a);
    }

    /**
     * {@link #gatherDot} for three vectors at once (offsets off0..off2 into src, a0..a2 into acc):
     * each k's index and adjoint are loaded once for three products, in the same order per lane.
     */
    static void gatherDot3(double[] g, int[] org, int n, double[] src, int off0, int off1, int off2,
                           double[] acc, int a0, int a1, int a2) {
        DoubleVector e0 = DoubleVector.zero(S), e1 = e0, e2 = e0, o0 = e0, o1 = e0, o2 = e0;
        int k = 0;
        for (; k + 2 <= n; k += 2) {
            DoubleVector ge = DoubleVector.broadcast(S, g[k]);
            int se = org[k];
            e0 = DoubleVector.fromArray(S, src, se + off0).fma(ge, e0);
            e1 = DoubleVector.fromArray(S, src, se + off1).fma(ge, e1);
            e2 = DoubleVector.fromArray(S, src, se + off2).fma(ge, e2);
            DoubleVector go = DoubleVector.broadcast(S, g[k + 1]);
            int so = org[k + 1];
            o0 = DoubleVector.fromArray(S, src, so + off0).fma(go, o0);
            o1 = DoubleVector.fromArray(S, src, so + off1).fma(go, o1);
            o2 = DoubleVector.fromArray(S, src, so + off2).fma(go, o2);
        }
        if (k < n) {
            DoubleVector ge = DoubleVector.broadcast(S, g[k]);
            int se = org[k];
            e0 = DoubleVector.fromArray(S, src, se + off0).fma(ge, e0);
            e1 = DoubleVector.fromArray(S, src, se + off1).fma(ge, e1);
            e2 = DoubleVector.fromArray(S, src, se + off2).fma(ge, e2);
        }
        e0.add(o0).add(DoubleVector.fromArray(S, acc, a0)).intoArray(acc, a0);
        e1.add(o1).add(DoubleVector.fromArray(S, acc, a1)).intoArray(acc, a1);
        e2.add(o2).add(DoubleVector.fromArray(S, acc, a2)).intoArray(acc, a2);
    }

    /**
     * {@code dst[org[k] + off_i + j] = fma(w[w_i + j], g[k], dst[…])} for k < n and three whole
     * vectors i = 0, 1, 2 (each read, updated and written before the next, so overlaps stay exact).
     */
    static void scatter3(double[] g, int[] org, int n, double[] w, int w0, int w1, int w2,
                         double[] dst, int off0, int off1, int off2) {
        DoubleVector v0 = DoubleVector.fromArray(S, w, w0);
        DoubleVector v1 = DoubleVector.fromArray(S, w, w1);
        DoubleVector v2 = DoubleVector.fromArray(S, w, w2);
        for (int k = 0; k < n; k++) {
            DoubleVector gv = DoubleVector.broadcast(S, g[k]);
            int d = org[k];
            v0.fma(gv, DoubleVector.fromArray(S, dst, d + off0)).intoArray(dst, d + off0);
            v1.fma(gv, DoubleVector.fromArray(S, dst, d + off1)).intoArray(dst, d + off1);
            v2.fma(gv, DoubleVector.fromArray(S, dst, d + off2)).intoArray(dst, d + off2);
        }
    }

    /**
     * The HVP's weight adjoint and its tangent in one pass, for one vector: {@code acc[a] +=
     * Σ_k g[k]·P_k} exactly as {@link #gatherDot}, and {@code acc[d] += Σ_k (gDot[k]·P_k +
     * g[k]·Ṗ_k)} with {@code P_k = src[org[k] + off …]}, {@code Ṗ_k = srcDot[org[k] + offDot …]}
     * (the term left out when srcDot is null), both over even and odd k, each P_k loaded once.
     */
    static void gatherDotHvp(double[] g, double[] gDot, int[] org, int n, double[] src, int off, double[] srcDot,
                             int offDot, double[] acc, int a, int d) {
        DoubleVector e = DoubleVector.zero(S), o = e, de = e, dO = e;
        int k = 0;
        for (; k + 2 <= n; k += 2) {
            DoubleVector p0 = DoubleVector.fromArray(S, src, org[k] + off);
            DoubleVector p1 = DoubleVector.fromArray(S, src, org[k + 1] + off);
            DoubleVector g0 = DoubleVector.broadcast(S, g[k]);
            DoubleVector g1 = DoubleVector.broadcast(S, g[k + 1]);
            e = p0.fma(g0, e);
            o = p1.fma(g1, o);
            de = p0.fma(DoubleVector.broadcast(S, gDot[k]), de);
            dO = p1.fma(DoubleVector.broadcast(S, gDot[k + 1]), dO);
            if (srcDot != null) {
                de = DoubleVector.fromArray(S, srcDot, org[k] + offDot).fma(g0, de);
                dO = DoubleVector.fromArray(S, srcDot, org[k + 1] + offDot).fma(g1, dO);
            }
        }
        if (k < n) {
            DoubleVector p0 = DoubleVector.fromArray(S, src, org[k] + off);
            DoubleVector g0 = DoubleVector.broadcast(S, g[k]);
            e = p0.fma(g0, e);
            de = p0.fma(DoubleVector.broadcast(S, gDot[k]), de);
            if (srcDot != null) {
                de = DoubleVector.fromArray(S, srcDot, org[k] + offDot).fma(g0, de);
            }
        }
        e.add(o).add(DoubleVector.fromArray(S, acc, a)).intoArray(acc, a);
        de.add(dO).add(DoubleVector.fromArray(S, acc, d)).intoArray(acc, d);
    }

    /**
     * The HVP's input adjoint and its tangent in one pass, for one vector of weights:
     * {@code dst[org[k] + off + j] += g[k]·w[w0 + j]} and {@code dstDot[…] += gDot[k]·w[w0 + j]
     * + g[k]·wDot[w0 + j]} (the last term left out when wDot is null), for k < n in order and the
     * first {@code valid} lanes j (the others are written back unchanged).
     */
    static void scatterHvp(double[] g, double[] gDot, int[] org, int n, double[] w, double[] wDot, int w0,
                           double[] dst, double[] dstDot, int off, int valid) {
        DoubleVector wv = DoubleVector.fromArray(S, w, w0);
        DoubleVector wd = wDot == null ? null : DoubleVector.fromArray(S, wDot, w0);
        VectorMask<Double> head = HEAD[valid % L];
        for (int k = 0; k < n; k++) {
            int at = org[k] + off;
            DoubleVector gv = DoubleVector.broadcast(S, g[k]);
            DoubleVector old = DoubleVector.fromArray(S, dst, at);
            DoubleVector sum = wv.fma(gv, old);
            (valid == L ? sum : old.blend(sum, head)).intoArray(dst, at);
            DoubleVector oldDot = DoubleVector.fromArray(S, dstDot, at);
            DoubleVector sumDot = wv.fma(DoubleVector.broadcast(S, gDot[k]), oldDot);
            if (wd != null) {
                sumDot = wd.fma(gv, sumDot);
            }
            (valid == L ? sumDot : oldDot.blend(sumDot, head)).intoArray(dstDot, at);
        }
    }

    /**
     * ReLU's derivative from its outputs: {@code out[k] = 0} where {@code y[y0 + k]} is zero, else
     * 1 (also for NaN), as {@link Activation#firstDerivative} (ReLU never outputs −0).
     */
    static void reluDerivative(double[] y, int y0, double[] out, int len) {
        DoubleVector zero = DoubleVector.zero(S);
        int k = 0;
        for (; k + L <= len; k += L) {
            VectorMask<Double> off = DoubleVector.fromArray(S, y, y0 + k).compare(VectorOperators.EQ, 0.0);
            ONE.blend(zero, off).intoArray(out, k);
        }
        for (; k < len; k++) {
            out[k] = y[y0 + k] == 0.0 ? 0.0 : 1.0;
        }
    }

    /** Lanes {@code [0, i)} for i < L: the valid lanes of a run's last vector. */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Double>[] HEAD = new VectorMask[L];

    static {
        for (int i = 0; i < L; i++) {
            HEAD[i] = S.indexInRange(0, i);
        }
    }

    /**
     * {@code dst[org[k] + off + j] = fma(w[w0 + j], g[k], dst[…])} for k < n and the first
     * {@code valid} lanes j of one vector (the others are written back unchanged; they belong to
     * the same image). The k run in order, so overlapping vectors are still exact; distinct
     * receptive fields at one offset never share a first address, so stores rarely wait on
     * each other.
     */
    static void scatterRun(double[] g, int[] org, int n, double[] w, int w0, double[] dst, int off, int valid) {
        DoubleVector wv = DoubleVector.fromArray(S, w, w0);
        if (valid == L) {
            for (int k = 0; k < n; k++) {
                int d = org[k] + off;
                wv.fma(DoubleVector.broadcast(S, g[k]), DoubleVector.fromArray(S, dst, d)).intoArray(dst, d);
            }
            return;
        }
        VectorMask<Double> head = HEAD[valid];
        for (int k = 0; k < n; k++) {
            int d = org[k] + off;
            DoubleVector old = DoubleVector.fromArray(S, dst, d);
            old.blend(wv.fma(DoubleVector.broadcast(S, g[k]), old), head).intoArray(dst, d);
        }
    }

    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector TWO = DoubleVector.broadcast(S, 2.0);
    private static final DoubleVector THREE = DoubleVector.broadcast(S, 3.0);

    /** Lane i takes lane 2i mod L: the even lanes, twice. */
    private static final VectorShuffle<Double> EVEN = VectorShuffle.fromOp(S, i -> (2 * i) % L);
    /** The upper half of the lanes. */
    private static final VectorMask<Double> UPPER = S.indexInRange(-L / 2, L / 2);

    /**
     * 2 × 2 max-pooling of one row pair {@code z[top…]}, {@code z[top + rs…]} into qo outputs:
     * {@code max[j]} and {@code code[j]} (2·row + column of the winner, first in row-major order
     * on ties) for the window at columns 2j, 2j + 1. Two vectors of columns are compared at every
     * column, keeping every load contiguous, and their even lanes (the windows) packed into one.
     * Reads up to two vectors past {@code top + rs + 2·qo}; writes up to a vector past
     * {@code max[qo]} and {@code code[qo]}.
     */
    static void pool2x2(double[] z, int top, int rs, int qo, double[] max, double[] code) {
        int bot = top + rs;
        DoubleVector zero = DoubleVector.zero(S);
        for (int p = 0; p < 2 * qo; p += 2 * L) {
            DoubleVector a = DoubleVector.fromArray(S, z, top + p);
            DoubleVector b = DoubleVector.fromArray(S, z, top + p + 1);
            DoubleVector c = DoubleVector.fromArray(S, z, bot + p);
            DoubleVector d = DoubleVector.fromArray(S, z, bot + p + 1);
            VectorMask<Double> g1 = b.compare(VectorOperators.GT, a);
            VectorMask<Double> g2 = d.compare(VectorOperators.GT, c);
            DoubleVector m1 = a.blend(b, g1);
            DoubleVector m2 = c.blend(d, g2);
            VectorMask<Double> g3 = m2.compare(VectorOperators.GT, m1);
            DoubleVector mLow = m1.blend(m2, g3);
            DoubleVector cLow = zero.blend(ONE, g1).blend(TWO.blend(THREE, g2), g3);
            a = DoubleVector.fromArray(S, z, top + p + L);
            b = DoubleVector.fromArray(S, z, top + p + L + 1);
            c = DoubleVector.fromArray(S, z, bot + p + L);
            d = DoubleVector.fromArray(S, z, bot + p + L + 1);
            g1 = b.compare(VectorOperators.GT, a);
            g2 = d.compare(VectorOperators.GT, c);
            m1 = a.blend(b, g1);
            m2 = c.blend(d, g2);
            g3 = m2.compare(VectorOperators.GT, m1);
            DoubleVector mHigh = m1.blend(m2, g3);
            DoubleVector cHigh = zero.blend(ONE, g1).blend(TWO.blend(THREE, g2), g3);
            mLow.rearrange(EVEN).blend(mHigh.rearrange(EVEN), UPPER).intoArray(max, p / 2);
            cLow.rearrange(EVEN).blend(cHigh.rearrange(EVEN), UPPER).intoArray(code, p / 2);
        }
    }

    /**
     * One pooled row of a direct convolution followed by 2 × 2 max-pooling, for L output
     * channels at once, one per lane. Pooled column j's window has its convolution outputs at
     * input origins {@code o_j + d}, {@code o_j = base + j·step}, {@code d ∈ {0, right, down,
     * down + right}}; each output is {@code Σ_t x[o_j + d + tap[t]] · wt[w0 + t·ws + lane]},
     * one fused multiply-add chain in tap order. Writes the window's maximum to
     * {@code max[m0 + j·ms + lane]} and its winner code (2·row + column, first in row-major
     * order on ties) to {@code code[…]}, for j < qo.
     */
    static void convPoolRow(double[] x, int base, int step, int right, int down, int[] tap, int taps,
                            double[] wt, int w0, int ws, int qo, double[] max, double[] code, int m0, int ms) {
        DoubleVector zero = DoubleVector.zero(S);
        int j = 0;
        // two windows at a time share each weight load
        for (; j + 2 <= qo; j += 2) {
            int o = base + j * step;
            DoubleVector a = zero, b = zero, c = zero, d = zero;
            DoubleVector e = zero, f = zero, g = zero, h = zero;
            for (int t = 0; t < taps; t++) {
                DoubleVector wv = DoubleVector.fromArray(S, wt, w0 + t * ws);
                int at = o + tap[t];
                int at2 = at + step;
                a = DoubleVector.broadcast(S, x[at]).fma(wv, a);
                b = DoubleVector.broadcast(S, x[at + right]).fma(wv, b);
                c = DoubleVector.broadcast(S, x[at + down]).fma(wv, c);
                d = DoubleVector.broadcast(S, x[at + down + right]).fma(wv, d);
                e = DoubleVector.broadcast(S, x[at2]).fma(wv, e);
                f = DoubleVector.broadcast(S, x[at2 + right]).fma(wv, f);
                g = DoubleVector.broadcast(S, x[at2 + down]).fma(wv, g);
                h = DoubleVector.broadcast(S, x[at2 + down + right]).fma(wv, h);
            }
            pool4(a, b, c, d, max, code, m0 + j * ms);
            pool4(e, f, g, h, max, code, m0 + (j + 1) * ms);
        }
        for (; j < qo; j++) {
            int o = base + j * step;
            DoubleVector a = zero, b = zero, c = zero, d = zero;
            for (int t = 0; t < taps; t++) {
                DoubleVector wv = DoubleVector.fromArray(S, wt, w0 + t * ws);
                int at = o + tap[t];
                a = DoubleVector.broadcast(S, x[at]).fma(wv, a);
                b = DoubleVector.broadcast(S, x[at + right]).fma(wv, b);
                c = DoubleVector.broadcast(S, x[at + down]).fma(wv, c);
                d = DoubleVector.broadcast(S, x[at + down + right]).fma(wv, d);
            }
            pool4(a, b, c, d, max, code, m0 + j * ms);
        }
    }

    /**
     * {@link #convPoolRow} for two vectors of channels, {@code w0} and {@code w0 + L}, which share
     * each input load: eight accumulators per window instead of four. Same sums, same order.
     */
    static void convPoolRow2(double[] x, int base, int step, int right, int down, int[] tap, int taps,
                             double[] wt, int w0, int ws, int qo, double[] max, double[] code, int m0, int ms) {
        DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < qo; j++) {
            int o = base + j * step;
            DoubleVector a = zero, b = zero, c = zero, d = zero;
            DoubleVector e = zero, f = zero, g = zero, h = zero;
            for (int t = 0; t < taps; t++) {
                DoubleVector w1 = DoubleVector.fromArray(S, wt, w0 + t * ws);
                DoubleVector w2 = DoubleVector.fromArray(S, wt, w0 + t * ws + L);
                int at = o + tap[t];
                DoubleVector xa = DoubleVector.broadcast(S, x[at]);
                DoubleVector xb = DoubleVector.broadcast(S, x[at + right]);
                DoubleVector xc = DoubleVector.broadcast(S, x[at + down]);
                DoubleVector xd = DoubleVector.broadcast(S, x[at + down + right]);
                a = xa.fma(w1, a);
                b = xb.fma(w1, b);
                c = xc.fma(w1, c);
                d = xd.fma(w1, d);
                e = xa.fma(w2, e);
                f = xb.fma(w2, f);
                g = xc.fma(w2, g);
                h = xd.fma(w2, h);
            }
            int m = m0 + j * ms;
            pool4(a, b, c, d, max, code, m);
            pool4(e, f, g, h, max, code, m + L);
        }
    }

    /**
     * The tangent of one pooled row of {@link #convPoolRow}, for {@code vecs} (1 or 2) vectors of
     * channels from {@code w0} on: for each window the convolution tangents {@code Σ_t x·Ẇ_t +
     * Σ_t ẋ·W_t} at its four positions (the first sum only when wtDot is not null, the second
     * only when xDot is not null, ẋ read {@code dotShift} after x; one fused multiply-add chain,
     * tap by tap through the first sum, then the second), of which each lane keeps the one at its
     * winner, given by {@code code[c0 + m0 + j·ms + lane]}. Written to {@code out[m0 + j·ms …]}.
     */
    static void tangentPoolRow(double[] x, double[] xDot, int dotShift, int base, int step, int right, int down,
                               int[] tap, int taps, double[] wt, double[] wtDot, int w0, int ws, int vecs, int qo,
                               double[] code, int c0, double[] out, int m0, int ms) {
        if (vecs == 2) {
            tangentPoolRow2(x, xDot, dotShift, base, step, right, down, tap, taps, wt, wtDot, w0, ws, qo, code, c0, out, m0, ms);
            return;
        }
        DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < qo; j++) {
            int o = base + j * step;
            DoubleVector a = zero, b = zero, c = zero, d = zero;
            if (wtDot != null) {
                for (int t = 0; t < taps; t++) {
                    int at = o + tap[t];
                    DoubleVector w1 = DoubleVector.fromArray(S, wtDot, w0 + t * ws);
                    a = DoubleVector.broadcast(S, x[at]).fma(w1, a);
                    b = DoubleVector.broadcast(S, x[at + right]).fma(w1, b);
                    c = DoubleVector.broadcast(S, x[at + down]).fma(w1, c);
                    d = DoubleVector.broadcast(S, x[at + down + right]).fma(w1, d);
                }
            }
            if (xDot != null) {
                for (int t = 0; t < taps; t++) {
                    int at = o + tap[t] + dotShift;
                    DoubleVector w1 = DoubleVector.fromArray(S, wt, w0 + t * ws);
                    a = DoubleVector.broadcast(S, xDot[at]).fma(w1, a);
                    b = DoubleVector.broadcast(S, xDot[at + right]).fma(w1, b);
                    c = DoubleVector.broadcast(S, xDot[at + down]).fma(w1, c);
                    d = DoubleVector.broadcast(S, xDot[at + down + right]).fma(w1, d);
                }
            }
            select(a, b, c, d, code, c0 + m0 + j * ms, out, m0 + j * ms);
        }
    }

    /** {@link #tangentPoolRow} for two vectors of channels, which share each input load. */
    private static void tangentPoolRow2(double[] x, double[] xDot, int dotShift, int base, int step, int right, int down,
                                        int[] tap, int taps, double[] wt, double[] wtDot, int w0, int ws, int qo,
                                        double[] code, int c0, double[] out, int m0, int ms) {
        DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < qo; j++) {
            int o = base + j * step;
            DoubleVector a = zero, b = zero, c = zero, d = zero;
            DoubleVector e = zero, f = zero, g = zero, h = zero;
            if (wtDot != null) {
                for (int t = 0; t < taps; t++) {
                    int at = o + tap[t];
                    DoubleVector xa = DoubleVector.broadcast(S, x[at]);
                    DoubleVector xb = DoubleVector.broadcast(S, x[at + right]);
                    DoubleVector xc = DoubleVector.broadcast(S, x[at + down]);
                    DoubleVector xd = DoubleVector.broadcast(S, x[at + down + right]);
                    DoubleVector w1 = DoubleVector.fromArray(S, wtDot, w0 + t * ws);
                    DoubleVector w2 = DoubleVector.fromArray(S, wtDot, w0 + t * ws + L);
                    a = xa.fma(w1, a);
                    b = xb.fma(w1, b);
                    c = xc.fma(w1, c);
                    d = xd.fma(w1, d);
                    e = xa.fma(w2, e);
                    f = xb.fma(w2, f);
                    g = xc.fma(w2, g);
                    h = xd.fma(w2, h);
                }
            }
            if (xDot != null) {
                for (int t = 0; t < taps; t++) {
                    int at = o + tap[t] + dotShift;
                    DoubleVector xa = DoubleVector.broadcast(S, xDot[at]);
                    DoubleVector xb = DoubleVector.broadcast(S, xDot[at + right]);
                    DoubleVector xc = DoubleVector.broadcast(S, xDot[at + down]);
                    DoubleVector xd = DoubleVector.broadcast(S, xDot[at + down + right]);
                    DoubleVector w1 = DoubleVector.fromArray(S, wt, w0 + t * ws);
                    DoubleVector w2 = DoubleVector.fromArray(S, wt, w0 + t * ws + L);
                    a = xa.fma(w1, a);
                    b = xb.fma(w1, b);
                    c = xc.fma(w1, c);
                    d = xd.fma(w1, d);
                    e = xa.fma(w2, e);
                    f = xb.fma(w2, f);
                    g = xc.fma(w2, g);
                    h = xd.fma(w2, h);
                }
            }
            int m = m0 + j * ms;
            select(a, b, c, d, code, c0 + m, out, m);
            select(e, f, g, h, code, c0 + m + L, out, m + L);
        }
    }

    /** Lane by lane, the one of a, b, c, d that {@code code[at…]} (0 … 3) names, into {@code out[m…]}. */
    private static void select(DoubleVector a, DoubleVector b, DoubleVector c, DoubleVector d,
                               double[] code, int at, double[] out, int m) {
        DoubleVector cv = DoubleVector.fromArray(S, code, at);
        DoubleVector top = a.blend(b, cv.compare(VectorOperators.EQ, ONE));
        DoubleVector bottom = c.blend(d, cv.compare(VectorOperators.EQ, THREE));
        top.blend(bottom, cv.compare(VectorOperators.GE, TWO)).intoArray(out, m);
    }

    /** Max-pools the window outputs a, b (top row), c, d (bottom row) lane by lane into {@code max[m…]}, {@code code[m…]}. */
    private static void pool4(DoubleVector a, DoubleVector b, DoubleVector c, DoubleVector d, double[] max, double[] code, int m) {
        VectorMask<Double> g1 = b.compare(VectorOperators.GT, a);
        VectorMask<Double> g2 = d.compare(VectorOperators.GT, c);
        DoubleVector m1 = a.blend(b, g1);
        DoubleVector m2 = c.blend(d, g2);
        VectorMask<Double> g3 = m2.compare(VectorOperators.GT, m1);
        m1.blend(m2, g3).intoArray(max, m);
        DoubleVector.zero(S).blend(ONE, g1).blend(TWO.blend(THREE, g2), g3).intoArray(code, m);
    }

    /**
     * {@code g[g0 + k] = d[k] · y[y0 + k]} for k < len; returns Σ g, lanes in order, then the tail.
     * {@code lanes} is scratch of at least one vector.
     */
    static double productAndSum(double[] d, double[] y, int y0, double[] g, int g0, int len, double[] lanes) {
        DoubleVector acc = DoubleVector.zero(S);
        int k = 0;
        for (; k + L <= len; k += L) {
            DoubleVector v = DoubleVector.fromArray(S, d, k).mul(DoubleVector.fromArray(S, y, y0 + k));
            v.intoArray(g, g0 + k);
            acc = acc.add(v);
        }
        acc.intoArray(lanes, 0);
        double sum = 0.0;
        for (int lane = 0; lane < L; lane++) {
            sum += lanes[lane];
        }
        for (; k < len; k++) {
            g[g0 + k] = d[k] * y[y0 + k];
            sum += g[g0 + k];
        }
        return sum;
    }
}
