package dev.dit.autodiff;

import dev.dit.autodiff.kernel.Kernels;
import dev.dit.autodiff.kernel.KernelsProvider;

/**
 * One value in a {@link Graph}: its shape, its buffers, and the four rules that make every
 * derivative exact.
 *
 * <p>Each operation implements, in the style of JAX's per-primitive rules:
 * <ul>
 *   <li>{@link #forward()}: the value from the inputs' values;</li>
 *   <li>{@link #tangent()}: the forward-mode tangent (JVP) from the inputs' values and tangents;</li>
 *   <li>{@link #backward()}: the reverse-mode adjoint (VJP) pushed to the inputs;</li>
 *   <li>{@link #backwardHvp()}: the adjoint <em>and</em> its tangent pushed to the inputs. Running
 *       {@code tangent} forward and then this backward is forward-over-reverse differentiation:
 *       the tangent of the gradient is the Hessian-vector product.</li>
 * </ul>
 *
 * <p>Buffers carry an offset so that parameter nodes can read θ, the direction v, and write the
 * gradient and HVP straight into caller-provided flat vectors without copies. A node is
 * <em>active</em> when it depends on a parameter; only active nodes carry tangents and adjoints.
 *
 * <p>Adjoints are not zeroed before a backward pass (that would cost a full memory sweep of
 * every activation). Instead the first contribution to an input's adjoint in a pass overwrites
 * and later ones accumulate; see {@link #firstContribution(Node)}.
 */
public abstract class Node {
    static final Kernels K = KernelsProvider.get();

    final Graph graph;
    final String op;
    final int[] shape;
    final int size;
    final Node[] inputs;
    final boolean active;

    double[] val;
    int valOff;
    double[] dot;
    int dotOff;
    double[] bar;
    int barOff;
    double[] barDot;
    int barDotOff;
    /** Pass number in which this node's adjoint was last written. */
    int adjointPass = -1;
    /** Whether an HVP without a gradient reads this node's primal adjoint (set by the graph). */
    boolean neededByHvp = true;

    Node(Graph graph, String op, int[] shape, Node... inputs) {
        this.graph = graph;
        this.op = op;
        this.shape = shape.clone();
        this.size = Shapes.size(shape);
        this.inputs = inputs;
        boolean a = false;
        for (Node in : inputs) {
            if (in.graph != graph) {
                throw new IllegalArgumentException(op + ": input belongs to another graph");
            }
            a |= in.active;
        }
        this.active = a || this instanceof Parameter;
    }

    /** {@return the operation's name, e.g. {@code "matmul"}} */
    public String op() {
        return op;
    }

    /** {@return a copy of the shape} */
    public int[] shape() {
        return shape.clone();
    }

    /** {@return the number of elements} */
    public int size() {
        return size;
    }

    /** {@return whether this value depends on a parameter (and so has tangents and adjoints)} */
    public boolean isActive() {
        return active;
    }

    /**
     * Copies the current value into {@code dst}.
     *
     * @param dst the destination
     * @param off where in {@code dst} the value starts
     */
    public void copyValue(double[] dst, int off) {
        System.arraycopy(val, valOff, dst, off, size);
    }

    /**
     * Element {@code i} of the current value.
     *
     * @param i the flat (row-major) index
     * @return the element
     */
    public double value(int i) {
        return val[valOff + i];
    }

    /**
     * Element {@code i} of the current tangent (after a forward pass with tangents); 0 if inactive.
     *
     * @param i the flat (row-major) index
     * @return the tangent element
     */
    public double tangent(int i) {
        return active ? dot[dotOff + i] : 0.0;
    }

    /**
     * Copies the current tangent into {@code dst} (zeros if the node is inactive).
     *
     * @param dst the destination
     * @param off where in {@code dst} the tangent starts
     */
    public void copyTangent(double[] dst, int off) {
        if (active) {
            System.arraycopy(dot, dotOff, dst, off, size);
        } else {
            java.util.Arrays.fill(dst, off, off + size, 0.0);
        }
    }

    void allocate(boolean tangents, boolean adjoints) {
        if (val == null) {
            val = new double[size];
        }
        if (active && tangents && dot == null) {
            dot = new double[size];
        }
        if (active && adjoints && bar == null) {
            bar = new double[size];
            if (tangents) {
                barDot = new double[size];
            }
        }
        if (active && adjoints && tangents && barDot == null) {
            barDot = new double[size];
        }
    }

    /**
     * Whether this is the first contribution to {@code in}'s adjoint in the current backward
     * pass; marks it as written. The caller overwrites when true and accumulates otherwise.
     */
    final boolean firstContribution(Node in) {
        int pass = graph.pass;
        if (in.adjointPass != pass) {
            in.adjointPass = pass;
            return true;
        }
        return false;
    }

    /** Whether this node received an adjoint in the current pass (otherwise it is zero). */
    final boolean hasAdjoint() {
        return adjointPass == graph.pass;
    }

    /**
     * Whether the current backward pass writes the primal adjoint of input {@code in}: always in
     * a gradient pass and in an HVP that returns the gradient; in an HVP alone only when a
     * second-order term reads it, and not at all when the previous HVP at the same values left
     * it in place. Tangent adjoints are always written; callers still call
     * {@link #firstContribution(Node)} once per input.
     */
    final boolean writesAdjoint(Node in) {
        int mode = graph.adjointMode;
        return mode == Graph.ADJOINTS_ALL || mode == Graph.ADJOINTS_NEEDED && in.neededByHvp;
    }

    /**
     * Whether {@link #backwardHvp()} reads this node's own primal adjoint ȳ, i.e. the
     * second-order rule has a term in ȳ: a product of two active values, or a function with a
     * non-zero second derivative. Linear and piecewise-linear nodes override this with false,
     * which lets an HVP skip the adjoints that only feed the gradient.
     */
    boolean adjointInTangentRule() {
        return true;
    }

    abstract void forward();

    abstract void tangent();

    abstract void backward();

    abstract void backwardHvp();

    @Override
    public String toString() {
        return op + Shapes.str(shape);
    }

    // ---- element-wise helpers shared by the ops ----

    /** dst (=|+=) src for n elements. */
    static void put(boolean overwrite, double[] src, int so, double[] dst, int d0, int n) {
        if (overwrite) {
            System.arraycopy(src, so, dst, d0, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[d0 + i] += src[so + i];
            }
        }
    }

    /** dst (=|+=) s * src for n elements. */
    static void putScaled(boolean overwrite, double s, double[] src, int so, double[] dst, int d0, int n) {
        if (overwrite) {
            for (int i = 0; i < n; i++) {
                dst[d0 + i] = s * src[so + i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst[d0 + i] += s * src[so + i];
            }
        }
    }
}
