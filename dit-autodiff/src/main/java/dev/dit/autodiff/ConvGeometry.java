package dev.dit.autodiff;

import java.util.Arrays;

/**
 * The shapes of one 2-D convolution — NCHW input {@code [n, c, h, wd]}, weight
 * {@code [co, c, kh, kw]}, stride and padding, output {@code [n, co, ho, wo]} — and the
 * im2col / col2im copies between an image and its columns, shared by {@link Conv2d} and
 * {@link ConvActPool}.
 *
 * <p>The columns of one image are {@code ckk = c·kh·kw} rows of {@code hw = ho·wo} entries: row
 * {@code (ci·kh + ki)·kw + kj} holds the input pixel under tap (ki, kj) of channel ci for each
 * output position. Several images sit side by side in one block with a common row stride.
 */
final class ConvGeometry {
    final int n;
    final int c;
    final int h;
    final int wd;
    final int co;
    final int kh;
    final int kw;
    final int stride;
    final int pad;
    final int ho;
    final int wo;
    final int ckk;
    final int hw;

    ConvGeometry(String op, int[] x, int[] w, int[] b, int stride, int pad) {
        if (x.length != 4 || w.length != 4 || x[1] != w[1]) {
            throw ShapeException.of(op, "needs x [N,C,H,W] and weight [Co,C,kh,kw], got", x, w);
        }
        if (b != null && (b.length != 1 || b[0] != w[0])) {
            throw ShapeException.of(op, "bias must be [Co]; weight and bias are", w, b);
        }
        if (stride < 1 || pad < 0) {
            throw new ShapeException(op, "stride must be >= 1 and padding >= 0, got " + stride + ", " + pad);
        }
        this.n = x[0];
        this.c = x[1];
        this.h = x[2];
        this.wd = x[3];
        this.co = w[0];
        this.kh = w[2];
        this.kw = w[3];
        this.stride = stride;
        this.pad = pad;
        this.ho = (h + 2 * pad - kh) / stride + 1;
        this.wo = (wd + 2 * pad - kw) / stride + 1;
        if (ho < 1 || wo < 1) {
            throw ShapeException.of(op, "kernel larger than the padded input:", x, w);
        }
        this.ckk = c * kh * kw;
        this.hw = ho * wo;
    }

    /** Doubles per input image. */
    int imageSize() {
        return c * h * wd;
    }

    /** Whether every tap reads a contiguous run of input: stride 1 and no padding. */
    boolean dense() {
        return stride == 1 && pad == 0;
    }

