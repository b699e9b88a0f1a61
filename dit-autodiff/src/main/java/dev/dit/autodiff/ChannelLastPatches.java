package dev.dit.autodiff;

import java.util.Arrays;

/**
 * Receptive fields of a convolution in channel-last layout, for adjoints that visit only some of
 * its outputs.
 *
 * <p>An image copied to {@code [row + pad][column + pad][channel]} (a zero border of width pad,
 * {@code hp × wp × c} doubles) holds the receptive field of every convolution output as
 * {@code kh} runs of {@code seg = kw·c} contiguous doubles, one per kernel row, at stride
 * {@code wp·c}. Weights reordered the same way ({@code [co][kh][kw·c]}, each run padded to whole
 * vectors) line up with those runs, so one output's contribution to the weight adjoint or to the
 * input adjoint is {@code kh} short vector loops: no im2col columns and no full-resolution
 * adjoint plane. {@link ConvActPool} uses this for its pooling winners, a quarter of the outputs.
 *
 * <p>Every sum runs in an order fixed by the shapes; the vector and plain versions both use fused
 * multiply-adds per lane, so they agree bit for bit.
 */
final class ChannelLastPatches {
    private static final int LANES = ConvGeometry.VECTOR ? PatchVector.lanes() : 1;

    private final ConvGeometry geo;
    /** Padded width and the stride between image rows, {@code wp·c}. */
    private final int wp;
    private final int rowStride;
    /** Doubles per padded image. */
    final int imageStride;
    /** One kernel row of one receptive field, {@code kw·c}, and that rounded up to whole vectors. */
    private final int seg;
    final int segPad;
    /** Doubles per output channel of the reordered weights, {@code kh·segPad}. */
    final int channelStride;
    /** Vectors per receptive field, {@code kh·segPad / L}. */
    private final int vectors;
    /**
     * Slack after a buffer of padded images: the vector loops read and write whole vectors, up
     * to {@code segPad − seg} entries past a receptive field's last run.
     */
    final int slack;

    ChannelLastPatches(ConvGeometry geo) {
        this.geo = geo;
        int hp = geo.h + 2 * geo.pad;
        this.wp = geo.wd + 2 * geo.pad;
        this.rowStride = wp * geo.c;
        this.imageStride = hp * rowStride;
        this.seg = geo.kw * geo.c;
        this.segPad = (seg + LANES - 1) / LANES * LANES;
        this.channelStride = geo.kh * segPad;
        this.vectors = channelStride / LANES;
        this.slack = segPad;
    }

    /** Offset, within a padded image, of the receptive field of convolution output (row, col). */
    int origin(int row, int col) {
        return (row * geo.stride * wp + col * geo.stride) * geo.c;
    }

    /** Copies the NCHW image at {@code src[s0…]} to the padded channel-last image at {@code dst[d0…]}. */
    void toChannelLast(double[] src, int s0, double[] dst, int d0) {
        int c = geo.c;
        int p = geo.pad;
        if (p > 0) {
            Arrays.fill(dst, d0, d0 + imageStride, 0.0);
        }
        if (c == 1) {
            for (int r = 0; r < geo.h; r++) {
                System.arraycopy(src, s0 + r * geo.wd, dst, d0 + (r + p) * wp + p, geo.wd);
            }
            return;
        }
        // channel by channel: reads run along the source, writes step by c within an L1-sized image
        for (int ci = 0; ci < c; ci++) {
            for (int r = 0; r < geo.h; r++) {
                int from = s0 + (ci * geo.h + r) * geo.wd;
                int to = d0 + (r + p) * rowStride + p * c + ci;
                for (int col = 0; col < geo.wd; col++) {
                    dst[to + col * c] = src[from + col];
                }
            }
        }
    }

    /**
     * The NCHW image at {@code dst[d0…]} (=|+=) the interior of the padded channel-last image at
     * {@code src[s0…]}; the border, which holds adjoints of padding, is dropped.
     */
    void fromChannelLast(double[] src, int s0, double[] dst, int d0, boolean overwrite) {
        int c = geo.c;
        int p = geo.pad;
        for (int ci = 0; ci < c; ci++) {
            for (int r = 0; r < geo.h; r++) {
                int from = s0 + (r + p) * rowStride + p * c + ci;
                int to = d0 + (ci * geo.h + r) * geo.wd;
                if (overwrite) {
                    for (int col = 0; col < geo.wd; col++) {
                        dst[to + col] = src[from + col * c];
                    }
                } else {
                    for (int col = 0; col < geo.wd; col++) {
                        dst[to + col] += src[from + col * c];
                    }
                }
            }
        }
    }

