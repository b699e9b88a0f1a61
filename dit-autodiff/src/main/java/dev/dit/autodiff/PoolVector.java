package dev.dit.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link ConvActPool}, loaded only when the vector kernels are selected: the
 * direct convolution with pooling (output channels in lanes, a window's four outputs in four
 * accumulators) and its tangent, pooling from a convolution block, and the per-plane pieces of
 * the adjoint. Every sum runs in an order fixed by the shapes.
 *
 * <p><b>No helper takes a vector.</b> The pooling and the winner selection are written out in
 * every kernel instead of calling a method of ours with the accumulators: whether C2 inlines such
 * a call depends on the order in which methods happened to be compiled (a kernel inlined into
 * its caller used up C2's node budget and the pooling call after it was left out), and where it
 * is left out the vectors are boxed on the heap. The CNN step then ran at about half speed in some
 * JVMs and not in others ({@code VectorHelpersTest} keeps the rule).
 */
final class PoolVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Winner codes 0, 1, 2, 3 in every lane (2·row + column of a 2 × 2 window). */
    private static final DoubleVector ZERO = DoubleVector.zero(S);
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    private static final DoubleVector TWO = DoubleVector.broadcast(S, 2.0);
    private static final DoubleVector THREE = DoubleVector.broadcast(S, 3.0);
    /** Lane i takes lane 2i mod L: the even lanes, twice. */
    private static final VectorShuffle<Double> EVEN = VectorShuffle.fromOp(S, i -> (2 * i) % L);
    /** The upper half of the lanes. */
    private static final VectorMask<Double> UPPER = S.indexInRange(-L / 2, L / 2);

    private PoolVector() {
    }

    /** Doubles per vector. */
    static int lanes() {
        return L;
    }

    /**
     * ReLU's derivative from its outputs: {@code out[o0 + k] = 0} where {@code y[y0 + k]} is
     * zero, else 1 (also for NaN). The vector form of ReLU's {@link Activation#firstDerivative};
     * the two differ only at −0, which ReLU never outputs.
     */
    static void reluDerivative(double[] y, int y0, double[] out, int o0, int len) {
        DoubleVector zero = DoubleVector.zero(S);
        int k = 0;
        for (; k + L <= len; k += L) {
            VectorMask<Double> off = DoubleVector.fromArray(S, y, y0 + k).compare(VectorOperators.EQ, 0.0);
            ONE.blend(zero, off).intoArray(out, o0 + k);
        }
        for (; k < len; k++) {
            out[o0 + k] = y[y0 + k] == 0.0 ? 0.0 : 1.0;
        }
    }

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
     * One pooled row of a direct convolution followed by 2 × 2 max-pooling, for {@code vecs} (1
     * or 2) vectors of L output channels from {@code w0} on, one channel per lane. Pooled column j's window has its convolution outputs at
     * input origins {@code o_j + d}, {@code o_j = base + j·step}, {@code d ∈ {0, right, down,
     * down + right}}; each output is {@code Σ_t x[o_j + d + tap[t]] · wt[w0 + t·ws + lane]},
     * one fused multiply-add chain in tap order. Writes the window's maximum to
     * {@code max[m0 + j·ms + lane]} and its winner code (2·row + column, first in row-major
     * order on ties) to {@code code[…]}, for j < qo (the second vector L further on).
     */
    static void convPoolRow(double[] x, int base, int step, int right, int down, int[] tap, int taps,
                            double[] wt, int w0, int ws, int vecs, int qo, double[] max, double[] code, int m0, int ms) {
        if (vecs == 2) {
            convPoolRow2(x, base, step, right, down, tap, taps, wt, w0, ws, qo, max, code, m0, ms);
            return;
        }
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
            int m = m0 + j * ms;
            VectorMask<Double> a1 = b.compare(VectorOperators.GT, a);
            VectorMask<Double> a2 = d.compare(VectorOperators.GT, c);
            DoubleVector am1 = a.blend(b, a1);
            DoubleVector am2 = c.blend(d, a2);
            VectorMask<Double> a3 = am2.compare(VectorOperators.GT, am1);
            am1.blend(am2, a3).intoArray(max, m);
            ZERO.blend(ONE, a1).blend(TWO.blend(THREE, a2), a3).intoArray(code, m);
            VectorMask<Double> e1 = f.compare(VectorOperators.GT, e);
            VectorMask<Double> e2 = h.compare(VectorOperators.GT, g);
            DoubleVector em1 = e.blend(f, e1);
            DoubleVector em2 = g.blend(h, e2);
            VectorMask<Double> e3 = em2.compare(VectorOperators.GT, em1);
            em1.blend(em2, e3).intoArray(max, m + ms);
            ZERO.blend(ONE, e1).blend(TWO.blend(THREE, e2), e3).intoArray(code, m + ms);
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
            int m = m0 + j * ms;
            VectorMask<Double> a1 = b.compare(VectorOperators.GT, a);
            VectorMask<Double> a2 = d.compare(VectorOperators.GT, c);
            DoubleVector am1 = a.blend(b, a1);
            DoubleVector am2 = c.blend(d, a2);
            VectorMask<Double> a3 = am2.compare(VectorOperators.GT, am1);
            am1.blend(am2, a3).intoArray(max, m);
            ZERO.blend(ONE, a1).blend(TWO.blend(THREE, a2), a3).intoArray(code, m);
        }
    }

    /**
     * {@link #convPoolRow} for two vectors of channels, {@code w0} and {@code w0 + L}, which share
     * each input load: eight accumulators per window instead of four. Same sums, same order.
     */
    private static void convPoolRow2(double[] x, int base, int step, int right, int down, int[] tap, int taps,
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
            VectorMask<Double> a1 = b.compare(VectorOperators.GT, a);
            VectorMask<Double> a2 = d.compare(VectorOperators.GT, c);
            DoubleVector am1 = a.blend(b, a1);
            DoubleVector am2 = c.blend(d, a2);
            VectorMask<Double> a3 = am2.compare(VectorOperators.GT, am1);
            am1.blend(am2, a3).intoArray(max, m);
            ZERO.blend(ONE, a1).blend(TWO.blend(THREE, a2), a3).intoArray(code, m);
            VectorMask<Double> e1 = f.compare(VectorOperators.GT, e);
            VectorMask<Double> e2 = h.compare(VectorOperators.GT, g);
            DoubleVector em1 = e.blend(f, e1);
            DoubleVector em2 = g.blend(h, e2);
            VectorMask<Double> e3 = em2.compare(VectorOperators.GT, em1);
            em1.blend(em2, e3).intoArray(max, m + L);
            ZERO.blend(ONE, e1).blend(TWO.blend(THREE, e2), e3).intoArray(code, m + L);
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
            int m = m0 + j * ms;
            DoubleVector ac = DoubleVector.fromArray(S, code, c0 + m);
            DoubleVector atop = a.blend(b, ac.compare(VectorOperators.EQ, ONE));
            DoubleVector abottom = c.blend(d, ac.compare(VectorOperators.EQ, THREE));
            atop.blend(abottom, ac.compare(VectorOperators.GE, TWO)).intoArray(out, m);
        }
    }

    /**
     * {@link #tangentPoolRow} for two vectors of channels, which share each input load. The two
     * tap loops are written out on purpose: one loop over both terms, picking x or ẋ and Ẇ or W
     * per term, kept C2 (JDK 17) from holding the accumulators in registers, and the tangent pass
     * of the benchmark CNN's second layer took 11 ms instead of 0.5 ms.
     */
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
            DoubleVector ac = DoubleVector.fromArray(S, code, c0 + m);
            DoubleVector atop = a.blend(b, ac.compare(VectorOperators.EQ, ONE));
            DoubleVector abottom = c.blend(d, ac.compare(VectorOperators.EQ, THREE));
            atop.blend(abottom, ac.compare(VectorOperators.GE, TWO)).intoArray(out, m);
            DoubleVector ec = DoubleVector.fromArray(S, code, c0 + m + L);
            DoubleVector etop = e.blend(f, ec.compare(VectorOperators.EQ, ONE));
            DoubleVector ebottom = g.blend(h, ec.compare(VectorOperators.EQ, THREE));
            etop.blend(ebottom, ec.compare(VectorOperators.GE, TWO)).intoArray(out, m + L);
        }
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
