package dev.dit.autodiff;

import dev.dit.autodiff.kernel.Parallel;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The direct path of {@link Conv2d} for stride 1 and any padding: no columns, each output plane
 * is a stencil over one flattened input plane (see {@link ConvGeometry#span()}), with nine
 * shifted vectors per step for 3 × 3 kernels under the vector kernels.
 *
 * <p><b>Padding.</b> A padded convolution is an unpadded one of the zero-padded input, so each
 * image of x (and of ẋ) is copied once per pass into a padded buffer whose border stays zero; the
 * input adjoint is formed on a padded image and its interior added back. The padded copies are
 * kept from the forward and tangent passes for the weight adjoints.
 *
 * <p><b>Rules.</b> Value, tangent ({@code conv(ẋ, W) + conv(x, Ẇ) + ḃ}), adjoint (x̄ by the
 * transposed stencil, W̄ by dot products of ȳ with shifted input planes) and the adjoint's tangent
 * ({@code ȳ'} in place of ȳ, plus the ẋ and Ẇ cross terms): those of a bilinear op, as in
 * {@link Conv2d}'s im2col path.
 *
 * <p><b>Chunks and threads.</b> Images are cut into chunks whose size depends on the batch size
 * only; chunks run on the kernel threads as they become free. Each writes only its own images
 * and its own partial weight and bias adjoints, added in chunk order afterwards, so results are
 * bit-identical for any thread count.
 */
final class DirectConv {
    /** Chunks per pass (about): enough for two threads to balance, few enough to keep the partials small. */
    private static final int TARGET_CHUNKS = 16;

    private final Node y;
    private final Node x;
    private final Node w;
    private final Node b;
    private final ConvGeometry geo;
    /** The unpadded convolution of the padded input. */
    private final ConvGeometry inner;
    private final int pad;
    /** Doubles per input image, unpadded and padded. */
    private final int isz;
    private final int psz;
    /** Offset of a wide adjoint plane in {@link Scratch#gw}: the zeros the transposed stencil reads before it. */
    private final int margin;
    private final int chunk;
    private final int chunks;
    /** Per chunk: partial W̄ and b̄ ({@code co·ckk + co}), then their tangents. */
    private final int partLen;
    private double[] parts;
    /** Padded copies of x and ẋ (pad > 0 only). */
    private double[] xPad;
    private double[] xDotPad;
    private Scratch[] scratch = new Scratch[0];

    DirectConv(Node y, Node x, Node w, Node b, ConvGeometry geo) {
        if (geo.stride != 1) {
            throw new IllegalArgumentException("direct conv2d needs stride 1");
        }
        this.y = y;
        this.x = x;
        this.w = w;
        this.b = b;
        this.geo = geo;
        this.pad = geo.pad;
        int hp = geo.h + 2 * pad;
        int wp = geo.wd + 2 * pad;
        this.inner = new ConvGeometry("conv2d", new int[] {geo.n, geo.c, hp, wp}, new int[] {geo.co, geo.c, geo.kh, geo.kw},
                null, 1, 0);
        this.isz = geo.imageSize();
        this.psz = inner.imageSize();
        this.margin = inner.margin();
        this.chunk = Math.max(1, (geo.n + TARGET_CHUNKS - 1) / TARGET_CHUNKS);
        this.chunks = (geo.n + chunk - 1) / chunk;
        this.partLen = geo.co * geo.ckk + geo.co;
    }

    /** One thread's buffers. */
    private final class Scratch {
        /** One output plane (two with {@link ConvGeometry#stencilPair}) in the wide layout. */
        final double[] row = new double[2 * inner.span()];
        /** One adjoint plane in the wide layout at {@code margin}, zero around it. */
        final double[] gw = new double[margin + psz + 1];
        final double[] gw2 = new double[margin + psz + 1];
        /** Padded input adjoint of one image and its tangent. */
        final double[] gp = new double[psz];
        final double[] gpDot = new double[psz];
        final double[] flip = new double[9];
        final double[] lanes = new double[2 * ConvVector.DOTS_SCRATCH];
    }

    void allocate(boolean tangents) {
        if (parts == null) {
            parts = new double[chunks * 2 * partLen];
            if (pad > 0) {
                xPad = new double[geo.n * psz];
            }
        }
        if (tangents && pad > 0 && x.active && xDotPad == null) {
            xDotPad = new double[geo.n * psz];
        }
        int want = Math.max(1, Math.min(Parallel.threads(), chunks));
        if (scratch.length < want) {
            Scratch[] grown = Arrays.copyOf(scratch, want);
            for (int i = scratch.length; i < want; i++) {
                grown[i] = new Scratch();
            }
            scratch = grown;
        }
    }

    // ---- passes -------------------------------------------------------------------------

    void forward() {
        forEachChunk(forwardBody);
    }

    void tangent() {
        forEachChunk(tangentBody);
    }

    /** Adjoint (and with {@code hvp} its tangent) of x, W and b; {@code fx, fw, fb}: first contributions. */
    void backward(boolean hvp, boolean fx, boolean fw, boolean fb) {
        backward(hvp, fx, fw, fb, true, true, true);
    }

    /**
     * As {@link #backward(boolean, boolean, boolean, boolean)}; with {@code hvp}, the primal
     * adjoints of x, W and b are written only where {@code toX, toW, toB} say (their tangents
     * always are: an HVP without a gradient skips what only the gradient needs).
     */
    void backward(boolean hvp, boolean fx, boolean fw, boolean fb, boolean toX, boolean toW, boolean toB) {
        passHvp = hvp;
        passFx = fx;
        passToX = x.active && toX;
        passToW = w.active && toW;
        passToB = b != null && b.active && toB;
        forEachChunk(backwardBody);
        boolean bias = b != null && b.active;
        int wl = geo.co * geo.ckk;
        if (w.active) {
            if (passToW) {
                reduce(0, wl, w.bar, w.barOff, fw);
            }
            if (hvp) {
                reduce(partLen, wl, w.barDot, w.barDotOff, fw);
            }
        }
        if (bias) {
            if (passToB) {
                reduce(wl, geo.co, b.bar, b.barOff, fb);
            }
            if (hvp) {
                reduce(partLen + wl, geo.co, b.barDot, b.barDotOff, fb);
            }
        }
    }

    /** dst (=|+=) the sum over chunks, in chunk order, of their partials {@code [at, at+len)}. */
    private void reduce(int at, int len, double[] dst, int d0, boolean overwrite) {
        for (int k = 0; k < len; k++) {
            double s = parts[at + k];
            for (int q = 1; q < chunks; q++) {
                s += parts[q * 2 * partLen + at + k];
            }
            dst[d0 + k] = overwrite ? s : dst[d0 + k] + s;
        }
    }

    // ---- chunk bodies -------------------------------------------------------------------

    private void forwardChunk(int q, Scratch s) {
        for (int img = q * chunk; img < Math.min(geo.n, (q + 1) * chunk); img++) {
            int xi = padded(x.val, x.valOff, xPad, img);
            conv(pad > 0 ? xPad : x.val, xi, w.val, w.valOff, img, y.val, y.valOff, true,
                    b == null ? null : b.val, b == null ? 0 : b.valOff, s);
        }
    }

    private void tangentChunk(int q, Scratch s) {
        boolean bias = b != null && b.active;
        for (int img = q * chunk; img < Math.min(geo.n, (q + 1) * chunk); img++) {
            boolean written = false;
            if (x.active) {
                int xi = padded(x.dot, x.dotOff, xDotPad, img);
                conv(pad > 0 ? xDotPad : x.dot, xi, w.val, w.valOff, img, y.dot, y.dotOff, true,
                        bias ? b.dot : null, bias ? b.dotOff : 0, s);
                written = true;
            }
            if (w.active) {
                conv(pad > 0 ? xPad : x.val, xImage(img), w.dot, w.dotOff, img, y.dot, y.dotOff, !written,
                        bias && !written ? b.dot : null, bias && !written ? b.dotOff : 0, s);
                written = true;
            }
            if (!written) {
                for (int o = 0; o < geo.co; o++) {
                    int plane = y.dotOff + (img * geo.co + o) * geo.hw;
                    Arrays.fill(y.dot, plane, plane + geo.hw, bias ? b.dot[b.dotOff + o] : 0.0);
                }
            }
        }
    }

    private void backwardChunk(int q, Scratch s) {
        boolean hvp = passHvp;
        boolean xa = x.active;
        boolean wa = w.active;
        boolean ba = b != null && b.active;
        boolean toX = passToX;
        boolean toW = passToW;
        boolean toB = passToB;
        // ȳ is read for the primal adjoints written, and by the HVP's terms ȳ·Ẇ and ȳ·ẋ
        boolean readBar = toX || toW || toB || hvp && xa && wa;
        int base = q * 2 * partLen;
        int wl = geo.co * geo.ckk;
        Arrays.fill(parts, base, base + 2 * partLen, 0.0);
        double[] xs = pad > 0 ? xPad : x.val;
        double[] xds = pad > 0 ? xDotPad : x.dot;
        for (int img = q * chunk; img < Math.min(geo.n, (q + 1) * chunk); img++) {
            int xi = xImage(img);
            int xdi = pad > 0 ? img * psz : x.dotOff + img * isz;
            if (xa) {
                if (toX) {
                    Arrays.fill(s.gp, 0.0);
                }
                if (hvp) {
                    Arrays.fill(s.gpDot, 0.0);
                }
            }
            for (int o = 0, k; o < geo.co; o += k) {
                // channels o and o + 1 together when the stencils come in pairs: their weight
                // adjoints then read each input vector once
                k = inner.pairs() && o + 1 < geo.co ? 2 : 1;
                int wo0 = w.valOff + o * geo.ckk;
                for (int j = 0; j < k && readBar; j++) {
                    int plane = (img * geo.co + o + j) * geo.hw;
                    double[] gw = j == 0 ? s.gw : s.gw2;
                    widen(y.bar, y.barOff + plane, gw);
                    if (xa) {
                        if (toX) {
                            inner.tapAxpy(gw, margin, w.val, wo0 + j * geo.ckk, s.gp, 0, s.flip);
                        }
                        if (hvp && wa) {
                            inner.tapAxpy(gw, margin, w.dot, w.dotOff + (o + j) * geo.ckk, s.gpDot, 0, s.flip);
                        }
                    }
                    if (toB) {
                        parts[base + wl + o + j] += planeSum(y.bar, y.barOff + plane, s);
                    }
                }
                if (wa) {
                    if (toW) {
                        dots(k, xs, xi, base + o * geo.ckk, s);
                    }
                    if (hvp && xa) {
                        dots(k, xds, xdi, base + partLen + o * geo.ckk, s);
                    }
                }
                if (!hvp) {
                    continue;
                }
                for (int j = 0; j < k; j++) {
                    int plane = (img * geo.co + o + j) * geo.hw;
                    double[] gw = j == 0 ? s.gw : s.gw2;
                    widen(y.barDot, y.barDotOff + plane, gw);
                    if (xa) {
                        inner.tapAxpy(gw, margin, w.val, wo0 + j * geo.ckk, s.gpDot, 0, s.flip);
                    }
                    if (ba) {
                        parts[base + partLen + wl + o + j] += planeSum(y.barDot, y.barDotOff + plane, s);
                    }
                }
                if (wa) {
                    dots(k, xs, xi, base + partLen + o * geo.ckk, s);
                }
            }
            if (toX) {
                crop(s.gp, x.bar, x.barOff + img * isz, passFx);
            }
            if (xa) {
                if (hvp) {
                    crop(s.gpDot, x.barDot, x.barDotOff + img * isz, passFx);
                }
            }
        }
    }

    // ---- per image ----------------------------------------------------------------------

    /** {@code parts[at…]} += the weight adjoint of the k (1 or 2) adjoint planes in {@code s.gw, s.gw2} against the image at src[xi…]. */
    private void dots(int k, double[] src, int xi, int at, Scratch s) {
        if (k == 2) {
            inner.tapDotsPair(s.gw, margin, s.gw2, margin, src, xi, parts, at, at + geo.ckk, s.lanes);
        } else {
            inner.tapDots(s.gw, margin, src, xi, parts, at, s.lanes);
        }
    }

    /** Offset of image {@code img} of x as the stencil reads it (padded copy or x itself). */
    private int xImage(int img) {
        return pad > 0 ? img * psz : x.valOff + img * isz;
    }

    /** Copies image {@code img} of src into the interior of {@code buf} when padding; returns the image's offset to read. */
    private int padded(double[] src, int so, double[] buf, int img) {
        if (pad == 0) {
            return so + img * isz;
        }
        int hp = inner.h;
        int wp = inner.wd;
        for (int ci = 0; ci < geo.c; ci++) {
            for (int ih = 0; ih < geo.h; ih++) {
                System.arraycopy(src, so + img * isz + (ci * geo.h + ih) * geo.wd, buf,
                        img * psz + (ci * hp + ih + pad) * wp + pad, geo.wd);
            }
        }
        return img * psz;
    }

    /** Output planes of image img (=|+=) conv(src image at si, wm), plus {@code bias} when given. */
    private void conv(double[] src, int si, double[] wm, int wmo, int img, double[] dst, int d0, boolean overwrite,
                      double[] bias, int bo, Scratch s) {
        double[] row = s.row;
        int wp = inner.wd;
        int sp = inner.span();
        boolean pairs = inner.pairs();
        for (int o = 0; o < geo.co; o++) {
            int f0 = 0;
            if (!pairs) {
                inner.stencil(src, si, wm, wmo + o * geo.ckk, row, true);
            } else if (o % 2 == 1) {
                f0 = sp; // computed with channel o - 1
            } else if (o + 1 < geo.co) {
                inner.stencilPair(src, si, wm, wmo + o * geo.ckk, wmo + (o + 1) * geo.ckk, row, true);
            } else {
                inner.stencil(src, si, wm, wmo + o * geo.ckk, row, true);
            }
            int plane = d0 + (img * geo.co + o) * geo.hw;
            double bv = bias == null ? 0.0 : bias[bo + o];
            if (ConvGeometry.VECTOR) {
                ConvVector.rows(row, f0, wp, dst, plane, geo.wo, geo.ho, geo.wo, bv, overwrite);
                continue;
            }
            for (int oh = 0; oh < geo.ho; oh++) {
                int t = plane + oh * geo.wo;
                int f = f0 + oh * wp;
                if (overwrite) {
                    for (int ow = 0; ow < geo.wo; ow++) {
                        dst[t + ow] = row[f + ow] + bv;
                    }
                } else {
                    for (int ow = 0; ow < geo.wo; ow++) {
                        dst[t + ow] += row[f + ow] + bv;
                    }
                }
            }
        }
    }

    /** Output adjoint plane {@code g[plane…]} into the wide layout at {@code gw[margin…]}, zero in the ignored columns. */
    private void widen(double[] g, int plane, double[] gw) {
        int wp = inner.wd;
        for (int oh = 0; oh < geo.ho; oh++) {
            int f = margin + oh * wp;
            System.arraycopy(g, plane + oh * geo.wo, gw, f, geo.wo);
            if (oh < geo.ho - 1) {
                Arrays.fill(gw, f + geo.wo, f + wp, 0.0);
            }
        }
    }

    /** Sum of one plane in interleaved partial sums (a fixed order; one chain of adds would be latency-bound). */
    private double planeSum(double[] g, int plane, Scratch scratch) {
        if (ConvGeometry.VECTOR) {
            return ConvVector.sum(g, plane, geo.hw, scratch.lanes);
        }
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int p = 0;
        for (; p + 4 <= geo.hw; p += 4) {
            s0 += g[plane + p];
            s1 += g[plane + p + 1];
            s2 += g[plane + p + 2];
            s3 += g[plane + p + 3];
        }
        for (; p < geo.hw; p++) {
            s0 += g[plane + p];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** dst image (=|+=) the interior of the padded adjoint image gp. */
    private void crop(double[] gp, double[] dst, int d0, boolean overwrite) {
        int hp = inner.h;
        int wp = inner.wd;
        if (ConvGeometry.VECTOR && !overwrite) {
            for (int ci = 0; ci < geo.c; ci++) {
                ConvVector.rows(gp, (ci * hp + pad) * wp + pad, wp, dst, d0 + ci * geo.h * geo.wd, geo.wd, geo.h, geo.wd, 0.0, false);
            }
            return;
        }
        for (int ci = 0; ci < geo.c; ci++) {
            for (int ih = 0; ih < geo.h; ih++) {
                int f = (ci * hp + ih + pad) * wp + pad;
                int t = d0 + (ci * geo.h + ih) * geo.wd;
                if (overwrite) {
                    System.arraycopy(gp, f, dst, t, geo.wd);
                } else {
                    for (int iw = 0; iw < geo.wd; iw++) {
                        dst[t + iw] += gp[f + iw];
                    }
                }
            }
        }
    }

    // ---- running chunks on the kernel threads ---------------------------------------------

    @FunctionalInterface
    private interface ChunkBody {
        void run(int q, Scratch s);
    }

    private final ChunkClaims claims = new ChunkClaims();
    private ChunkBody running;
    private int runningParts;
    private boolean passHvp;
    private boolean passFx;
    private boolean passToX;
    private boolean passToW;
    private boolean passToB;
    private final ChunkBody forwardBody = this::forwardChunk;
    private final ChunkBody tangentBody = this::tangentChunk;
    private final ChunkBody backwardBody = this::backwardChunk;
    private final IntConsumer threadLoop = part -> {
        for (int q = claims.next(part, runningParts); q >= 0; q = claims.next(part, runningParts)) {
            running.run(q, scratch[part]);
        }
    };

    /** Runs body for every chunk, spread over the kernel threads; which thread runs a chunk never changes a result. */
    private void forEachChunk(ChunkBody body) {
        int parts = Math.min(scratch.length, Math.min(Parallel.threads(), chunks));
        if (parts <= 1) {
            for (int q = 0; q < chunks; q++) {
                body.run(q, scratch[0]);
            }
            return;
        }
        claims.reset(chunks);
        running = body;
        runningParts = parts;
        Parallel.run(parts, threadLoop);
    }
}