    /** Weights {@code [co, c, kh, kw]} at {@code w[w0…]} reordered to {@code dst = [co][kh][segPad]}, padding zero. */
    void weightsToChannelLast(double[] w, int w0, double[] dst) {
        Arrays.fill(dst, 0, geo.co * channelStride, 0.0);
        for (int o = 0; o < geo.co; o++) {
            for (int ci = 0; ci < geo.c; ci++) {
                for (int ki = 0; ki < geo.kh; ki++) {
                    for (int kj = 0; kj < geo.kw; kj++) {
                        dst[o * channelStride + ki * segPad + kj * geo.c + ci] = w[w0 + ((o * geo.c + ci) * geo.kh + ki) * geo.kw + kj];
                    }
                }
            }
        }
    }

    /** The inverse of {@link #weightsToChannelLast}: {@code src[s0…]} back to {@code [co, c, kh, kw]} at {@code dst[d0…]}. */
    void weightsFromChannelLast(double[] src, int s0, double[] dst, int d0) {
        for (int o = 0; o < geo.co; o++) {
            for (int ci = 0; ci < geo.c; ci++) {
                for (int ki = 0; ki < geo.kh; ki++) {
                    for (int kj = 0; kj < geo.kw; kj++) {
                        dst[d0 + ((o * geo.c + ci) * geo.kh + ki) * geo.kw + kj] = src[s0 + o * channelStride + ki * segPad + kj * geo.c + ci];
                    }
                }
            }
        }
    }

    /**
     * The weight adjoint's share of n outputs with receptive fields at {@code img[base + org[k]…]} and
     * adjoints g[k]: {@code acc[a0 + ki·segPad + j] += Σ_k g[k] · img[org[k] + ki·rowStride + j]}
     * for every kernel row ki and {@code j < segPad} (the entries past seg land in padding).
     * Each entry sums over k as in {@link PatchVector#gatherDot}, in both versions.
     */
    void accumulate(double[] g, int[] org, int n, double[] img, int base, double[] acc, int a0) {
        if (!ConvGeometry.VECTOR) {
            for (int ki = 0; ki < geo.kh; ki++) {
                for (int l = 0; l < seg; l++) {
                    acc[a0 + ki * segPad + l] += gatherDot(g, org, n, img, base + ki * rowStride + l);
                }
            }
            return;
        }
        int v = 0;
        for (; v + 3 <= vectors; v += 3) {
            PatchVector.gatherDot3(g, org, n, img, base + offset(v), base + offset(v + 1), base + offset(v + 2),
                    acc, a0 + v * LANES, a0 + (v + 1) * LANES, a0 + (v + 2) * LANES);
        }
        for (; v < vectors; v++) {
            PatchVector.gatherDot(g, org, n, img, base + offset(v), acc, a0 + v * LANES);
        }
    }

    /** Offset in a receptive field of its v-th vector: kernel row v / (segPad / L), then the vector in that row. */
    private int offset(int v) {
        int perRow = segPad / LANES;
        return v / perRow * rowStride + v % perRow * LANES;
    }

    /** {@code Σ_k g[k] · src[org[k] + off]} in the order of {@link PatchVector#gatherDot}. */
    private static double gatherDot(double[] g, int[] org, int n, double[] src, int off) {
        double e = 0.0;
        double o = 0.0;
        int k = 0;
        for (; k + 2 <= n; k += 2) {
            e = Math.fma(src[org[k] + off], g[k], e);
            o = Math.fma(src[org[k + 1] + off], g[k + 1], o);
        }
        if (k < n) {
            e = Math.fma(src[org[k] + off], g[k], e);
        }
        return e + o;
    }

    /**
     * The input adjoint's share of the same n outputs:
     * {@code img[org[k] + ki·rowStride + j] += g[k] · w[w0 + ki·segPad + j]} for every kernel
     * row ki and {@code j < seg}; nothing past seg changes.
     */
    void scatter(double[] g, int[] org, int n, double[] w, int w0, double[] img) {
        if (!ConvGeometry.VECTOR) {
            for (int k = 0; k < n; k++) {
                for (int ki = 0; ki < geo.kh; ki++) {
                    int d = org[k] + ki * rowStride;
                    int s = w0 + ki * segPad;
                    for (int j = 0; j < seg; j++) {
                        img[d + j] = Math.fma(w[s + j], g[k], img[d + j]);
                    }
                }
            }
            return;
        }
        if (seg % LANES == 0) {
            int v = 0;
            for (; v + 3 <= vectors; v += 3) {
                PatchVector.scatter3(g, org, n, w, w0 + v * LANES, w0 + (v + 1) * LANES, w0 + (v + 2) * LANES,
                        img, offset(v), offset(v + 1), offset(v + 2));
            }
            for (; v < vectors; v++) {
                PatchVector.scatterRun(g, org, n, w, w0 + v * LANES, img, offset(v), LANES);
            }
            return;
        }
        int perRow = segPad / LANES;
        for (int v = 0; v < vectors; v++) {
            int j = v % perRow * LANES;
            PatchVector.scatterRun(g, org, n, w, w0 + v * LANES, img, offset(v), Math.min(LANES, seg - j));
        }
    }

