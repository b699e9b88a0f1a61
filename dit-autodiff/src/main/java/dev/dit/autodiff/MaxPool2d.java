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
        for (int pl = 0; pl < planes; pl++) {
            int in0 = pl * h * w;
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    int best = in0 + oh * stride * w + ow * stride;
                    double bv = xs[x.valOff + best];
                    for (int i = 0; i < window; i++) {
                        int row = in0 + (oh * stride + i) * w + ow * stride;
                        for (int j = 0; j < window; j++) {
                            double v = xs[x.valOff + row + j];
                            if (v > bv) {
                                bv = v;
                                best = row + j;
                            }
                        }
                    }
                    int o = (pl * ho + oh) * wo + ow;
                    argmax[o] = best;
                    val[valOff + o] = bv;
                }
            }
        }
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
        scatter(bar, barOff, x.bar, x.barOff, first);
        scatter(barDot, barDotOff, x.barDot, x.barDotOff, first);
    }
}
