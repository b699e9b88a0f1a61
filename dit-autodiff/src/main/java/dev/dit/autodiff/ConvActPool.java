package dev.dit.autodiff;

import dev.dit.autodiff.kernel.Parallel;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A CNN layer in one node: 2-D convolution with bias, a monotone activation and 2 × 2 max-pooling
 * with stride 2, {@code y = maxpool(f(conv(x, W) + b))}.
 *
 * <p><b>Why fused.</b> Separately these are three nodes whose outputs at full resolution (the
 * convolution's and the activation's, four times the layer's output) stream through memory in
 * every pass, and on this class of machine that traffic, not the arithmetic, was most of a CNN
 * gradient. Because f is monotone, {@code maxpool(f(z)) = f(maxpool(z))}: the node keeps, per
 * output, only the pooled value, which of the four positions won (a byte) and — only when f's
 * derivatives need it — the pooled pre-activation.
 *
 * <p><b>Forward.</b> With the vector kernels and output channels filling whole vectors, the
 * convolution is direct, channels in lanes: a pooling window's four outputs are four
 * accumulators of one loop over the taps and are pooled in registers (see {@link #direct}).
 * Otherwise a chunk of images is turned into columns, multiplied into a scratch block that stays
 * in cache, and pooled from there.
 *
 * <p><b>Backward.</b> Only a window's winner has a non-zero adjoint, a quarter of the
 * convolution outputs, so the adjoints are formed from the winners alone: each adds its adjoint
 * times its receptive field to W̄, and its adjoint times W to its receptive field's part of x̄.
 * Receptive fields are read from channel-last copies of the chunk's images, where they are a few
 * contiguous runs (see {@link ChannelLastPatches}); no columns, no full-resolution adjoint.
 *
 * <p><b>Derivatives.</b> Given the winning positions the layer is the convolution followed by a
 * selection and f, so the rules are those of {@link Conv2d}, {@link MaxPool2d} and {@link Unary}
 * chained inside the chunk: the pooled tangent is {@code f'(m) (ż + ḃ)} at the winner, the
 * adjoint reaching the winner is {@code f'(m) ȳ} and its tangent {@code f'(m) ȳ' + f''(m) ṁ ȳ}.
 * Ties go to the first position in row-major order, as in {@link MaxPool2d}.
 *
 * <p><b>Chunks and threads.</b> Images are cut into chunks whose size depends on the shapes only.
 * Chunks may run on several kernel threads; each writes only its own images and its own partial
 * weight and bias adjoints, which are then added in chunk order. Results are therefore
 * bit-identical for any thread count.
 */
final class ConvActPool extends Node {
    /** Target size of one chunk's columns: 32 Ki doubles (256 KiB), so a chunk's buffers share a core's L2. */
    private static final int CHUNK_DOUBLES = 1 << 15;
    /**
     * Padding after scratch buffers, at least two vectors of the widest vector shape (2048-bit,
     * 32 doubles): the vector pooling reads up to two vectors past a row's last window.
     */
    private static final int SLACK = 64;

    private final Node x;
    private final Node w;
    private final Node b;
    private final ConvGeometry geo;
    private final Activation act;
    /** Pooled height, width and plane size. */
    private final int po;
    private final int qo;
    private final int pq;
    private final int chunk;
    private final int chunks;
    /**
     * Columns per image and the row stride of an output plane. With stride 1 and no padding the
     * columns are wide (see {@link ConvGeometry#im2colWide}): one copy per row instead of one per
     * output row, for a few junk columns in the products.
     */
    private final boolean wide;
    private final int cw;
    private final int rs;
    /** Per output, the winning position in its 2 × 2 window: {@code 2·row + column}. */
    private final byte[] argmax;
    /** Per output, the pooled pre-activation; only when the activation's derivatives need it. */
    private double[] pre;
    /** Per output, the tangent of the pooled pre-activation; only when f'' can be non-zero. */
    private double[] preDot;
    /**
     * Per chunk, the partial weight adjoint and then its tangent ({@code 2·co·ckk} per chunk), and
     * the same for the bias ({@code 2·co}).
     */
    private double[] wPart;
    private double[] bPart;
    /**
     * Whether the forward pass convolves directly, output channels in vector lanes (vector
     * kernels, channels a multiple of the lane count): each pooling window's four outputs are
     * then four accumulators of one loop over the taps, pooled in registers, with no columns and
     * no full-resolution block. Otherwise columns, a GEMM and {@link #pool}.
     */
    private final boolean direct;
    /** Direct forward: input offset of every tap {@code (ci, ki, kj)}, and the weights as {@code [tap][co]}. */
    private final int[] taps;
    private final double[] wTaps;
    /** Direct forward: the height and width of the (padded) image the taps index. */
    private final int hp;
    private final int wp;
    /**
     * The output again, channel-last ({@code [n][po][qo][co]} plus slack), kept by the direct
     * forward pass when the consumer is another such layer without padding: its backward pass
     * then reads receptive fields here instead of transposing the output itself.
     */
    private double[] valLast;
    private boolean keepLast;
    /** Direct path with tangents: the winner codes as {@code [n][pq][co]}, and Ẇ as {@code [tap][co]}. */
    private double[] codeLanes;
    private double[] wTapsDot;
    /** Receptive fields in channel-last layout, for the adjoints at the winners. */
    private final ChannelLastPatches patches;
    /** Per output k and winner code, the winner's receptive field in a channel-last image: {@code [4k + code]}. */
    private final int[] winnerOrigin;
    /** W and Ẇ reordered to {@link #patches}' layout, once per backward pass (when x is active). */
    private double[] wLast;
    private double[] wDotLast;
    private Scratch[] scratch = new Scratch[0];

    ConvActPool(Graph g, Node x, Node w, Node b, int stride, int pad, Activation act) {
        super(g, "conv2dActPool", outShape(x, w, b, stride, pad), b == null ? new Node[] {x, w} : new Node[] {x, w, b});
        this.x = x;
        this.w = w;
        this.b = b;
        this.act = act;
        this.geo = new ConvGeometry(op, x.shape, w.shape, b == null ? null : b.shape, stride, pad);
        this.po = shape[2];
        this.qo = shape[3];
        this.pq = po * qo;
        this.wide = geo.dense();
        // wide: only the rows and columns that pooling reads (an odd last row or column is dropped)
        this.cw = wide ? (2 * po - 1) * geo.wd + 2 * qo : geo.hw;
        this.rs = wide ? geo.wd : geo.wo;
        this.chunk = Math.max(1, Math.min(geo.n, CHUNK_DOUBLES / Math.max(1, geo.ckk * cw)));
        this.chunks = (geo.n + chunk - 1) / chunk;
        this.argmax = new byte[size];
        this.patches = new ChannelLastPatches(geo);
        this.direct = ConvGeometry.VECTOR && geo.co % PoolVector.lanes() == 0;
        this.hp = geo.h + 2 * geo.pad;
        this.wp = geo.wd + 2 * geo.pad;
        this.taps = new int[geo.ckk];
        for (int ci = 0, t = 0; ci < geo.c; ci++) {
            for (int ki = 0; ki < geo.kh; ki++) {
                for (int kj = 0; kj < geo.kw; kj++, t++) {
                    taps[t] = (ci * hp + ki) * wp + kj;
                }
            }
        }
        this.wTaps = direct ? new double[geo.ckk * geo.co] : null;
        if (x instanceof ConvActPool && geo.pad == 0) {
            ((ConvActPool) x).keepLast = true;
        }
        this.winnerOrigin = new int[4 * pq];
        for (int pi = 0, k = 0; pi < po; pi++) {
            for (int qj = 0; qj < qo; qj++, k++) {
                for (int code = 0; code < 4; code++) {
                    winnerOrigin[4 * k + code] = patches.origin(2 * pi + (code >> 1), 2 * qj + (code & 1));
                }
            }
        }
    }

    private static int[] outShape(Node x, Node w, Node b, int stride, int pad) {
        ConvGeometry g = new ConvGeometry("conv2dActPool", x.shape, w.shape, b == null ? null : b.shape, stride, pad);
        if (g.ho < 2 || g.wo < 2) {
            throw ShapeException.of("conv2dActPool", "convolution output smaller than the 2x2 pooling window:", x.shape, w.shape);
        }
        return new int[] {g.n, g.co, g.ho / 2, g.wo / 2};
    }

    /** One thread's buffers for one chunk at a time. */
    private final class Scratch {
        /** Columns of x (and of ẋ), {@code [ckk, chunk·cw]}. */
        double[] cols;
        double[] colsDot;
        /** Convolution outputs or their tangents, {@code [co, chunk·cw]}. */
        double[] z;
        /** f' and f'' of one pooled plane. */
        final double[] d1 = new double[pq];
        final double[] d2 = new double[pq];
        /** 2 × 2 maxima and winners of one pooled row (vector pooling). */
        final double[] max = new double[qo + SLACK];
        final double[] code = new double[qo + SLACK];
        /** One vector's lanes, for ordered sums. */
        final double[] lanes = new double[64];
        /** The chunk's pooled adjoints of one channel (and their tangents), image after image. */
        final double[] g = new double[chunk * pq];
        final double[] gDot = new double[chunk * pq];
        /** Where each of those outputs' winner has its receptive field in the channel-last images. */
        final int[] org = new int[chunk * pq];
        /** The chunk's images of x and ẋ, channel-last (see {@link ChannelLastPatches}). */
        final double[] xLast;
        double[] xDotLast;
        /** The chunk's input adjoints and their tangents, channel-last. */
        final double[] gx;
        double[] gxDot;
        /** Weight adjoint and its tangent, channel-last: {@code [2][co][channelStride]}. */
        final double[] acc;
        /** Direct forward: one image's pooled values and winner codes as {@code [pq][co]}, and its padded copy. */
        final double[] pooledLast;
        final double[] codesLast;
        final double[] padded;
        double[] paddedDot;

        Scratch(boolean tangents) {
            int images = chunk * patches.imageStride + patches.slack;
            xLast = w.active ? new double[images] : null;
            gx = x.active ? new double[images] : null;
            acc = w.active ? new double[2 * geo.co * patches.channelStride] : null;
            pooledLast = direct ? new double[pq * geo.co] : null;
            codesLast = direct ? new double[pq * geo.co] : null;
            padded = direct && geo.pad > 0 ? new double[geo.c * hp * wp] : null;
            ensureTangents(tangents);
        }

        void ensureTangents(boolean tangents) {
            // columns and their product: the forward and tangent passes without the direct path
            if (!direct && z == null) {
                // slack: the vector pooling reads a little past a plane's last window
                z = new double[geo.co * chunk * cw + SLACK];
                cols = new double[geo.ckk * chunk * cw];
            }
            if (tangents && x.active && direct && geo.pad > 0 && paddedDot == null) {
                paddedDot = new double[geo.c * hp * wp];
            }
            if (tangents && x.active && !direct && colsDot == null) {
                colsDot = new double[geo.ckk * chunk * cw];
            }
            if (tangents && x.active && gxDot == null) {
                int images = chunk * patches.imageStride + patches.slack;
                gxDot = new double[images];
                xDotLast = w.active ? new double[images] : null;
            }
        }
    }

    @Override
    void allocate(boolean tangents, boolean adjoints) {
        super.allocate(tangents, adjoints);
        if (act.needsInput() && pre == null) {
            pre = new double[size];
        }
        if (direct && keepLast && valLast == null) {
            valLast = new double[size + SLACK];
        }
        if (direct && active && tangents && codeLanes == null) {
            codeLanes = new double[size];
            wTapsDot = new double[geo.ckk * geo.co];
        }
        if (active && tangents && act.curved() && preDot == null) {
            preDot = new double[size];
        }
        if (active && adjoints) {
            if (w.active && wPart == null) {
                wPart = new double[chunks * 2 * geo.co * geo.ckk];
            }
            if (b != null && b.active && bPart == null) {
                bPart = new double[chunks * 2 * geo.co];
            }
        }
        if (active && adjoints && x.active) {
            if (wLast == null) {
                wLast = new double[geo.co * patches.channelStride];
            }
            if (tangents && w.active && wDotLast == null) {
                wDotLast = new double[geo.co * patches.channelStride];
            }
        }
        int parts = Math.max(1, Math.min(Parallel.threads(), chunks));
        if (scratch.length < parts) {
            Scratch[] grown = Arrays.copyOf(scratch, parts);
            for (int i = scratch.length; i < parts; i++) {
                grown[i] = new Scratch(tangents);
            }
            scratch = grown;
        }
        for (Scratch s : scratch) {
            s.ensureTangents(tangents);
        }
    }

    /**
     * Runs {@code body(q, scratch)} for every chunk q, spread over the kernel threads as they
     * become free (see {@link ChunkClaims}). Which thread runs a chunk never changes a result.
     * The bodies and the per-thread loop are created once, so a pass allocates nothing.
     */
    private void forEachChunk(ChunkBody body) {
        forEach(body, chunks);
    }

    /** As {@link #forEachChunk} for items {@code 0 .. count-1} of any kind (chunks or images). */
    private void forEach(ChunkBody body, int count) {
        int parts = Math.min(scratch.length, Math.min(Parallel.threads(), count));
        if (parts <= 1) {
            for (int q = 0; q < count; q++) {
                body.run(q, scratch[0]);
            }
            return;
        }
        claims.reset(count);
        running = body;
        runningParts = parts;
        Parallel.run(parts, threadLoop);
    }

    private final ChunkClaims claims = new ChunkClaims();
    /** The body and part count of the running pass, read by {@link #threadLoop}. */
    private ChunkBody running;
    private int runningParts;
    /** One thread's share of a pass: claim chunks until none is left. */
    private final IntConsumer threadLoop = part -> {
        for (int q = claims.next(part, runningParts); q >= 0; q = claims.next(part, runningParts)) {
            running.run(q, scratch[part]);
        }
    };
    /** Flags of the running backward pass. */
    private boolean passHvp;
    private boolean passToX;
    private boolean passToW;
    private boolean passFirstX;
    private final ChunkBody forwardBody = this::forwardChunk;
    private final ChunkBody directBody = this::directImage;
    private final ChunkBody directTangentBody = this::directTangentImage;
    private final ChunkBody tangentBody = this::tangentChunk;
    private final ChunkBody backwardBody = (q, s) -> backwardChunk(q, s, passHvp, passFirstX);

    @FunctionalInterface
    private interface ChunkBody {
        void run(int q, Scratch s);
    }

    /** Number of chunks the batch is cut into (fixed by the shapes). */
    int chunkCount() {
        return chunks;
    }

    private int first(int q) {
        return q * chunk;
    }

    private int len(int q) {
        return Math.min(geo.n, (q + 1) * chunk) - q * chunk;
    }

    /** Offset of image i's output channel o among the outputs. */
    private int out(int i, int o) {
        return (i * geo.co + o) * pq;
    }

    private double bias(double[] v, int off, int o) {
        return v == null ? 0.0 : v[off + o];
    }

    // ---------------------------------------------------------------- forward

    @Override
    void forward() {
        if (direct) {
            tapMajor(w.val, w.valOff, wTaps);
            forEach(directBody, geo.n); // no partial sums: hand out single images, for balance
        } else {
            forEachChunk(forwardBody);
        }
    }

    /** Weights {@code [co, ckk]} at {@code w[w0…]} as {@code [tap][co]}, for the direct passes. */
    private void tapMajor(double[] w, int w0, double[] dst) {
        for (int o = 0; o < geo.co; o++) {
            for (int t = 0; t < geo.ckk; t++) {
                dst[t * geo.co + o] = w[w0 + o * geo.ckk + t];
            }
        }
    }

    private void forwardChunk(int q, Scratch s) {
        double[] bv = b == null ? null : b.val;
        int bo = b == null ? 0 : b.valOff;
        int ld = len(q) * cw;
        columns(q, x.val, x.valOff, s.cols);
        K.gemm(false, false, geo.co, ld, geo.ckk, 1.0, w.val, w.valOff, geo.ckk, s.cols, 0, ld, 0.0, s.z, 0, ld);
        for (int i = 0; i < len(q); i++) {
            for (int o = 0; o < geo.co; o++) {
                pool(s, s.z, o * ld + i * cw, rs, bias(bv, bo, o), out(first(q) + i, o));
            }
        }
    }

    /** The direct forward pass (see {@link #direct}) over image n. */
    private void directImage(int n, Scratch s) {
        double[] bv = b == null ? null : b.val;
        int bo = b == null ? 0 : b.valOff;
        int lanes = PoolVector.lanes();
        int co = geo.co;
        int st = geo.stride;
        double[] src = x.val;
        int image = x.valOff + n * geo.imageSize();
        if (geo.pad > 0) {
            padImage(src, image, s.padded);
            src = s.padded;
            image = 0;
        }
        for (int v = 0; v < co; ) {
            int vecs = v + 2 * lanes <= co ? 2 : 1; // two channel vectors share every input load
            for (int pi = 0; pi < po; pi++) {
                PoolVector.convPoolRow(src, image + 2 * pi * st * wp, 2 * st, st, st * wp, taps, geo.ckk,
                        wTaps, v, co, vecs, qo, s.pooledLast, s.codesLast, pi * qo * co + v, co);
            }
            v += vecs * lanes;
        }
        // bias and activation on the channel-last block, then to NCHW (and kept channel-last)
        double[] cl = s.pooledLast;
        if (bv != null) {
            for (int k = 0; k < pq; k++) {
                for (int o = 0; o < co; o++) {
                    cl[k * co + o] += bv[bo + o];
                }
            }
        }
        if (pre != null) {
            for (int o = 0; o < co; o++) {
                int o0 = out(n, o);
                for (int k = 0; k < pq; k++) {
                    pre[o0 + k] = cl[k * co + o];
                }
            }
        }
        act.apply(cl, 0, pq * co);
        if (valLast != null) {
            System.arraycopy(cl, 0, valLast, n * pq * co, pq * co);
        }
        if (codeLanes != null) {
            System.arraycopy(s.codesLast, 0, codeLanes, n * pq * co, pq * co);
        }
        for (int o = 0; o < co; o++) {
            int o0 = out(n, o);
            int vo = valOff + o0;
            for (int k = 0; k < pq; k++) {
                val[vo + k] = cl[k * co + o];
                argmax[o0 + k] = (byte) s.codesLast[k * co + o];
            }
        }
    }

    /** The image at {@code src[s0…]} with a zero border of width pad, {@code [c, hp, wp]}. */
    private void padImage(double[] src, int s0, double[] dst) {
        Arrays.fill(dst, 0.0);
        for (int ci = 0; ci < geo.c; ci++) {
            for (int r = 0; r < geo.h; r++) {
                System.arraycopy(src, s0 + (ci * geo.h + r) * geo.wd, dst, (ci * hp + r + geo.pad) * wp + geo.pad, geo.wd);
            }
        }
    }

    /** Chunk q's images of {@code src} as columns {@code [ckk, len·hw]}. */
    private void columns(int q, double[] src, int so, double[] dst) {
        int ld = len(q) * cw;
        for (int i = 0; i < len(q); i++) {
            int image = so + (first(q) + i) * geo.imageSize();
            if (wide) {
                geo.im2colWide(src, image, dst, 0, ld, i * cw, cw);
            } else {
                geo.im2col(src, image, dst, 0, ld, i * cw);
            }
        }
    }

    /**
     * Pools the convolution plane {@code z[z0…]} (row stride rs) into outputs {@code o0 …}: the
     * winners, the pre-activations {@code max + bias} (kept when needed) and the values f of them.
     * Branch-free, as in {@link MaxPool2d}: the comparisons are coin flips on real data.
     */
    private void pool(Scratch s, double[] z, int z0, int rs, double bias, int o0) {
        int vo = valOff + o0;
        if (ConvGeometry.VECTOR) {
            for (int pi = 0; pi < po; pi++) {
                PoolVector.pool2x2(z, z0 + 2 * pi * rs, rs, qo, s.max, s.code);
                int row = pi * qo;
                for (int qj = 0; qj < qo; qj++) {
                    val[vo + row + qj] = s.max[qj] + bias;
                    argmax[o0 + row + qj] = (byte) s.code[qj];
                }
            }
        } else {
            for (int pi = 0; pi < po; pi++) {
                int top = z0 + 2 * pi * rs;
                int row = pi * qo;
                for (int qj = 0; qj < qo; qj++) {
                    int p = top + 2 * qj;
                    double a = z[p];
                    double bb = z[p + 1];
                    double c = z[p + rs];
                    double d = z[p + rs + 1];
                    long g1 = MaxPool2d.secondLarger(a, bb);
                    long g2 = MaxPool2d.secondLarger(c, d);
                    double m1 = MaxPool2d.select(g1, a, bb);
                    double m2 = MaxPool2d.select(g2, c, d);
                    long g3 = MaxPool2d.secondLarger(m1, m2);
                    argmax[o0 + row + qj] = (byte) ((g3 & 2) | (((g1 & ~g3) | (g2 & g3)) & 1));
                    val[vo + row + qj] = MaxPool2d.select(g3, m1, m2) + bias;
                }
            }
        }
        if (pre != null) {
            System.arraycopy(val, vo, pre, o0, pq);
        }
        act.apply(val, vo, pq);
    }

    /** Index in a plane {@code [z0…]} of row stride rs of the winner of output {@code o0 + pi·qo + qj}. */
    private int winner(int o0, int pi, int qj, int z0, int rs) {
        int code = argmax[o0 + pi * qo + qj];
        return z0 + (2 * pi + (code >> 1)) * rs + 2 * qj + (code & 1);
    }

    // ---------------------------------------------------------------- tangent

    @Override
    void tangent() {
        if (direct) {
            if (w.active) {
                tapMajor(w.dot, w.dotOff, wTapsDot);
            }
            forEach(directTangentBody, geo.n);
        } else {
            forEachChunk(tangentBody);
        }
    }

    /**
     * The direct tangent pass over image n: the convolution tangent at each window's four
     * positions, channels in lanes as in {@link #directImage}, keeping the winner's (forward
     * mode never needs the others).
     */
    private void directTangentImage(int n, Scratch s) {
        int co = geo.co;
        int st = geo.stride;
        double[] xs = x.val;
        double[] xd = x.active ? x.dot : null;
        int image = x.valOff + n * geo.imageSize();
        int imageDot = x.active ? x.dotOff + n * geo.imageSize() : 0;
        if (geo.pad > 0) {
            padImage(xs, image, s.padded);
            xs = s.padded;
            image = 0;
            if (xd != null) {
                padImage(xd, imageDot, s.paddedDot);
                xd = s.paddedDot;
                imageDot = 0;
            }
        }
        int lanes = PoolVector.lanes();
        for (int v = 0; v < co; ) {
            int vecs = v + 2 * lanes <= co ? 2 : 1; // two channel vectors share every input load
            for (int pi = 0; pi < po; pi++) {
                int top = image + 2 * pi * st * wp;
                PoolVector.tangentPoolRow(xs, xd, imageDot - image, top, 2 * st, st, st * wp, taps, geo.ckk,
                        wTaps, w.active ? wTapsDot : null, v, co, vecs, qo, codeLanes, n * pq * co, s.pooledLast,
                        pi * qo * co + v, co);
            }
            v += vecs * lanes;
        }
        boolean bias = b != null && b.active;
        for (int o = 0; o < co; o++) {
            int o0 = out(n, o);
            double biasDot = bias ? b.dot[b.dotOff + o] : 0.0;
            act.firstDerivative(pre, o0, val, valOff + o0, s.d1, 0, pq);
            for (int k = 0; k < pq; k++) {
                double md = s.pooledLast[k * co + o] + biasDot;
                dot[dotOff + o0 + k] = s.d1[k] * md;
                if (preDot != null) {
                    preDot[o0 + k] = md;
                }
            }
        }
    }

    private void tangentChunk(int q, Scratch s) {
        boolean bias = b != null && b.active;
        int ld = len(q) * cw;
        boolean written = false;
        if (x.active) {
            columns(q, x.dot, x.dotOff, s.colsDot);
            K.gemm(false, false, geo.co, ld, geo.ckk, 1.0, w.val, w.valOff, geo.ckk, s.colsDot, 0, ld, 0.0, s.z, 0, ld);
            written = true;
        }
        if (w.active) {
            columns(q, x.val, x.valOff, s.cols);
            K.gemm(false, false, geo.co, ld, geo.ckk, 1.0, w.dot, w.dotOff, geo.ckk, s.cols, 0, ld,
                    written ? 1.0 : 0.0, s.z, 0, ld);
            written = true;
        }
        if (!written) {
            Arrays.fill(s.z, 0, geo.co * ld, 0.0);
        }
        for (int i = 0; i < len(q); i++) {
            for (int o = 0; o < geo.co; o++) {
                gatherTangent(s, s.z, o * ld + i * cw, rs, bias ? b.dot[b.dotOff + o] : 0.0, out(first(q) + i, o));
            }
        }
    }

    /** Outputs o0…: ṁ = ż at the winner + ḃ, tangent f'(m) ṁ; keeps ṁ when f'' is needed later. */
    private void gatherTangent(Scratch s, double[] zd, int z0, int rs, double biasDot, int o0) {
        act.firstDerivative(pre, o0, val, valOff + o0, s.d1, 0, pq);
        for (int pi = 0, k = 0; pi < po; pi++) {
            for (int qj = 0; qj < qo; qj++, k++) {
                double md = zd[winner(o0, pi, qj, z0, rs)] + biasDot;
                dot[dotOff + o0 + k] = s.d1[k] * md;
                if (preDot != null) {
                    preDot[o0 + k] = md;
                }
            }
        }
    }

    // ---------------------------------------------------------------- backward

    @Override
    void backward() {
        backwardPass(false);
    }

    @Override
    void backwardHvp() {
        backwardPass(true);
    }

    private void backwardPass(boolean hvp) {
        boolean fx = x.active && firstContribution(x);
        boolean fw = w.active && firstContribution(w);
        boolean fb = b != null && b.active && firstContribution(b);
        // an HVP without a gradient leaves out the primal adjoints no second-order term reads
        passToX = x.active && (!hvp || writesAdjoint(x));
        passToW = w.active && (!hvp || writesAdjoint(w));
        boolean toB = b != null && b.active && (!hvp || writesAdjoint(b));
        int wsz = geo.co * geo.ckk;
        if (x.active) {
            patches.weightsToChannelLast(w.val, w.valOff, wLast);
            if (hvp && w.active) {
                patches.weightsToChannelLast(w.dot, w.dotOff, wDotLast);
            }
        }
        passHvp = hvp;
        passFirstX = fx;
        forEachChunk(backwardBody);
        if (w.active) {
            if (passToW) {
                reduce(wPart, 0, wsz, w.bar, w.barOff, fw);
            }
            if (hvp) {
                reduce(wPart, wsz, wsz, w.barDot, w.barDotOff, fw);
            }
        }
        if (b != null && b.active) {
            if (toB) {
                reduce(bPart, 0, geo.co, b.bar, b.barOff, fb);
            }
            if (hvp) {
                reduce(bPart, geo.co, geo.co, b.barDot, b.barDotOff, fb);
            }
        }
    }

    /** dst (=|+=) the sum over chunks of {@code parts[q·2·len + at …]}, added in chunk order. */
    private void reduce(double[] parts, int at, int len, double[] dst, int d0, boolean overwrite) {
        for (int k = 0; k < len; k++) {
            double sum = parts[at + k];
            for (int q = 1; q < chunks; q++) {
                sum += parts[q * 2 * len + at + k];
            }
            dst[d0 + k] = overwrite ? sum : dst[d0 + k] + sum;
        }
    }

    /**
     * Chunk q's adjoints, from the pooling winners alone: every other convolution output has a
     * zero adjoint. With ḡ the adjoint {@code f'(m) ȳ} reaching a winner and P its receptive field,
     * each winner adds {@code ḡ·P} to W̄ and {@code ḡ·W} to P's part of x̄; the HVP adds
     * {@code ḡ'·P + ḡ·Ṗ} to W̄' and {@code ḡ'·W + ḡ·Ẇ} to x̄'. Receptive fields are read from, and
     * input adjoints gathered in, channel-last copies of the chunk's images (see
     * {@link ChannelLastPatches}); W̄ is kept in the same order and reordered once per chunk.
     */
    private void backwardChunk(int q, Scratch s, boolean hvp, boolean fx) {
        int wsz = geo.co * geo.ckk;
        boolean wa = w.active;
        boolean xa = x.active;
        boolean xDot = hvp && wa && xa;
        boolean toX = passToX;
        boolean toW = passToW;
        int is = patches.imageStride;
        int cs = patches.channelStride;
        int dotAcc = geo.co * cs;
        if (b != null && b.active) {
            Arrays.fill(bPart, q * 2 * geo.co, (q + 1) * 2 * geo.co, 0.0);
        }
        double[] xl = producedLast();
        double[] xs = xl != null ? xl : s.xLast;
        int xBase = xl != null ? first(q) * is : 0;
        if (wa) {
            for (int i = 0; i < len(q); i++) {
                int image = (first(q) + i) * geo.imageSize();
                if (xl == null) {
                    patches.toChannelLast(x.val, x.valOff + image, s.xLast, i * is);
                }
                if (xDot) {
                    patches.toChannelLast(x.dot, x.dotOff + image, s.xDotLast, i * is);
                }
            }
            Arrays.fill(s.acc, 0, (hvp ? 2 : 1) * dotAcc, 0.0);
        }
        if (xa) {
            if (toX) {
                Arrays.fill(s.gx, 0.0);
            }
            if (hvp) {
                Arrays.fill(s.gxDot, 0.0);
            }
        }
        int n = len(q) * pq;
        for (int o = 0; o < geo.co; o++) {
            for (int i = 0; i < len(q); i++) {
                int o0 = out(first(q) + i, o);
                planeAdjoint(q, s, hvp, o0, o, i * pq);
                for (int k = 0, image = i * is; k < pq; k++) {
                    s.org[i * pq + k] = image + winnerOrigin[4 * k + argmax[o0 + k]];
                }
            }
            int wo = o * cs;
            if (wa) {
                if (hvp) {
                    patches.accumulateHvp(s.g, s.gDot, s.org, n, xs, xBase, xDot ? s.xDotLast : null, toW ? s.acc : null, wo,
                            s.acc, dotAcc + wo);
                } else {
                    patches.accumulate(s.g, s.org, n, xs, xBase, s.acc, wo);
                }
            }
            if (xa) {
                if (hvp) {
                    patches.scatterHvp(s.g, s.gDot, s.org, n, wLast, wa ? wDotLast : null, wo, toX ? s.gx : null, s.gxDot);
                } else {
                    patches.scatter(s.g, s.org, n, wLast, wo, s.gx);
                }
            }
        }
        int wq = q * 2 * wsz;
        if (toW) {
            patches.weightsFromChannelLast(s.acc, 0, wPart, wq);
        }
        if (wa) {
            if (hvp) {
                patches.weightsFromChannelLast(s.acc, dotAcc, wPart, wq + wsz);
            }
        }
        if (xa) {
            for (int i = 0; i < len(q); i++) {
                int image = (first(q) + i) * geo.imageSize();
                if (toX) {
                    patches.fromChannelLast(s.gx, i * is, x.bar, x.barOff + image, fx);
                }
                if (hvp) {
                    patches.fromChannelLast(s.gxDot, i * is, x.barDot, x.barDotOff + image, fx);
                }
            }
        }
    }

    /** x's values channel-last, when x is a layer that keeps them (see {@link #valLast}), else null. */
    private double[] producedLast() {
        if (!(x instanceof ConvActPool)) {
            return null;
        }
        double[] last = ((ConvActPool) x).valLast;
        return last != null && last.length >= geo.n * patches.imageStride + patches.slack ? last : null;
    }

    /**
     * Output plane o0's adjoint at its winners, {@code s.g = f'(m) ȳ}, and with tangents
     * {@code s.gDot = f'(m) ȳ' + f''(m) ṁ ȳ}; adds both to chunk q's bias partials of channel o.
     */
    private void planeAdjoint(int q, Scratch s, boolean hvp, int o0, int o, int g0) {
        act.firstDerivative(pre, o0, val, valOff + o0, s.d1, 0, pq);
        double bs = productAndSum(s.d1, bar, barOff + o0, s.g, g0, pq, s.lanes);
        double bsd = 0.0;
        if (hvp) {
            boolean curved = preDot != null;
            if (curved) {
                act.secondDerivative(pre, o0, val, valOff + o0, s.d2, 0, pq);
            }
            for (int k = 0; k < pq; k++) {
                double gd = s.d1[k] * barDot[barDotOff + o0 + k];
                if (curved) {
                    gd += s.d2[k] * preDot[o0 + k] * bar[barOff + o0 + k];
                }
                s.gDot[g0 + k] = gd;
                bsd += gd;
            }
        }
        if (b != null && b.active) {
            bPart[q * 2 * geo.co + o] += bs;
            bPart[q * 2 * geo.co + geo.co + o] += bsd;
        }
    }

    /** {@code g[g0 + k] = d1[k] · y[y0 + k]} for k < len; returns Σ g (in a fixed order). */
    private static double productAndSum(double[] d1, double[] y, int y0, double[] g, int g0, int len, double[] lanes) {
        if (ConvGeometry.VECTOR) {
            return PoolVector.productAndSum(d1, y, y0, g, g0, len, lanes);
        }
        double sum = 0.0;
        for (int k = 0; k < len; k++) {
            g[g0 + k] = d1[k] * y[y0 + k];
            sum += g[g0 + k];
        }
        return sum;
    }

    @Override
    boolean adjointInTangentRule() {
        // ȳ enters through Ẇ and ẋ (a product of two active values) or a curved activation
        return x.active && w.active || act.curved();
    }
}
