package dev.dit.autodiff;

import java.util.Arrays;

/**
 * Max-pooling over NCHW input with a square window and no padding. Given the positions of the
 * maxima (kept from the forward pass; the first one wins a tie) it is a linear selection, so the
 * tangent picks {@code ẋ} there and the adjoints scatter back to those positions.
 */
final class MaxPool2d extends Node {
    private final Node x;
    private final int[] argmax;

    MaxPool2d(Graph g, Node x, int window, int stride) {
        super(g, "maxPool2d", outShape(x, window, stride), x);
        this.x = x;
        this.argmax = new int[size];
        this.window = window;
        this.stride = stride;
    }

    private final int window;
    private final int stride;

    private static int[] outShape(Node x, int window, int stride) {
        if (x.shape.length != 4 || window < 1 || stride < 1 || x.shape[2] < window || x.shape[3] < window) {
            throw new ShapeException("maxPool2d", "needs [N,C,H,W] with H,W >= window " + window
                    + " and stride >= 1, got " + Shapes.str(x.shape) + " stride " + stride);
        }
        return new int[] {x.shape[0], x.shape[1], (x.shape[2] - window) / stride + 1, (x.shape[3] - window) / stride + 1};
    }

    @Override
    void forward() {
        int planes = shape[0] * shape[1];
        int h = x.shape[2];
        int w = x.shape[3];
        int ho = shape[2];
        int wo = shape[3];
        double[] xs = x.val;
        int xo = x.valOff;
        if (window == 2 && stride == 2) {
            forward2x2(planes, h, w, ho, wo, xs, xo);
            return;
        }
        for (int pl = 0; pl < planes; pl++) {
            int in0 = xo + pl * h * w;
            for (int oh = 0; oh < ho; oh++) {
                int o = (pl * ho + oh) * wo;
                for (int ow = 0; ow < wo; ow++) {
                    int first = in0 + oh * stride * w + ow * stride;
                    int best = first;
                    double bv = xs[first];
                    for (int i = 0; i < window; i++) {
                        int row = first + i * w;
                        for (int j = 0; j < window; j++) {
                            // select without a branch: the comparison is a coin flip on real data
                            double v = xs[row + j];
                            boolean gt = v > bv;
                            bv = gt ? v : bv;
                            best = gt ? row + j : best;
                        }
                    }
                    argmax[o + ow] = best - xo;
                    val[valOff + o + ow] = bv;
                }
            }
        }
    }

    /**
     * The common 2×2, stride-2 case without branches (the comparisons are coin flips on real
     * data): which of two values is larger is read from the sign of their difference (the second
     * only when strictly larger, so the first wins ties), and values and indices are selected
     * with bit masks.
     */
    private void forward2x2(int planes, int h, int w, int ho, int wo, double[] xs, int xo) {
        for (int pl = 0; pl < planes; pl++) {
            int in0 = pl * h * w;
            for (int oh = 0; oh < ho; oh++) {
                int o = (pl * ho + oh) * wo;
                int top = in0 + 2 * oh * w;
                for (int ow = 0; ow < wo; ow++) {
                    int p = top + 2 * ow;
                    double a = xs[xo + p];
                    double b = xs[xo + p + 1];
                    double c = xs[xo + p + w];
                    double d = xs[xo + p + w + 1];
                    long g1 = secondLarger(a, b);
                    long g2 = secondLarger(c, d);
                    double m1 = select(g1, a, b);
                    double m2 = select(g2, c, d);
                    int i1 = p + (int) (g1 & 1);
                    int i2 = p + w + (int) (g2 & 1);
                    long g3 = secondLarger(m1, m2);
                    argmax[o + ow] = (int) ((i1 & ~g3) | (i2 & g3));
                    val[valOff + o + ow] = select(g3, m1, m2);
                }
            }
        }
    }

    /** All ones when {@code second > first}, else zero. */
    static long secondLarger(double first, double second) {
        return Double.doubleToRawLongBits(first - second) >> 63;
    }

    /** {@code mask == 0 ? first : second}, exactly, without a branch. */
    static double select(long mask, double first, double second) {
        return Double.longBitsToDouble((Double.doubleToRawLongBits(first) & ~mask)
                | (Double.doubleToRawLongBits(second) & mask));
    }

    @Override
    void tangent() {
        for (int o = 0; o < size; o++) {
            dot[dotOff + o] = x.dot[x.dotOff + argmax[o]];
        }
    }

    private void scatter(double[] g, int go, double[] dst, int d0, boolean overwrite) {
        if (overwrite) {
            Arrays.fill(dst, d0, d0 + x.size, 0.0);
        }
        for (int o = 0; o < size; o++) {
            dst[d0 + argmax[o]] += g[go + o];
        }
    }

    @Override
    void backward() {
        scatter(bar, barOff, x.bar, x.barOff, firstContribution(x));
    }

    @Override
    void backwardHvp() {
        boolean first = firstContribution(x);
        if (writesAdjoint(x)) {
            scatter(bar, barOff, x.bar, x.barOff, first);
        }
        scatter(barDot, barDotOff, x.barDot, x.barDotOff, first);
    }

    @Override
    boolean adjointInTangentRule() {
        return false; // piecewise linear: routes adjoints, no second-order term
    }
}
