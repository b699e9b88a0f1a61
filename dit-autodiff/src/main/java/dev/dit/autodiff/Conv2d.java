package dev.dit.autodiff;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation) of NCHW input {@code x} with weight {@code [Co, C, kh, kw]}
 * and an optional per-channel bias, by im2col and matrix products: {@code Y = W · cols(x)}, with
 * W seen as {@code [Co, C·kh·kw]}.
 *
 * <p>Images are processed in chunks whose columns ({@code [C·kh·kw, chunk·Ho·Wo]}) fit in the
 * L2 cache: one product per image is too small for the GEMM to run near its peak, and one
 * product for the whole batch streams megabytes of columns through memory (measured slower on
 * both counts). The chunk size depends on the shapes only, so results do not depend on threads.
 *
 * <p>Like a matrix product the op is bilinear in (x, W), so its tangent and adjoint rules are the
 * matmul ones, with col2im as the adjoint of im2col. The columns of x (and of ẋ) are kept from
 * the forward pass for the backward one; the weight adjoint is accumulated chunk by chunk in a
 * fixed order.
 *
 * <p>With stride 1 (any padding) and few channels (see {@link #prefersDirect}) the node uses
 * {@link DirectConv} instead: stencils over flattened planes, no columns. With four output rows,
 * as in a small ResNet, the GEMMs above run far from their peak while the columns and their
 * col2im dominate (measured in benchmarks/RESULTS.md, issue 11).
 */
final class Conv2d extends Node {
    private final Node x;
    private final Node w;
    private final Node b;
    private final ConvGeometry geo;
    /** Images per chunk, and the number of chunks. */
    private final int chunk;
    private final int chunks;
    private double[] cols;
    private double[] colsDot;
    private double[] colGrad;
    private double[] wide;
    private double[] wide2;
    /** Whether this node uses the direct loops instead of im2col + GEMM. */
    final boolean direct;
    /** The direct path, when {@link #direct}. */
    private final DirectConv dc;

    Conv2d(Graph g, Node x, Node w, Node b, int stride, int pad) {
        this(g, x, w, b, stride, pad, null);
    }

    /** {@code direct}: force the direct path (true), im2col (false), or choose by shape (null). */
    Conv2d(Graph g, Node x, Node w, Node b, int stride, int pad, Boolean direct) {
        super(g, "conv2d", outShape(x, w, b, stride, pad), b == null ? new Node[] {x, w} : new Node[] {x, w, b});
        this.x = x;
        this.w = w;
        this.b = b;
        this.geo = new ConvGeometry("conv2d", x.shape, w.shape, b == null ? null : b.shape, stride, pad);
        this.chunk = Math.max(1, Math.min(geo.n, CHUNK_DOUBLES / Math.max(1, geo.ckk * geo.hw)));
        this.chunks = (geo.n + chunk - 1) / chunk;
        boolean eligible = geo.stride == 1;
        if (direct == Boolean.TRUE && !eligible) {
            throw new IllegalArgumentException("direct conv2d needs stride 1");
        }
        this.direct = eligible && (direct != null ? direct : prefersDirect(geo));
        this.dc = this.direct ? new DirectConv(this, x, w, b, geo) : null;
    }

    /**
     * With stride 1, input channel counts up to this use the direct stencil whatever the output
     * channels; other shapes go through im2col + GEMM unless {@link #prefersDirect} says otherwise.
     */
    static final int DIRECT_MAX_CHANNELS = 3;
    /** With stride 1, output channel counts up to this use the direct stencil: too few GEMM rows to pay for the columns. */
    static final int DIRECT_MAX_OUT_CHANNELS = 8;

    /** Whether the direct path is the faster one for these shapes (measured in benchmarks/RESULTS.md, issue 11). */
    static boolean prefersDirect(ConvGeometry geo) {
        return geo.c <= DIRECT_MAX_CHANNELS || geo.co <= DIRECT_MAX_OUT_CHANNELS;
    }

    /** Target size of one chunk's columns: 64 Ki doubles (512 KiB), within a core's L2. */
    private static final int CHUNK_DOUBLES = 1 << 16;

    private static int[] outShape(Node x, Node w, Node b, int stride, int pad) {
        ConvGeometry g = new ConvGeometry("conv2d", x.shape, w.shape, b == null ? null : b.shape, stride, pad);
        return new int[] {g.n, g.co, g.ho, g.wo};
    }

    @Override
    void allocate(boolean tangents, boolean adjoints) {
        super.allocate(tangents, adjoints);
        if (direct) {
            dc.allocate(tangents);
            return;
        }
        if (cols == null) {
            cols = new double[geo.ckk * geo.hw * geo.n];
            colGrad = new double[geo.ckk * geo.hw * chunk];
            wide = new double[geo.co * geo.hw * chunk];
        }
        if (tangents && wide2 == null) {
            wide2 = new double[geo.co * geo.hw * chunk];
        }
        if (tangents && x.active && colsDot == null) {
            colsDot = new double[geo.ckk * geo.hw * geo.n];
        }
    }

    private int first(int q) {
        return q * chunk;
    }

    private int len(int q) {
        return Math.min(geo.n, (q + 1) * chunk) - q * chunk;
    }

    /** Offset of chunk q's column block {@code [ckk, len·hw]} in cols / colsDot. */
    private int block(int q) {
        return q * chunk * geo.ckk * geo.hw;
    }

    /** Chunk q's {@code [Co, len·hw]} block → NCHW, adding a per-channel bias when given. */
    private void toNchw(int q, double[] src, double[] dst, int d0, double[] bias, int bo) {
        int ld = len(q) * geo.hw;
        for (int i = 0; i < len(q); i++) {
            for (int o = 0; o < geo.co; o++) {
                int s0 = o * ld + i * geo.hw;
                int t0 = d0 + ((first(q) + i) * geo.co + o) * geo.hw;
                if (bias == null) {
                    System.arraycopy(src, s0, dst, t0, geo.hw);
                } else {
                    double bv = bias[bo + o];
                    for (int p = 0; p < geo.hw; p++) {
                        dst[t0 + p] = src[s0 + p] + bv;
                    }
                }
            }
        }
    }

    /** NCHW → chunk q's {@code [Co, len·hw]} block. */
    private void fromNchw(int q, double[] src, int so, double[] dst) {
        int ld = len(q) * geo.hw;
        for (int i = 0; i < len(q); i++) {
            for (int o = 0; o < geo.co; o++) {
                System.arraycopy(src, so + ((first(q) + i) * geo.co + o) * geo.hw, dst, o * ld + i * geo.hw, geo.hw);
            }
        }
    }

    /** Fills chunk q's column block from images of {@code src}. */
    private void columns(int q, double[] src, int so, double[] dst) {
        int ld = len(q) * geo.hw;
        for (int i = 0; i < len(q); i++) {
            geo.im2col(src, so + (first(q) + i) * geo.imageSize(), dst, block(q), ld, i * geo.hw);
        }
    }

    /** dst (=|+=) W · (chunk q's columns) as {@code [Co, len·hw]}. */
    private void product(int q, double[] wm, int wmo, double[] cs, double beta, double[] dst) {
        int ld = len(q) * geo.hw;
        K.gemm(false, false, geo.co, ld, geo.ckk, 1.0, wm, wmo, geo.ckk, cs, block(q), ld, beta, dst, 0, ld);
    }

    @Override
    void forward() {
        if (direct) {
            dc.forward();
            return;
        }
        for (int q = 0; q < chunks; q++) {
            columns(q, x.val, x.valOff, cols);
            product(q, w.val, w.valOff, cols, 0.0, wide);
            toNchw(q, wide, val, valOff, b == null ? null : b.val, b == null ? 0 : b.valOff);
        }
    }

    @Override
    void tangent() {
        if (direct) {
            dc.tangent();
            return;
        }
        boolean bias = b != null && b.active;
        for (int q = 0; q < chunks; q++) {
            boolean written = false;
            if (x.active) {
                columns(q, x.dot, x.dotOff, colsDot);
                product(q, w.val, w.valOff, colsDot, 0.0, wide);
                written = true;
            }
            if (w.active) {
                product(q, w.dot, w.dotOff, cols, written ? 1.0 : 0.0, wide);
                written = true;
            }
            if (!written) {
                Arrays.fill(wide, 0.0);
            }
            toNchw(q, wide, dot, dotOff, bias ? b.dot : null, bias ? b.dotOff : 0);
        }
    }

    /** x-side adjoint of chunk q: dst (=|+=) col2im(Wᵀ g [+ Vᵀ g2]). */
    private void pullX(int q, double[] g, double[] wm, int wmo, double[] g2, double[] vm, int vmo,
                       double[] dst, int d0, boolean overwrite) {
        int ld = len(q) * geo.hw;
        K.gemm(true, false, geo.ckk, ld, geo.co, 1.0, wm, wmo, geo.ckk, g, 0, ld, 0.0, colGrad, 0, ld);
        if (vm != null) {
            K.gemm(true, false, geo.ckk, ld, geo.co, 1.0, vm, vmo, geo.ckk, g2, 0, ld, 1.0, colGrad, 0, ld);
        }
        for (int i = 0; i < len(q); i++) {
            geo.col2im(colGrad, 0, ld, i * geo.hw, dst, d0 + (first(q) + i) * geo.imageSize(), overwrite);
        }
    }

    /** W-side adjoint of chunk q: dst (=|+=) g · colsᵀ. */
    private void pullW(int q, double[] g, double[] cs, double[] dst, int d0, boolean overwrite) {
        int ld = len(q) * geo.hw;
        K.gemm(false, true, geo.co, geo.ckk, ld, 1.0, g, 0, ld, cs, block(q), ld, overwrite ? 0.0 : 1.0, dst, d0, geo.ckk);
    }

    private void pullBias(int q, double[] g, double[] dst, int d0, boolean overwrite) {
        int ld = len(q) * geo.hw;
        for (int o = 0; o < geo.co; o++) {
            double s = 0.0;
            int base = o * ld;
            for (int p = 0; p < ld; p++) {
                s += g[base + p];
            }
            dst[d0 + o] = overwrite ? s : dst[d0 + o] + s;
        }
    }

    @Override
    void backward() {
        if (direct) {
            dc.backward(false, x.active && firstContribution(x), w.active && firstContribution(w),
                    b != null && b.active && firstContribution(b));
            return;
        }
        boolean fx = x.active && firstContribution(x);
        boolean fw = w.active && firstContribution(w);
        boolean fb = b != null && b.active && firstContribution(b);
        for (int q = 0; q < chunks; q++) {
            fromNchw(q, bar, barOff, wide);
            if (x.active) {
                pullX(q, wide, w.val, w.valOff, null, null, 0, x.bar, x.barOff, fx);
            }
            if (w.active) {
                pullW(q, wide, cols, w.bar, w.barOff, fw && q == 0);
            }
            if (b != null && b.active) {
                pullBias(q, wide, b.bar, b.barOff, fb && q == 0);
            }
        }
    }

    @Override
    void backwardHvp() {
        boolean toX = x.active && writesAdjoint(x);
        boolean toW = w.active && writesAdjoint(w);
        boolean toB = b != null && b.active && writesAdjoint(b);
        if (direct) {
            dc.backward(true, x.active && firstContribution(x), w.active && firstContribution(w),
                    b != null && b.active && firstContribution(b), toX, toW, toB);
            return;
        }
        boolean fx = x.active && firstContribution(x);
        boolean fw = w.active && firstContribution(w);
        boolean fb = b != null && b.active && firstContribution(b);
        double[] g = wide;
        double[] gd = wide2;
        boolean readBar = toX || toW || toB || adjointInTangentRule();
        for (int q = 0; q < chunks; q++) {
            if (readBar) {
                fromNchw(q, bar, barOff, g);
            }
            fromNchw(q, barDot, barDotOff, gd);
            if (x.active) {
                if (toX) {
                    pullX(q, g, w.val, w.valOff, null, null, 0, x.bar, x.barOff, fx);
                }
                pullX(q, gd, w.val, w.valOff, g, w.active ? w.dot : null, w.dotOff, x.barDot, x.barDotOff, fx);
            }
            if (w.active) {
                if (toW) {
                    pullW(q, g, cols, w.bar, w.barOff, fw && q == 0);
                }
                pullW(q, gd, cols, w.barDot, w.barDotOff, fw && q == 0);
                if (x.active) {
                    pullW(q, g, colsDot, w.barDot, w.barDotOff, false);
                }
            }
            if (b != null && b.active) {
                if (toB) {
                    pullBias(q, g, b.bar, b.barOff, fb && q == 0);
                }
                pullBias(q, gd, b.barDot, b.barDotOff, fb && q == 0);
            }
        }
    }

    @Override
    boolean adjointInTangentRule() {
        return x.active && w.active; // ȳ enters x̄' through Ẇ and W̄' through ẋ
    }
}
