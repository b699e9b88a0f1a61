package dev.dit.autodiff;

/**
 * Per-sample binary cross-entropy on a logit, {@code ℓ = softplus(z) - y z}, stable for any z.
 * {@code dℓ/dz = σ(z) - y}, {@code d²ℓ/dz² = σ(z)(1 - σ(z))}.
 */
final class BceWithLogits extends Node {
    private final Node z;
    private final Node y;
    private final double[] sig;

    BceWithLogits(Graph g, Node z, Node y) {
        super(g, "bceWithLogits", new int[] {y.size}, z, y);
        boolean ok = y.shape.length == 1 && z.size == y.size
                && (z.shape.length == 1 || (z.shape.length == 2 && z.shape[1] == 1));
        if (!ok) {
            throw ShapeException.of("bceWithLogits", "logits must be [N] or [N,1] and targets [N], got", z.shape, y.shape);
        }
        if (y.active) {
            throw new IllegalArgumentException("bceWithLogits: targets must be data, not depend on parameters");
        }
        this.z = z;
        this.y = y;
        this.sig = new double[size];
    }

    @Override
    void forward() {
        for (int i = 0; i < size; i++) {
            double zi = z.val[z.valOff + i];
            double yi = y.val[y.valOff + i];
            val[valOff + i] = Unary.softplus(zi) - yi * zi;
            sig[i] = Unary.sigmoid(zi);
        }
    }

    @Override
    void tangent() {
        for (int i = 0; i < size; i++) {
            dot[dotOff + i] = (sig[i] - y.val[y.valOff + i]) * z.dot[z.dotOff + i];
        }
    }

    @Override
    void backward() {
        boolean first = firstContribution(z);
        for (int i = 0; i < size; i++) {
            double gv = (sig[i] - y.val[y.valOff + i]) * bar[barOff + i];
            z.bar[z.barOff + i] = first ? gv : z.bar[z.barOff + i] + gv;
        }
    }

    @Override
    void backwardHvp() {
        boolean first = firstContribution(z);
        boolean toBar = writesAdjoint(z);
        for (int i = 0; i < size; i++) {
            double d1 = sig[i] - y.val[y.valOff + i];
            double d2 = sig[i] * (1.0 - sig[i]);
            double gv = d1 * bar[barOff + i];
            double gd = d1 * barDot[barDotOff + i] + d2 * z.dot[z.dotOff + i] * bar[barOff + i];
            if (toBar) {
                z.bar[z.barOff + i] = first ? gv : z.bar[z.barOff + i] + gv;
            }
            z.barDot[z.barDotOff + i] = first ? gd : z.barDot[z.barDotOff + i] + gd;
        }
    }
}
