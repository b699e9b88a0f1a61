package dev.dit.autodiff;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of {@link ChannelLastPatches}, loaded only when the vector kernels are
 * selected: receptive fields in channel-last images gathered into weight adjoints (each lane one
 * weight, so no lane sums) and weights scattered into input adjoints. Every sum runs in an order
 * fixed by the shapes, with fused multiply-adds per lane, as the plain versions do.
 */
final class PatchVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Lanes {@code [0, i)} for i < L: the valid lanes of a run's last vector. */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Double>[] HEAD = new VectorMask[L];

    static {
        for (int i = 0; i < L; i++) {
            HEAD[i] = S.indexInRange(0, i);
        }
    }

    private PatchVector() {
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
     * (the term left out when srcDot is null), both over even and odd k, each P_k loaded once;
     * the first sum into {@code acc[a]}, left out when acc is null, the second into {@code accDot[d]}.
     */
    static void gatherDotHvp(double[] g, double[] gDot, int[] org, int n, double[] src, int off, double[] srcDot,
                             int offDot, double[] acc, int a, double[] accDot, int d) {
        if (acc == null) {
            gatherDotTangent(g, gDot, org, n, src, off, srcDot, offDot, accDot, d);
            return;
        }
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
        de.add(dO).add(DoubleVector.fromArray(S, accDot, d)).intoArray(accDot, d);
    }

    /** The second sum of {@link #gatherDotHvp} alone, in the same order. */
    private static void gatherDotTangent(double[] g, double[] gDot, int[] org, int n, double[] src, int off,
                                         double[] srcDot, int offDot, double[] accDot, int d) {
        DoubleVector de = DoubleVector.zero(S), dO = de;
        int k = 0;
        for (; k + 2 <= n; k += 2) {
            de = DoubleVector.fromArray(S, src, org[k] + off).fma(DoubleVector.broadcast(S, gDot[k]), de);
            dO = DoubleVector.fromArray(S, src, org[k + 1] + off).fma(DoubleVector.broadcast(S, gDot[k + 1]), dO);
            if (srcDot != null) {
                de = DoubleVector.fromArray(S, srcDot, org[k] + offDot).fma(DoubleVector.broadcast(S, g[k]), de);
                dO = DoubleVector.fromArray(S, srcDot, org[k + 1] + offDot).fma(DoubleVector.broadcast(S, g[k + 1]), dO);
            }
        }
        if (k < n) {
            de = DoubleVector.fromArray(S, src, org[k] + off).fma(DoubleVector.broadcast(S, gDot[k]), de);
            if (srcDot != null) {
                de = DoubleVector.fromArray(S, srcDot, org[k] + offDot).fma(DoubleVector.broadcast(S, g[k]), de);
            }
        }
        de.add(dO).add(DoubleVector.fromArray(S, accDot, d)).intoArray(accDot, d);
    }

    /**
     * The HVP's input adjoint and its tangent in one pass, for one vector of weights:
     * {@code dst[org[k] + off + j] += g[k]·w[w0 + j]} and {@code dstDot[…] += gDot[k]·w[w0 + j]
     * + g[k]·wDot[w0 + j]} (the last term left out when wDot is null), for k < n in order and the
     * first {@code valid} lanes j (the others are written back unchanged); dst null leaves out the
     * first.
     */
    static void scatterHvp(double[] g, double[] gDot, int[] org, int n, double[] w, double[] wDot, int w0,
                           double[] dst, double[] dstDot, int off, int valid) {
        DoubleVector wv = DoubleVector.fromArray(S, w, w0);
        DoubleVector wd = wDot == null ? null : DoubleVector.fromArray(S, wDot, w0);
        VectorMask<Double> head = HEAD[valid % L];
        for (int k = 0; k < n; k++) {
            int at = org[k] + off;
            DoubleVector gv = DoubleVector.broadcast(S, g[k]);
            if (dst != null) {
                DoubleVector old = DoubleVector.fromArray(S, dst, at);
                DoubleVector sum = wv.fma(gv, old);
                (valid == L ? sum : old.blend(sum, head)).intoArray(dst, at);
            }
            DoubleVector oldDot = DoubleVector.fromArray(S, dstDot, at);
            DoubleVector sumDot = wv.fma(DoubleVector.broadcast(S, gDot[k]), oldDot);
            if (wd != null) {
                sumDot = wd.fma(gv, sumDot);
            }
            (valid == L ? sumDot : oldDot.blend(sumDot, head)).intoArray(dstDot, at);
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
}
