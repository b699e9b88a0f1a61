package dev.dit.autodiff;

/** Element-wise add, sub and mul of two tensors of the same shape. */
final class Binary extends Node {
    enum Kind { ADD, SUB, MUL }

    private final Kind kind;
    private final Node a;
    private final Node b;

    Binary(Graph g, Kind kind, Node a, Node b) {
        super(g, kind.name().toLowerCase(java.util.Locale.ROOT), check(kind, a, b), a, b);
        this.kind = kind;
        this.a = a;
        this.b = b;
    }

    private static int[] check(Kind kind, Node a, Node b) {
        if (!Shapes.same(a.shape, b.shape)) {
            throw ShapeException.of(kind.name().toLowerCase(java.util.Locale.ROOT), "shapes differ:", a.shape, b.shape);
        }
        return a.shape;
    }

    @Override
    void forward() {
        double[] x = a.val;
        double[] y = b.val;
        int xo = a.valOff;
        int yo = b.valOff;
        for (int i = 0; i < size; i++) {
            double u = x[xo + i];
            double w = y[yo + i];
            val[valOff + i] = kind == Kind.ADD ? u + w : kind == Kind.SUB ? u - w : u * w;
        }
    }

    @Override
    void tangent() {
        for (int i = 0; i < size; i++) {
            double da = a.active ? a.dot[a.dotOff + i] : 0.0;
            double db = b.active ? b.dot[b.dotOff + i] : 0.0;
            double t;
            switch (kind) {
                case ADD: t = da + db; break;
                case SUB: t = da - db; break;
                default: t = da * b.val[b.valOff + i] + a.val[a.valOff + i] * db;
            }
            dot[dotOff + i] = t;
        }
    }

    @Override
    void backward() {
        pull(false);
    }

    @Override
    void backwardHvp() {
        pull(true);
    }

    private void pull(boolean hvp) {
        boolean fa = a.active && firstContribution(a);
        boolean fb = b.active && firstContribution(b);
        boolean toA = a.active && (!hvp || writesAdjoint(a));
        boolean toB = b.active && (!hvp || writesAdjoint(b));
        if (kind != Kind.MUL) {
            double sb = kind == Kind.ADD ? 1.0 : -1.0;
            if (a.active) {
                if (toA) {
                    put(fa, bar, barOff, a.bar, a.barOff, size);
                }
                if (hvp) {
                    put(fa, barDot, barDotOff, a.barDot, a.barDotOff, size);
                }
            }
            if (b.active) {
                if (toB) {
                    putScaled(fb, sb, bar, barOff, b.bar, b.barOff, size);
                }
                if (hvp) {
                    putScaled(fb, sb, barDot, barDotOff, b.barDot, b.barDotOff, size);
                }
            }
            return;
        }
        // z = a*b: ā = z̄ b, b̄ = z̄ a; ā' = z̄' b + z̄ ḃ, b̄' = z̄' a + z̄ ȧ
        for (int i = 0; i < size; i++) {
            double zb = bar[barOff + i];
            double av = a.val[a.valOff + i];
            double bv = b.val[b.valOff + i];
            if (toA) {
                double ga = zb * bv;
                a.bar[a.barOff + i] = fa ? ga : a.bar[a.barOff + i] + ga;
            }
            if (toB) {
                double gb = zb * av;
                b.bar[b.barOff + i] = fb ? gb : b.bar[b.barOff + i] + gb;
            }
            if (hvp) {
                double zbd = barDot[barDotOff + i];
                if (a.active) {
                    double t = zbd * bv + (b.active ? zb * b.dot[b.dotOff + i] : 0.0);
                    a.barDot[a.barDotOff + i] = fa ? t : a.barDot[a.barDotOff + i] + t;
                }
                if (b.active) {
                    double t = zbd * av + (a.active ? zb * a.dot[a.dotOff + i] : 0.0);
                    b.barDot[b.barDotOff + i] = fb ? t : b.barDot[b.barDotOff + i] + t;
                }
            }
        }
    }

    @Override
    boolean adjointInTangentRule() {
        return kind == Kind.MUL && a.active && b.active;
    }
}
