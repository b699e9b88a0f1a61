package dev.dit.autodiff;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation) of NCHW input {@code x} with weight {@code [Co, C, kh, kw]}
 * and an optional per-channel bias, by im2col and one matrix product per image:
 * {@code y_n = W · cols(x_n)}, with W seen as {@code [Co, C·kh·kw]}. Like a matrix product it is
 * bilinear in (x, W), so its tangent and adjoint rules are the matmul ones, with col2im as the
 * adjoint of im2col. The columns of x (and of ẋ) are kept from the forward pass for the
 * backward one.
 */
final class Conv2d extends Node {
    private final Node x;
    private final Node w;
    private final Node b;
    private final int n;
    private final int c;
    private final int h;
    private final int wd;
    private final int co;
    private final int kh;
    private final int kw;
    private final int stride;
    private final int pad;
    private final int ho;
    private final int wo;
    private final int ckk;
    private final int hw;
    private double[] cols;
    private double[] colsDot;
    private double[] colGrad;

    Conv2d(Graph g, Node x, Node w, Node b, int stride, int pad) {
        super(g, "conv2d", outShape(x, w, b, stride, pad), b == null ? new Node[] {x, w} : new Node[] {x, w, b});
        this.x = x;
        this.w = w;
        this.b = b;
        this.n = x.shape[0];
        this.c = x.shape[1];
        this.h = x.shape[2];
        this.wd = x.shape[3];
        this.co = w.shape[0];
        this.kh = w.shape[2];
        this.kw = w.shape[3];
        this.stride = stride;
        this.pad = pad;
        this.ho = shape[2];
        this.wo = shape[3];
        this.ckk = c * kh * kw;
        this.hw = ho * wo;
    }

    private static int[] outShape(Node x, Node w, Node b, int stride, int pad) {
        if (x.shape.length != 4 || w.shape.length != 4 || x.shape[1] != w.shape[1]) {
            throw ShapeException.of("conv2d", "needs x [N,C,H,W] and weight [Co,C,kh,kw], got", x.shape, w.shape);
        }
        if (b != null && (b.shape.length != 1 || b.shape[0] != w.shape[0])) {
            throw ShapeException.of("conv2d", "bias must be [Co]; weight and bias are", w.shape, b.shape);
        }
        if (stride < 1 || pad < 0) {
            throw new ShapeException("conv2d", "stride must be >= 1 and padding >= 0, got " + stride + ", " + pad);
        }
        int ho = (x.shape[2] + 2 * pad - w.shape[2]) / stride + 1;
        int wo = (x.shape[3] + 2 * pad - w.shape[3]) / stride + 1;
        if (ho < 1 || wo < 1) {
            throw ShapeException.of("conv2d", "kernel larger than the padded input:", x.shape, w.shape);
        }
        return new int[] {x.shape[0], w.shape[0], ho, wo};
    }

    @Override
    void allocate(boolean tangents, boolean adjoints) {
        super.allocate(tangents, adjoints);
        if (cols == null) {
            cols = new double[n * ckk * hw];
            colGrad = new double[ckk * hw];
        }
        if (tangents && x.active && colsDot == null) {
            colsDot = new double[n * ckk * hw];
        }
    }

