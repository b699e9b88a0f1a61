package dev.dit.autodiff;

/**
 * A node linear in its one input, {@code y = A x}: the value and the tangent both apply
 * {@code A}, and the adjoint and the adjoint's tangent both apply {@code Aᵀ}; subclasses write
 * only those two maps.
 */
abstract class LinearNode extends Node {
    /** The input. */
    final Node x;

    LinearNode(Graph g, String op, int[] shape, Node x) {
        super(g, op, shape, x);
        this.x = x;
    }

    /** {@code dst[d0 …] = A src[so …]}. */
    abstract void apply(double[] src, int so, double[] dst, int d0);

    /** {@code dst[d0 …] (=, if first, else +=) Aᵀ src[so …]}. */
    abstract void applyTransposed(boolean first, double[] src, int so, double[] dst, int d0);

    @Override
    final void forward() {
        apply(x.val, x.valOff, val, valOff);
    }

    @Override
    final void tangent() {
        apply(x.dot, x.dotOff, dot, dotOff);
    }

    @Override
    final void backward() {
        applyTransposed(firstContribution(x), bar, barOff, x.bar, x.barOff);
    }

    @Override
    final void backwardHvp() {
        boolean first = firstContribution(x);
        if (writesAdjoint(x)) {
            applyTransposed(first, bar, barOff, x.bar, x.barOff);
        }
        applyTransposed(first, barDot, barDotOff, x.barDot, x.barDotOff);
    }

    @Override
    final boolean adjointInTangentRule() {
        return false;
    }
}
