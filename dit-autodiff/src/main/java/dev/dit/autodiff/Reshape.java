package dev.dit.autodiff;

/** The same elements under another shape. Copies (cheap next to the ops around it). */
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
    void forward() {
        System.arraycopy(x.val, x.valOff, val, valOff, size);
    }

    @Override
    void tangent() {
        System.arraycopy(x.dot, x.dotOff, dot, dotOff, size);
    }

    @Override
    void backward() {
        put(firstContribution(x), bar, barOff, x.bar, x.barOff, size);
    }

    @Override
    void backwardHvp() {
        boolean first = firstContribution(x);
        put(first, bar, barOff, x.bar, x.barOff, size);
        put(first, barDot, barDotOff, x.barDot, x.barDotOff, size);
    }
}
