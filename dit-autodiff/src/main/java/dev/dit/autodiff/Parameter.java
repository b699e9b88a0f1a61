package dev.dit.autodiff;

/**
 * A slice of the flat parameter vector θ. Its value, tangent, adjoint and adjoint-tangent are
 * views into the caller's θ, direction, gradient and HVP vectors at {@link #offset()}.
 */
public final class Parameter extends Leaf {
    private final String name;
    private final int offset;

    Parameter(Graph g, String name, int[] shape, int offset) {
        super(g, "parameter", shape);
        this.name = name;
        this.offset = offset;
    }

    /** {@return the parameter's name, e.g. {@code "dense1.weight"}} */
    public String name() {
        return name;
    }

    /** {@return the offset of this tensor in the flat parameter vector} */
    public int offset() {
        return offset;
    }

    @Override
    void allocate(boolean tangents, boolean adjoints) {
        // views only; bound by the graph
    }





    @Override
    public String toString() {
        return name + Shapes.str(shape) + "@" + offset;
    }
}
