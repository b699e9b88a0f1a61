package dev.dit.autodiff;

/**
 * Per-sample softmax cross-entropy {@code ℓ = logsumexp(z) - z_y}, with the max subtracted before
 * exponentiating. With {@code p = softmax(z)}: {@code ∇ℓ = p - e_y} and
 * {@code ∇²ℓ ż = p ⊙ ż - p (pᵀ ż)}.
 */
final class SoftmaxCrossEntropy extends Node {
    private final Node z;
    private final Node y;
    private final int classes;
    private final double[] p;

    SoftmaxCrossEntropy(Graph g, Node z, Node y) {
        super(g, "softmaxCrossEntropy", new int[] {y.size}, z, y);
        if (z.shape.length != 2 || y.shape.length != 1 || z.shape[0] != y.shape[0]) {
            throw ShapeException.of("softmaxCrossEntropy", "logits must be [N,K] and targets [N], got", z.shape, y.shape);
        }
        if (y.active) {
            throw new IllegalArgumentException("softmaxCrossEntropy: targets must be data, not depend on parameters");
        }
        this.z = z;
        this.y = y;
        this.classes = z.shape[1];
        this.p = new double[z.size];
    }

    private int label(int i) {
        double t = y.val[y.valOff + i];
        int c = (int) t;
        if (c != t || c < 0 || c >= classes) {
            throw new IllegalArgumentException("softmaxCrossEntropy: target " + t + " of sample " + i
                    + " is not a class index in [0, " + classes + ")");
        }
        return c;
    }

    @Override
    void forward() {
        for (int i = 0; i < size; i++) {
            int zo = z.valOff + i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z.val[zo + c]);
            }
            double s = 0.0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(z.val[zo + c] - max);
                p[i * classes + c] = e;
                s += e;
            }
            double inv = 1.0 / s;
            for (int c = 0; c < classes; c++) {
                p[i * classes + c] *= inv;
            }
            val[valOff + i] = max + Math.log(s) - z.val[zo + label(i)];
        }
    }

    @Override
    void tangent() {
        for (int i = 0; i < size; i++) {
            int zo = z.dotOff + i * classes;
            double t = -z.dot[zo + label(i)];
            for (int c = 0; c < classes; c++) {
                t += p[i * classes + c] * z.dot[zo + c];
            }
            dot[dotOff + i] = t;
        }
    }

    @Override
    void backward() {
        boolean first = firstContribution(z);
        for (int i = 0; i < size; i++) {
            double lb = bar[barOff + i];
            int y0 = label(i);
            int zo = z.barOff + i * classes;
            for (int c = 0; c < classes; c++) {
                double gv = lb * (p[i * classes + c] - (c == y0 ? 1.0 : 0.0));
                z.bar[zo + c] = first ? gv : z.bar[zo + c] + gv;
            }
        }
    }

    @Override
    void backwardHvp() {
        boolean first = firstContribution(z);
        boolean toBar = writesAdjoint(z);
        for (int i = 0; i < size; i++) {
            double lb = bar[barOff + i];
            double lbd = barDot[barDotOff + i];
            int y0 = label(i);
            int zo = z.barOff + i * classes;
            int zdo = z.barDotOff + i * classes;
            int to = z.dotOff + i * classes;
            double pz = 0.0;
            for (int c = 0; c < classes; c++) {
                pz += p[i * classes + c] * z.dot[to + c];
            }
            for (int c = 0; c < classes; c++) {
                double pc = p[i * classes + c];
                double gv = lb * (pc - (c == y0 ? 1.0 : 0.0));
                double gd = lbd * (pc - (c == y0 ? 1.0 : 0.0)) + lb * pc * (z.dot[to + c] - pz);
                if (toBar) {
                    z.bar[zo + c] = first ? gv : z.bar[zo + c] + gv;
                }
                z.barDot[zdo + c] = first ? gd : z.barDot[zdo + c] + gd;
            }
        }
    }
}
