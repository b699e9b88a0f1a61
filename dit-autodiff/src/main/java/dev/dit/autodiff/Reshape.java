package dev.dit.autodiff;

/**
 * The same elements under another shape. Values and tangents are views of the input's buffers
 * (re-pointed on every pass, since parameter buffers are re-bound per call); adjoints are copied
 * because each node's adjoint buffer is its own under the first-write-overwrites rule.
 */
final class Reshape extends Node {
    private final Node x;

    Reshape(Graph g, Node x, int[] shape) {
        super(g, "reshape", shape, x);
        if (Shapes.size(shape) != x.size) {
            throw ShapeException.of("reshape", "sizes differ:", x.shape, shape);
        }
        this.x = x;
    }

    @Override
    void allocate(boolean tangents, boolean adjoints) {
        if (active && adjoints && bar == null) {
            bar = new double[size];
        }
        if (active && adjoints && tangents && barDot == null) {
            barDot = new double[size];
        }
    }

    @Override
    void forward() {
        val = x.val;
        valOff = x.valOff;
    }

    @Override
    void tangent() {
        dot = x.dot;
        dotOff = x.dotOff;
    }

    @Override
    void backward() {
        put(firstContribution(x), bar, barOff, x.bar, x.barOff, size);
    }

    @Override
    void backwardHvp() {
        boolean first = firstContribution(x);
        if (writesAdjoint(x)) {
            put(first, bar, barOff, x.bar, x.barOff, size);
        }
        put(first, barDot, barDotOff, x.barDot, x.barDotOff, size);
    }

    @Override
    boolean adjointInTangentRule() {
        return false;
    }
}
