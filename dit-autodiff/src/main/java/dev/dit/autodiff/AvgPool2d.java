package dev.dit.autodiff;

import java.util.Arrays;

/**
 * Average-pooling over NCHW input with a square window and no padding (PyTorch's
 * {@code AvgPool2d(k, stride)}, odd trailing rows and columns dropped). Linear: the tangent is the
 * same average of {@code ẋ}, and the adjoint and its tangent spread back evenly over each window.
 */
final class AvgPool2d extends LinearNode {
    private final int window;
    private final int stride;

    AvgPool2d(Graph g, Node x, int window, int stride) {
        super(g, "avgPool2d", outShape(x, window, stride), x);
        this.window = window;
        this.stride = stride;
    }

    private static int[] outShape(Node x, int window, int stride) {
        if (x.shape.length != 4 || window < 1 || stride < 1 || x.shape[2] < window || x.shape[3] < window) {
            throw new ShapeException("avgPool2d", "needs [N,C,H,W] with H,W >= window " + window
                    + " and stride >= 1, got " + Shapes.str(x.shape) + " stride " + stride);
        }
        return new int[] {x.shape[0], x.shape[1], (x.shape[2] - window) / stride + 1, (x.shape[3] - window) / stride + 1};
    }

    @Override
    void apply(double[] src, int so, double[] dst, int d0) {
        int planes = shape[0] * shape[1];
        int h = x.shape[2];
        int w = x.shape[3];
        int ho = shape[2];
        int wo = shape[3];
        double scale = 1.0 / (window * window);
        for (int pl = 0; pl < planes; pl++) {
            int in0 = so + pl * h * w;
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    int first = in0 + oh * stride * w + ow * stride;
                    double s = 0.0;
                    for (int i = 0; i < window; i++) {
                        for (int j = 0; j < window; j++) {
                            s += src[first + i * w + j];
                        }
                    }
                    dst[d0 + (pl * ho + oh) * wo + ow] = scale * s;
                }
            }
        }
    }

    /** {@code dst (=|+=) Pᵀ src}: each output's adjoint spread evenly over its window. */
    @Override
    void applyTransposed(boolean overwrite, double[] src, int so, double[] dst, int d0) {
        if (overwrite) {
            Arrays.fill(dst, d0, d0 + x.size, 0.0);
        }
        int planes = shape[0] * shape[1];
        int h = x.shape[2];
        int w = x.shape[3];
        int ho = shape[2];
        int wo = shape[3];
        double scale = 1.0 / (window * window);
        for (int pl = 0; pl < planes; pl++) {
            int in0 = d0 + pl * h * w;
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    int first = in0 + oh * stride * w + ow * stride;
                    double g = scale * src[so + (pl * ho + oh) * wo + ow];
                    for (int i = 0; i < window; i++) {
                        for (int j = 0; j < window; j++) {
                            dst[first + i * w + j] += g;
                        }
                    }
                }
            }
        }
    }
}
