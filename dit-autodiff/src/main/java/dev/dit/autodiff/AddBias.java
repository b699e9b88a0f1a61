package dev.dit.autodiff;

/** {@code y = x + b}, b broadcast along the last axis of x. Linear in (x, b). */
final class AddBias extends Node {
    private final Node x;
    private final Node b;
    private final int rows;
    private final int cols;

    AddBias(Graph g, Node x, Node b) {
        super(g, "addBias", x.shape, x, b);
        if (b.shape.length != 1 || x.shape.length == 0 || x.shape[x.shape.length - 1] != b.shape[0]) {
            throw ShapeException.of("addBias", "bias must match the last axis:", x.shape, b.shape);
        }
        this.x = x;
        this.b = b;
        this.cols = b.size;
        this.rows = x.size / Math.max(1, cols);
    }

    private void apply(double[] xs, int xo, double[] bs, int bo, double[] ys, int yo) {
        if (xs != null && bs != null) {
            // the forward pass: no per-element null tests, so the row loop vectorises
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                for (int c = 0; c < cols; c++) {
                    ys[yo + base + c] = xs[xo + base + c] + bs[bo + c];
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                double xv = xs == null ? 0.0 : xs[xo + base + c];
                double bv = bs == null ? 0.0 : bs[bo + c];
                ys[yo + base + c] = xv + bv;
            }
        }
    }

    @Override
    void forward() {
        apply(x.val, x.valOff, b.val, b.valOff, val, valOff);
    }

    @Override
    void tangent() {
        apply(x.active ? x.dot : null, x.dotOff, b.active ? b.dot : null, b.dotOff, dot, dotOff);
    }

    /** Pushes one adjoint-like array (bar or barDot) to the inputs' matching arrays, to x if toX, to b if toB. */
    private void pull(double[] g, int go, boolean toX, boolean first, double[] xg, int xgo, boolean toB, boolean firstB,
                      double[] bg, int bgo) {
        if (toX) {
            put(first, g, go, xg, xgo, size);
        }
        if (toB) {
            if (firstB) {
                java.util.Arrays.fill(bg, bgo, bgo + cols, 0.0);
            }
            for (int r = 0; r < rows; r++) {
                int base = go + r * cols;
                for (int c = 0; c < cols; c++) {
                    bg[bgo + c] += g[base + c];
                }
            }
        }
    }

    @Override
    void backward() {
        boolean fx = x.active && firstContribution(x);
        boolean fb = b.active && firstContribution(b);
        pull(bar, barOff, x.active, fx, x.bar, x.barOff, b.active, fb, b.bar, b.barOff);
    }

    @Override
    void backwardHvp() {
        boolean fx = x.active && firstContribution(x);
        boolean fb = b.active && firstContribution(b);
        pull(bar, barOff, x.active && writesAdjoint(x), fx, x.bar, x.barOff, b.active && writesAdjoint(b), fb, b.bar, b.barOff);
        pull(barDot, barDotOff, x.active, fx, x.barDot, x.barDotOff, b.active, fb, b.barDot, b.barDotOff);
    }

    @Override
    boolean adjointInTangentRule() {
        return false;
    }
}