    private void im2col(double[] src, int so, double[] dst, int d0) {
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = d0 + ((ci * kh + ki) * kw + kj) * hw;
                    for (int oh = 0; oh < ho; oh++) {
                        int ih = oh * stride - pad + ki;
                        int r = row + oh * wo;
                        if (ih < 0 || ih >= h) {
                            Arrays.fill(dst, r, r + wo, 0.0);
                            continue;
                        }
                        int srcRow = so + (ci * h + ih) * wd;
                        for (int ow = 0; ow < wo; ow++) {
                            int iw = ow * stride - pad + kj;
                            dst[r + ow] = iw >= 0 && iw < wd ? src[srcRow + iw] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /** Adds (or writes, when {@code overwrite}) the columns back into image layout. */
    private void col2im(double[] src, double[] dst, int d0, boolean overwrite) {
        if (overwrite) {
            Arrays.fill(dst, d0, d0 + c * h * wd, 0.0);
        }
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = ((ci * kh + ki) * kw + kj) * hw;
                    for (int oh = 0; oh < ho; oh++) {
                        int ih = oh * stride - pad + ki;
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        int dstRow = d0 + (ci * h + ih) * wd;
                        int r = row + oh * wo;
                        for (int ow = 0; ow < wo; ow++) {
                            int iw = ow * stride - pad + kj;
                            if (iw >= 0 && iw < wd) {
                                dst[dstRow + iw] += src[r + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    private int imageSize() {
        return c * h * wd;
    }

    private int outSize() {
        return co * hw;
    }

    private void addBias(double[] bias, int bo, double[] y, int yo) {
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < co; o++) {
                double bv = bias[bo + o];
                int base = yo + i * outSize() + o * hw;
                for (int p = 0; p < hw; p++) {
                    y[base + p] += bv;
                }
            }
        }
    }

    @Override
    void forward() {
        for (int i = 0; i < n; i++) {
            int colOff = i * ckk * hw;
            im2col(x.val, x.valOff + i * imageSize(), cols, colOff);
            K.gemm(false, false, co, hw, ckk, 1.0, w.val, w.valOff, ckk, cols, colOff, hw,
                    0.0, val, valOff + i * outSize(), hw);
        }
        if (b != null) {
            addBias(b.val, b.valOff, val, valOff);
        }
    }

    @Override
    void tangent() {
        boolean written = false;
        if (x.active) {
            for (int i = 0; i < n; i++) {
                int colOff = i * ckk * hw;
                im2col(x.dot, x.dotOff + i * imageSize(), colsDot, colOff);
                K.gemm(false, false, co, hw, ckk, 1.0, w.val, w.valOff, ckk, colsDot, colOff, hw,
                        0.0, dot, dotOff + i * outSize(), hw);
            }
            written = true;
        }
        if (w.active) {
            for (int i = 0; i < n; i++) {
                K.gemm(false, false, co, hw, ckk, 1.0, w.dot, w.dotOff, ckk, cols, i * ckk * hw, hw,
                        written ? 1.0 : 0.0, dot, dotOff + i * outSize(), hw);
            }
            written = true;
        }
        if (!written) {
            Arrays.fill(dot, dotOff, dotOff + size, 0.0);
        }
        if (b != null && b.active) {
            addBias(b.dot, b.dotOff, dot, dotOff);
        }
    }

    /** x-side adjoint: dst_n (=|+=) col2im(Wᵀ g_n [+ Vᵀ g2_n]). */
    private void pullX(double[] g, int go, double[] wm, int wmo, double[] g2, int g2o, double[] vm, int vmo,
                       double[] dst, int d0, boolean overwrite) {
        for (int i = 0; i < n; i++) {
            K.gemm(true, false, ckk, hw, co, 1.0, wm, wmo, ckk, g, go + i * outSize(), hw, 0.0, colGrad, 0, hw);
            if (vm != null) {
                K.gemm(true, false, ckk, hw, co, 1.0, vm, vmo, ckk, g2, g2o + i * outSize(), hw, 1.0, colGrad, 0, hw);
            }
            col2im(colGrad, dst, d0 + i * imageSize(), overwrite);
        }
    }

    /** W-side adjoint: dst (=|+=) Σ_n g_n · colsᵀ_n. */
    private void pullW(double[] g, int go, double[] cs, double[] dst, int d0, boolean overwrite) {
        for (int i = 0; i < n; i++) {
            double beta = overwrite && i == 0 ? 0.0 : 1.0;
            K.gemm(false, true, co, ckk, hw, 1.0, g, go + i * outSize(), hw, cs, i * ckk * hw, hw, beta, dst, d0, ckk);
        }
    }

    private void pullBias(double[] g, int go, double[] dst, int d0, boolean overwrite) {
        for (int o = 0; o < co; o++) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                int base = go + i * outSize() + o * hw;
                for (int p = 0; p < hw; p++) {
                    s += g[base + p];
                }
            }
            dst[d0 + o] = overwrite ? s : dst[d0 + o] + s;
        }
    }

    @Override
    void backward() {
        if (x.active) {
            pullX(bar, barOff, w.val, w.valOff, null, 0, null, 0, x.bar, x.barOff, firstContribution(x));
        }
        if (w.active) {
            pullW(bar, barOff, cols, w.bar, w.barOff, firstContribution(w));
        }
        if (b != null && b.active) {
            pullBias(bar, barOff, b.bar, b.barOff, firstContribution(b));
        }
    }

    @Override
    void backwardHvp() {
        if (x.active) {
            boolean first = firstContribution(x);
            pullX(bar, barOff, w.val, w.valOff, null, 0, null, 0, x.bar, x.barOff, first);
            pullX(barDot, barDotOff, w.val, w.valOff, bar, barOff, w.active ? w.dot : null, w.dotOff,
                    x.barDot, x.barDotOff, first);
        }
        if (w.active) {
            boolean first = firstContribution(w);
            pullW(bar, barOff, cols, w.bar, w.barOff, first);
            pullW(barDot, barDotOff, cols, w.barDot, w.barDotOff, first);
            if (x.active) {
                pullW(bar, barOff, colsDot, w.barDot, w.barDotOff, false);
            }
        }
        if (b != null && b.active) {
            boolean first = firstContribution(b);
            pullBias(bar, barOff, b.bar, b.barOff, first);
            pullBias(barDot, barDotOff, b.barDot, b.barDotOff, first);
        }
    }
}
