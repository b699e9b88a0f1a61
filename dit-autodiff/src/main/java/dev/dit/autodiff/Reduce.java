package dev.dit.autodiff;

/** Sum or mean over all elements ({@code axis = -1}) or over one axis (which is removed). Linear. */
final class Reduce extends LinearNode {
    private final int outer;
    private final int len;
    private final int inner;
    private final double scale;

    Reduce(Graph g, Node x, int axis, boolean mean) {
        super(g, (mean ? "mean" : "sum") + (axis < 0 ? "" : "(axis " + axis + ")"), outShape(x, axis), x);
        if (axis < 0) {
            outer = 1;
            len = x.size;
            inner = 1;
        } else {
            int o = 1;
            for (int d = 0; d < axis; d++) {
                o *= x.shape[d];
            }
            int in = 1;
            for (int d = axis + 1; d < x.shape.length; d++) {
                in *= x.shape[d];
            }
            outer = o;
            len = x.shape[axis];
            inner = in;
        }
        scale = mean ? 1.0 / Math.max(1, len) : 1.0;
    }

    private static int[] outShape(Node x, int axis) {
        if (axis < 0) {
            return new int[0];
        }
        if (axis >= x.shape.length) {
            throw new ShapeException("sum/mean", "axis " + axis + " out of range for " + Shapes.str(x.shape));
        }
        int[] s = new int[x.shape.length - 1];
        for (int d = 0, j = 0; d < x.shape.length; d++) {
            if (d != axis) {
                s[j++] = x.shape[d];
            }
        }
        return s;
    }

    @Override
    void apply(double[] src, int so, double[] dst, int d0) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double s = 0.0;
                int base = so + o * len * inner + i;
                for (int a = 0; a < len; a++) {
                    s += src[base + a * inner];
                }
                dst[d0 + o * inner + i] = scale * s;
            }
        }
    }

    @Override
    void applyTransposed(boolean first, double[] src, int so, double[] dst, int d0) {
        if (inner == 1) { // a mean over the last axis (global average pooling): one broadcast value per row
            for (int o = 0; o < outer; o++) {
                double gv = scale * src[so + o];
                int base = d0 + o * len;
                if (first) {
                    java.util.Arrays.fill(dst, base, base + len, gv);
                } else {
                    for (int a = 0; a < len; a++) {
                        dst[base + a] += gv;
                    }
                }
            }
            return;
        }
        for (int o = 0; o < outer; o++) {
            for (int a = 0; a < len; a++) {
                int base = d0 + (o * len + a) * inner;
                for (int i = 0; i < inner; i++) {
                    double gv = scale * src[so + o * inner + i];
                    dst[base + i] = first ? gv : dst[base + i] + gv;
                }
            }
        }
    }
}
