package dev.dit.autodiff;

/** Data fed to the graph (features, labels): constant for differentiation. */
public final class Input extends Leaf {
    private final String name;

    Input(Graph g, String name, int[] shape) {
        super(g, "input", shape);
        this.name = name;
        this.val = new double[size];
    }

    /** {@return the input's name} */
    public String name() {
        return name;
    }

    /** {@return the buffer holding this input's value; write data into it before a forward pass} */
    public double[] data() {
        return val;
    }

    /**
     * Copies {@code src} (of exactly {@link #size()} elements) into this input.
     *
     * @param src the values, row-major
     */
    public void set(double[] src) {
        if (src.length != size) {
            throw new ShapeException("input " + name, "expected " + size + " values for shape "
                    + Shapes.str(shape) + ", got " + src.length);
        }
        System.arraycopy(src, 0, val, 0, size);
    }




}