    /**
     * The HVP's weight adjoint and its tangent in one pass: {@code acc[a0 …] += Σ_k g[k]·P_k} as
     * {@link #accumulate} (fields at {@code img[base + org[k]…]}), and {@code acc[d0 …] +=
     * Σ_k (gDot[k]·P_k + g[k]·Ṗ_k)} with Ṗ the fields at {@code imgDot[org[k]…]} (left out when
     * imgDot is null), into {@code accDot[d0 …]}; the first sum is left out when {@code acc} is
     * null (an HVP without a gradient). Sums as in {@link PatchVector#gatherDotHvp}.
     */
    void accumulateHvp(double[] g, double[] gDot, int[] org, int n, double[] img, int base, double[] imgDot,
                       double[] acc, int a0, double[] accDot, int d0) {
        for (int v = 0; v < vectors; v++) {
            int off = offset(v);
            int at = v * LANES;
            if (ConvGeometry.VECTOR) {
                PatchVector.gatherDotHvp(g, gDot, org, n, img, base + off, imgDot, off, acc, a0 + at, accDot, d0 + at);
                continue;
            }
            int valid = Math.min(LANES, seg - v % (segPad / LANES) * LANES);
            for (int l = 0; l < valid; l++) {
                double e = 0.0, o = 0.0, de = 0.0, dO = 0.0;
                int k = 0;
                for (; k + 2 <= n; k += 2) {
                    double p0 = img[base + org[k] + off + l];
                    double p1 = img[base + org[k + 1] + off + l];
                    e = Math.fma(p0, g[k], e);
                    o = Math.fma(p1, g[k + 1], o);
                    de = Math.fma(p0, gDot[k], de);
                    dO = Math.fma(p1, gDot[k + 1], dO);
                    if (imgDot != null) {
                        de = Math.fma(imgDot[org[k] + off + l], g[k], de);
                        dO = Math.fma(imgDot[org[k + 1] + off + l], g[k + 1], dO);
                    }
                }
                if (k < n) {
                    double p0 = img[base + org[k] + off + l];
                    e = Math.fma(p0, g[k], e);
                    de = Math.fma(p0, gDot[k], de);
                    if (imgDot != null) {
                        de = Math.fma(imgDot[org[k] + off + l], g[k], de);
                    }
                }
                if (acc != null) {
                    acc[a0 + at + l] += e + o;
                }
                accDot[d0 + at + l] += de + dO;
            }
        }
    }

    /**
     * The HVP's input adjoint and its tangent in one pass: {@code img += g[k]·w} as
     * {@link #scatter} and {@code imgDot += gDot[k]·w + g[k]·wDot} (the last term left out when
     * wDot is null) at every receptive field {@code org[k]}, k in order; img null leaves out the
     * first (an HVP without a gradient).
     */
    void scatterHvp(double[] g, double[] gDot, int[] org, int n, double[] w, double[] wDot, int w0,
                    double[] img, double[] imgDot) {
        int perRow = segPad / LANES;
        for (int v = 0; v < vectors; v++) {
            int off = offset(v);
            int at = w0 + v * LANES;
            int valid = Math.min(LANES, seg - v % perRow * LANES);
            if (ConvGeometry.VECTOR) {
                PatchVector.scatterHvp(g, gDot, org, n, w, wDot, at, img, imgDot, off, valid);
                continue;
            }
            for (int k = 0; k < n; k++) {
                int d = org[k] + off;
                for (int l = 0; l < valid; l++) {
                    if (img != null) {
                        img[d + l] = Math.fma(w[at + l], g[k], img[d + l]);
                    }
                    double sum = Math.fma(w[at + l], gDot[k], imgDot[d + l]);
                    imgDot[d + l] = wDot == null ? sum : Math.fma(wDot[at + l], g[k], sum);
                }
            }
        }
    }
}
