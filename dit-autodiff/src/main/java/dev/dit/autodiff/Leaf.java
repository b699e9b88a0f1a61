package dev.dit.autodiff;

/** A node whose value is given, not computed (inputs and parameters): its rules do nothing. */
abstract class Leaf extends Node {
    Leaf(Graph g, String op, int[] shape) {
        super(g, op, shape);
    }

    @Override
    final void forward() {
    }

    @Override
    final void tangent() {
    }

    @Override
    final void backward() {
    }

    @Override
    final void backwardHvp() {
    }
}