    /** Writes the columns of the image at {@code src[so…]} as columns {@code col0 …} of a block at {@code d0} with row stride {@code ld}. */
    void im2col(double[] src, int so, double[] dst, int d0, int ld, int col0) {
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = d0 + ((ci * kh + ki) * kw + kj) * ld + col0;
                    for (int oh = 0; oh < ho; oh++) {
                        int ih = oh * stride - pad + ki;
                        int r = row + oh * wo;
                        if (ih < 0 || ih >= h) {
                            Arrays.fill(dst, r, r + wo, 0.0);
                            continue;
                        }
                        int srcRow = so + (ci * h + ih) * wd;
                        if (dense()) {
                            System.arraycopy(src, srcRow + kj, dst, r, wo);
                            continue;
                        }
                        for (int ow = 0; ow < wo; ow++) {
                            int iw = ow * stride - pad + kj;
                            dst[r + ow] = iw >= 0 && iw < wd ? src[srcRow + iw] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds columns {@code col0 …} of the block {@code cols[c0…]} (row stride {@code ld}) back into
     * the image at {@code dst[d0…]}, after zeroing it when {@code overwrite}: the adjoint of
     * {@link #im2col}.
     */
    void col2im(double[] cols, int c0, int ld, int col0, double[] dst, int d0, boolean overwrite) {
        if (overwrite) {
            Arrays.fill(dst, d0, d0 + imageSize(), 0.0);
        }
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = c0 + ((ci * kh + ki) * kw + kj) * ld + col0;
                    for (int oh = 0; oh < ho; oh++) {
                        int ih = oh * stride - pad + ki;
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        int dstRow = d0 + (ci * h + ih) * wd;
                        int r = row + oh * wo;
                        if (dense()) {
                            int d = dstRow + kj;
                            for (int ow = 0; ow < wo; ow++) {
                                dst[d + ow] += cols[r + ow];
                            }
                            continue;
                        }
                        for (int ow = 0; ow < wo; ow++) {
                            int iw = ow * stride - pad + kj;
                            if (iw >= 0 && iw < wd) {
                                dst[dstRow + iw] += cols[r + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    // ---- wide columns (stride 1, no padding) ------------------------------------------------

    /**
     * Writes the columns of the image at {@code src[so…]} in the wide layout (see {@link #span()}):
     * row {@code (ci·kh + ki)·kw + kj} is the input plane ci from offset {@code ki·wd + kj}, so each
     * row is one contiguous copy of {@code span} entries instead of {@code ho} copies of
     * {@code wo}. Products with these columns give outputs in the wide layout too, with junk in
     * the columns {@code ow ≥ wo} of each row. Only the first {@code len ≤ span} outputs are
     * written.
     */
    void im2colWide(double[] src, int so, double[] dst, int d0, int ld, int col0, int len) {
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    System.arraycopy(src, so + (ci * h + ki) * wd + kj, dst, d0 + ((ci * kh + ki) * kw + kj) * ld + col0, len);
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2colWide}: adds each wide row back onto its input plane, after
     * zeroing the image when {@code overwrite}. The rows must be zero in the junk columns (they are
     * when they come from an output adjoint that is).
     */
    void col2imWide(double[] cols, int c0, int ld, int col0, int len, double[] dst, int d0, boolean overwrite) {
        if (overwrite) {
            Arrays.fill(dst, d0, d0 + imageSize(), 0.0);
        }
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    Node.K.axpy(len, 1.0, cols, c0 + ((ci * kh + ki) * kw + kj) * ld + col0, dst, d0 + (ci * h + ki) * wd + kj);
                }
            }
        }
    }

    // ---- direct convolution (stride 1, no padding) on flattened planes ---------------------

    /** Whether the Vector API stencils are used (exactly when the vector kernels are selected). */
    static final boolean VECTOR = "vector".equals(Node.K.name());

    /**
     * Length of the flattened stencil range: with stride 1 and no padding, output (oh, ow) of one
     * plane reads input {@code p + ki·wd + kj} with {@code p = oh·wd + ow}, so a whole output
     * plane is one contiguous "wide" range {@code p ∈ [0, span)} with row stride wd, whose
     * columns {@code ow ≥ wo} are ignored (values) or zero (adjoints).
     */
    int span() {
        return (ho - 1) * wd + wo;
    }

    /**
     * {@code wide[0, span)} (=|+=) output channel {@code o} of the image at {@code src[xi…]} in the
     * wide layout, with that channel's weights at {@code wm[wrow…]} (no bias).
     */
    void stencil(double[] src, int xi, double[] wm, int wrow, double[] wide, boolean overwrite) {
        int sp = span();
        boolean v3 = VECTOR && kh == 3 && kw == 3;
        if (!v3 && overwrite) {
            Arrays.fill(wide, 0, sp, 0.0);
        }
        for (int ci = 0; ci < c; ci++) {
            if (v3) {
                ConvVector.stencil3x3(wm, wrow + ci * 9, src, xi + ci * h * wd, wd, wide, 0, sp, overwrite && ci == 0);
                continue;
            }
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    Node.K.axpy(sp, wm[wrow + (ci * kh + ki) * kw + kj], src, xi + (ci * h + ki) * wd + kj, wide, 0);
                }
            }
        }
    }

    /** Whether {@link #stencilPair} loads each input vector once for two output channels (vector kernels, 3 × 3). */
    boolean pairs() {
        return VECTOR && kh == 3 && kw == 3;
    }

    /**
     * {@link #stencil} for two output channels with weights at {@code wa} and {@code wb}, into
     * {@code wide[0, span)} and {@code wide[span, 2·span)}; the same values as two single calls.
     */
    void stencilPair(double[] src, int xi, double[] wm, int wa, int wb, double[] wide, boolean overwrite) {
        if (!pairs()) {
            throw new IllegalStateException("stencilPair needs the vector kernels and 3x3 taps");
        }
        int sp = span();
        for (int ci = 0; ci < c; ci++) {
            ConvVector.stencil3x3Pair(wm, wa + ci * 9, wb + ci * 9, src, xi + ci * h * wd, wd, wide, 0, sp, sp,
                    overwrite && ci == 0);
        }
    }

    /**
     * {@code acc[a + tap] += Σ_p g[g0 + p] · src[xi + shift(tap) + p]} for every tap of every input
     * channel: one output channel's contribution to the weight adjoint, from its adjoint plane
     * {@code g} in the wide layout (zero in the ignored columns). {@code lanes}: scratch of
     * {@link ConvVector#DOTS_SCRATCH} doubles.
     */
    void tapDots(double[] g, int g0, double[] src, int xi, double[] acc, int a, double[] lanes) {
        int sp = span();
        for (int ci = 0; ci < c; ci++) {
            if (VECTOR && kh == 3 && kw == 3) {
                ConvVector.dots3x3(g, g0, src, xi + ci * h * wd, wd, sp, acc, a + ci * 9, lanes);
                continue;
            }
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    acc[a + (ci * kh + ki) * kw + kj] += Node.K.dot(sp, g, g0, src, xi + (ci * h + ki) * wd + kj);
                }
            }
        }
    }

    /**
     * {@link #tapDots} for two output channels' adjoint planes {@code ga[ga0…]} and {@code gb[gb0…]}
     * into {@code acc[aa…]} and {@code acc[ab…]}; the same values as two single calls. Needs
     * {@link #pairs()}; {@code lanes}: 2 × {@link ConvVector#DOTS_SCRATCH} doubles.
     */
    void tapDotsPair(double[] ga, int ga0, double[] gb, int gb0, double[] src, int xi, double[] acc, int aa, int ab,
                     double[] lanes) {
        if (!pairs()) {
            throw new IllegalStateException("tapDotsPair needs the vector kernels and 3x3 taps");
        }
        int sp = span();
        for (int ci = 0; ci < c; ci++) {
            ConvVector.dots3x3Pair(ga, ga0, gb, gb0, src, xi + ci * h * wd, wd, sp, acc, aa + ci * 9, ab + ci * 9, lanes);
        }
    }

    /** Zeros a wide adjoint plane needs before its first entry for {@link #tapAxpy}: {@code (kh-1)·wd + kw-1}. */
    int margin() {
        return (kh - 1) * wd + kw - 1;
    }

    /**
     * {@code dst[xi + shift(tap) + p] += wm[wrow + tap] · g[g0 + p]}: one output channel's
     * contribution to the input adjoint of one image, from its adjoint plane {@code g} in the
     * wide layout. With the vector kernels and 3 × 3 taps this is one gather pass per input
     * plane, {@code dst[q] += Σ_taps flipped(wm) · g[g0 - margin + q + shift]}, which reads
     * {@link #margin()} entries before {@code g0} and up to the plane's end after it: those must
     * be zero. {@code flip} holds nine doubles of scratch.
     */
    void tapAxpy(double[] g, int g0, double[] wm, int wrow, double[] dst, int xi, double[] flip) {
        int sp = span();
        for (int ci = 0; ci < c; ci++) {
            if (VECTOR && kh == 3 && kw == 3) {
                for (int t = 0; t < 9; t++) {
                    flip[t] = wm[wrow + ci * 9 + 8 - t];
                }
                ConvVector.stencil3x3(flip, 0, g, g0 - margin(), wd, dst, xi + ci * h * wd, h * wd, false);
                continue;
            }
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    Node.K.axpy(sp, wm[wrow + (ci * kh + ki) * kw + kj], g, g0, dst, xi + (ci * h + ki) * wd + kj);
                }
            }
        }
    }
}
