package dev.dit.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A computation recorded once and evaluated many times, with exact first and second derivatives.
 *
 * <p>Nodes are appended in execution order (a tape, as in PyTorch's autograd), so a forward pass
 * is a walk over the list and a backward pass is the reverse walk. Buffers are allocated on first
 * use and reused: evaluating the graph again allocates nothing.
 *
 * <p>Parameters form one flat vector θ; each {@link #parameter} call reserves the next slice, in
 * call order. The caller owns θ, the direction v and the output vectors; the graph only reads and
 * writes them.
 *
 * <p>Second order: {@link #hvp} is forward-over-reverse. One forward sweep computes values and
 * tangents along v, one reverse sweep computes adjoints and their tangents; the tangent of the
 * gradient is {@code H v}. This needs no second graph and no per-sample work, and costs about
 * two gradients (each bilinear op does its two products twice). Reverse-over-reverse would record
 * the backward pass as a new graph and differentiate it, which costs more memory and time for the
 * same number; see {@code HvpBenchmark} for the measured ratio to a gradient.
 */
public final class Graph {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();
    private int parameterCount;
    int pass;
    /** Which primal adjoints the current {@link Node#backwardHvp()} pass writes; see {@link Node#writesAdjoint}. */
    int adjointMode = ADJOINTS_ALL;
    static final int ADJOINTS_ALL = 0;
    static final int ADJOINTS_NEEDED = 1;
    static final int ADJOINTS_KEPT = 2;
    /** Nodes whose {@link Node#neededByHvp} flag is up to date (the tape only grows). */
    private int flaggedNodes;
    /** The output and seed whose primal adjoints the node buffers hold, or null. */
    private Node adjointsOut;
    private double[] adjointsSeed;
    private double[] boundTheta;
    private boolean haveTangents;

    // ---------------------------------------------------------------- building

    /**
     * A data input of the given shape.
     *
     * @param name the name shown in messages
     * @param shape the dimensions
     * @return the input node, filled through {@link Input#set}
     */
    public Input input(String name, int... shape) {
        return add(new Input(this, name, shape));
    }

    /**
     * A parameter tensor occupying the next {@code size(shape)} entries of θ.
     *
     * @param name the name shown in messages and parameter layouts
     * @param shape the dimensions
     * @return the parameter node
     */
    public Parameter parameter(String name, int... shape) {
        Parameter p = add(new Parameter(this, name, shape, parameterCount));
        parameterCount += p.size;
        parameters.add(p);
        return p;
    }

    /**
     * {@code op(a) · op(b)} for 2-D tensors; {@code ta}/{@code tb} transpose the operand.
     *
     * @param a the left operand
     * @param b the right operand
     * @param ta whether to transpose {@code a}
     * @param tb whether to transpose {@code b}
     * @return the product node
     */
    public Node matmul(Node a, Node b, boolean ta, boolean tb) {
        return add(new MatMul(this, a, b, ta, tb));
    }

    /**
     * {@code a · b}.
     *
     * @param a the left operand, 2-D
     * @param b the right operand, 2-D
     * @return the product node
     */
    public Node matmul(Node a, Node b) {
        return matmul(a, b, false, false);
    }

    /**
     * {@code x + b} with the vector b broadcast along the last axis of x.
     *
     * @param x the input
     * @param b the bias vector, as long as the last axis of x
     * @return the sum node
     */
    public Node addBias(Node x, Node b) {
        return add(new AddBias(this, x, b));
    }

    /**
     * Element-wise {@code a + b} (same shapes).
     *
     * @param a the left operand
     * @param b the right operand
     * @return the sum node
     */
    public Node add(Node a, Node b) {
        return add(new Binary(this, Binary.Kind.ADD, a, b));
    }

    /**
     * Element-wise {@code a - b} (same shapes).
     *
     * @param a the left operand
     * @param b the right operand
     * @return the difference node
     */
    public Node sub(Node a, Node b) {
        return add(new Binary(this, Binary.Kind.SUB, a, b));
    }

    /**
     * Element-wise {@code a * b} (same shapes).
     *
     * @param a the left operand
     * @param b the right operand
     * @return the product node
     */
    public Node mul(Node a, Node b) {
        return add(new Binary(this, Binary.Kind.MUL, a, b));
    }

    /**
     * {@code -x}.
     *
     * @param x the input
     * @return the new node
     */
    public Node neg(Node x) {
        return add(new Unary.Neg(this, x));
    }

    /**
     * {@code x²}.
     *
     * @param x the input
     * @return the new node
     */
    public Node square(Node x) {
        return add(new Unary.Square(this, x));
    }

    /**
     * {@code exp(x)}.
     *
     * @param x the input
     * @return the new node
     */
    public Node exp(Node x) {
        return add(new Unary.Exp(this, x));
    }

    /**
     * {@code log(x)}.
     *
     * @param x the input
     * @return the new node
     */
    public Node log(Node x) {
        return add(new Unary.Log(this, x));
    }

    /**
     * {@code tanh(x)}.
     *
     * @param x the input
     * @return the new node
     */
    public Node tanh(Node x) {
        return add(new Unary.Tanh(this, x));
    }

    /**
     * {@code 1 / (1 + exp(-x))}.
     *
     * @param x the input
     * @return the new node
     */
    public Node sigmoid(Node x) {
        return add(new Unary.Sigmoid(this, x));
    }

    /**
     * {@code max(x, 0)}; its second derivative is taken as 0 (exact almost everywhere).
     *
     * @param x the input
     * @return the new node
     */
    public Node relu(Node x) {
        return add(new Unary.Relu(this, x));
    }

    /**
     * {@code log(1 + exp(x))}, computed stably.
     *
     * @param x the input
     * @return the new node
     */
    public Node softplus(Node x) {
        return add(new Unary.Softplus(this, x));
    }

    /**
     * Leaky ReLU: {@code x} for x > 0, else {@code slope · x}; second derivative 0.
     *
     * @param x the input
     * @param slope the slope for negative inputs (PyTorch's default is 0.01)
     * @return the new node
     */
    public Node leakyRelu(Node x, double slope) {
        return add(new Unary.LeakyRelu(this, x, slope));
    }

    /**
     * ELU: {@code x} for x > 0, else {@code α(eˣ − 1)}.
     *
     * @param x the input
     * @param alpha α (PyTorch's default is 1)
     * @return the new node
     */
    public Node elu(Node x, double alpha) {
        return add(new Unary.Elu(this, x, alpha));
    }

    /**
     * Exact GELU {@code x Φ(x)} with Φ the standard normal distribution function (the erf form,
     * PyTorch's default, not the tanh approximation).
     *
     * @param x the input
     * @return the new node
     */
    public Node gelu(Node x) {
        return add(new Unary.Gelu(this, x));
    }

    /**
     * {@code 1 / √(x + eps)}.
     *
     * @param x the input
     * @param eps added before the root
     * @return the new node
     */
    public Node invSqrt(Node x, double eps) {
        return add(new Unary.InvSqrt(this, x, eps));
    }

    /**
     * A vector {@code [rows]} repeated along each row: {@code y[r, c] = x[r]}, shape {@code [rows, cols]}.
     *
     * @param x the vector, one entry per row
     * @param cols the number of columns
     * @return the new node
     */
    public Node expandRows(Node x, int cols) {
        return add(new Broadcast(this, x, x.size, cols, true));
    }

    /**
     * A vector {@code [cols]} repeated as every row: {@code y[r, c] = x[c]}, shape {@code [rows, cols]}.
     *
     * @param x the vector, one entry per column
     * @param rows the number of rows
     * @return the new node
     */
    public Node tileRows(Node x, int rows) {
        return add(new Broadcast(this, x, rows, x.size, false));
    }

    /**
     * Layer normalisation of each row of {@code x [N, D]} (each sample on its own, as PyTorch's
     * {@code LayerNorm(D)}): {@code (x − mean) / √(var + eps) · gamma + beta} with the biased
     * variance. Built from mean, subtraction, square, {@link #invSqrt} and the broadcasts, so its
     * derivatives of every order are theirs.
     *
     * @param x the input {@code [N, D]}
     * @param gamma the scale {@code [D]}, or null for none
     * @param beta the shift {@code [D]}, or null for none
     * @param eps added to the variance (PyTorch's default is 1e-5)
     * @return the normalised node {@code [N, D]}
     */
    public Node layerNorm(Node x, Node gamma, Node beta, double eps) {
        if (x.shape.length != 2) {
            throw new ShapeException("layerNorm", "needs [N, D], got " + Shapes.str(x.shape));
        }
        int n = x.shape[0];
        int d = x.shape[1];
        Node centred = sub(x, expandRows(mean(x, 1), d));
        Node scale = invSqrt(mean(square(centred), 1), eps);
        Node h = mul(centred, expandRows(scale, d));
        if (gamma != null) {
            h = mul(h, tileRows(gamma, n));
        }
        return beta != null ? addBias(h, beta) : h;
    }

    /**
     * 2-D average-pooling over NCHW input with a square window and no padding.
     *
     * @param x the input {@code [N, C, H, W]}
     * @param window the side of the pooling window
     * @param stride the step between windows
     * @return the pooled node
     */
    public Node avgPool2d(Node x, int window, int stride) {
        return add(new AvgPool2d(this, x, window, stride));
    }

    /**
     * Mean over each channel's whole plane: {@code [N, C, H, W] -> [N, C]}.
     *
     * @param x the input {@code [N, C, H, W]}
     * @return the pooled node
     */
    public Node globalAvgPool(Node x) {
        if (x.shape.length != 4) {
            throw new ShapeException("globalAvgPool", "needs [N,C,H,W], got " + Shapes.str(x.shape));
        }
        return mean(reshape(x, x.shape[0], x.shape[1], x.shape[2] * x.shape[3]), 2);
    }

    /**
     * Sum of all elements, a scalar of shape {@code []}.
     *
     * @param x the input
     * @return the scalar node
     */
    public Node sum(Node x) {
        return add(new Reduce(this, x, -1, false));
    }

    /**
     * Mean of all elements, a scalar of shape {@code []}.
     *
     * @param x the input
     * @return the scalar node
     */
    public Node mean(Node x) {
        return add(new Reduce(this, x, -1, true));
    }

    /**
     * Sum along {@code axis} (the axis is removed).
     *
     * @param x the input
     * @param axis the axis to sum over
     * @return the reduced node
     */
    public Node sum(Node x, int axis) {
        return add(new Reduce(this, x, axis, false));
    }

    /**
     * Mean along {@code axis} (the axis is removed).
     *
     * @param x the input
     * @param axis the axis to average over
     * @return the reduced node
     */
    public Node mean(Node x, int axis) {
        return add(new Reduce(this, x, axis, true));
    }

    /**
     * The same values with another shape of the same size.
     *
     * @param x the input
     * @param shape the new dimensions
     * @return the reshaped node
     */
    public Node reshape(Node x, int... shape) {
        return add(new Reshape(this, x, shape));
    }

    /**
     * {@code [N, ...] -> [N, rest]}.
     *
     * @param x the input, with the batch along its first axis
     * @return the 2-D node
     */
    public Node flatten(Node x) {
        return reshape(x, x.shape[0], x.size / Math.max(1, x.shape[0]));
    }

    /**
     * 2-D convolution, NCHW input, weight {@code [Co, C, kh, kw]}, bias {@code [Co]} (or null).
     *
     * @param x the input {@code [N, C, H, W]}
     * @param weight the kernels {@code [Co, C, kh, kw]}
     * @param bias the bias {@code [Co]}, or null
     * @param stride the step between receptive fields
     * @param padding zeros added on each border
     * @return the output {@code [N, Co, H', W']}
     */
    public Node conv2d(Node x, Node weight, Node bias, int stride, int padding) {
        return add(new Conv2d(this, x, weight, bias, stride, padding));
    }

    /** As {@link #conv2d}, forcing the direct path (true) or im2col (false); for tests. */
    Node conv2d(Node x, Node weight, Node bias, int stride, int padding, boolean direct) {
        return add(new Conv2d(this, x, weight, bias, stride, padding, direct));
    }

    /**
     * A CNN layer as one node: {@code maxpool2x2(f(conv2d(x, weight) + bias))} with 2 × 2 pooling
     * of stride 2 (odd trailing rows and columns are dropped). Equal to the three separate nodes
     * but faster: the full-resolution convolution output never leaves the cache (see
     * {@code ConvActPool}).
     *
     * @param x the input {@code [N, C, H, W]}
     * @param weight the kernels {@code [Co, C, kh, kw]}
     * @param bias the bias {@code [Co]}, or null
     * @param stride the step between receptive fields
     * @param padding zeros added on each border
     * @param activation the activation f
     * @return the pooled output {@code [N, Co, H'/2, W'/2]}
     */
    public Node conv2dActPool(Node x, Node weight, Node bias, int stride, int padding, Activation activation) {
        return add(new ConvActPool(this, x, weight, bias, stride, padding, activation));
    }

    /**
     * 2-D max-pooling over NCHW input with a square window.
     *
     * @param x the input {@code [N, C, H, W]}
     * @param window the side of the pooling window
     * @param stride the step between windows
     * @return the pooled node
     */
    public Node maxPool2d(Node x, int window, int stride) {
        return add(new MaxPool2d(this, x, window, stride));
    }

    /**
     * Per-sample binary cross-entropy on a logit: {@code softplus(z) - y z}, shape {@code [N]}.
     *
     * @param logits the logits z, one per sample
     * @param targets the labels y in {0, 1}
     * @return the per-sample losses
     */
    public Node bceWithLogits(Node logits, Node targets) {
        return add(new BceWithLogits(this, logits, targets));
    }

    /**
     * Per-sample softmax cross-entropy {@code logsumexp(z) - z[y]}, shape {@code [N]}; targets hold class indices.
     *
     * @param logits the logits {@code [N, K]}
     * @param targets the class indices, one per sample
     * @return the per-sample losses
     */
    public Node softmaxCrossEntropy(Node logits, Node targets) {
        return add(new SoftmaxCrossEntropy(this, logits, targets));
    }

    /**
     * Per-sample squared error {@code Σ_k (p_k - t_k)²}, shape {@code [N]}.
     *
     * @param predictions the predictions p
     * @param targets the targets t, same shape
     * @return the per-sample errors
     */
    public Node squaredError(Node predictions, Node targets) {
        return add(new SquaredError(this, predictions, targets));
    }

    private <T extends Node> T add(T n) {
        if (haveBuffers) {
            throw new IllegalStateException("graph already evaluated; build it completely first");
        }
        nodes.add(n);
        return n;
    }

    private boolean haveBuffers;

    // ---------------------------------------------------------------- inspection

    /** {@return the length of the flat parameter vector θ} */
    public int parameterCount() {
        return parameterCount;
    }

    /** {@return the parameters in θ order} */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** {@return all nodes in execution order} */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    // ---------------------------------------------------------------- evaluation

    /**
     * Values of every node at θ.
     *
     * @param theta the parameters, {@link #parameterCount()} long
     */
    public void forward(double[] theta) {
        bind(theta, null, false);
        adjointsOut = null; // new values: the adjoints left by an HVP no longer hold
        for (Node n : nodes) {
            n.forward();
        }
    }

    /**
     * Values and tangents along {@code v} (forward mode, a JVP): afterwards {@link Node#tangent(int)}
     * of any node is the directional derivative of its value. For a per-sample loss vector, these
     * are {@code ⟨v, ∇ℓ_j(θ)⟩} for every sample j, without any per-sample gradient.
     *
     * @param theta the parameters
     * @param v the direction, as long as θ
     */
    public void jvp(double[] theta, double[] v) {
        bind(theta, v, true);
        adjointsOut = null;
        for (Node n : nodes) {
            n.forward();
            if (n.active) {
                n.tangent();
            }
        }
    }

    /**
     * Reverse mode after {@link #forward} (or {@link #jvp}): writes the gradient of
     * {@code Σ_i seed[i] · out[i]} with respect to θ into {@code grad} (overwritten).
     *
     * @param out the output node
     * @param seed the weights of the output's elements, as many as it has
     * @param grad receives the gradient, as long as θ
     */
    public void gradient(Node out, double[] seed, double[] grad) {
        checkOutput(out, seed, grad, "gradient");
        bindAdjoints(grad, null);
        adjointsOut = null;
        startPass(out, seed, null);
        for (int i = nodes.indexOf(out); i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.active && n.hasAdjoint()) {
                n.backward();
            }
        }
        zeroUntouched(grad, null);
    }

    /**
     * Exact Hessian-vector product: evaluates the graph at θ with tangents along {@code v}, then
     * writes {@code H v} of {@code Σ_i seed[i] · out[i]} into {@code hv}, and its gradient into
     * {@code grad} when not null. Afterwards the tangents of every node along v are available too.
     *
     * @param out the output node
     * @param seed the weights of the output's elements, as many as it has
     * @param theta the parameters
     * @param v the direction, as long as θ
     * @param hv receives {@code H v}, as long as θ
     * @param grad receives the gradient, or null if not wanted
     */
    public void hvp(Node out, double[] seed, double[] theta, double[] v, double[] hv, double[] grad) {
        jvp(theta, v);
        checkOutput(out, seed, hv, "hvp");
        double[] g = grad != null ? grad : scratchGradient();
        if (g.length != parameterCount) {
            throw new ShapeException("hvp", "gradient buffer has " + g.length + " entries, θ has " + parameterCount);
        }
        bindAdjoints(g, hv);
        // without a gradient to return, only the adjoints that second-order terms read are formed
        hvpPass(out, seed, hv, g, grad != null ? ADJOINTS_ALL : ADJOINTS_NEEDED);
    }

    /**
     * {@link #hvp} along another direction at the same point: the values of the last
     * {@link #jvp} or {@link #hvp} (same θ, neither θ nor the inputs changed since) are reused,
     * only the tangents along {@code v} and the reverse sweep are computed. Bit for bit what
     * {@code hvp(out, seed, θ, v, hv, null)} would give, for a fraction of its cost: the way to
     * advance several directions through one batch.
     *
     * @param out the output node
     * @param seed the weights of the output's elements, as many as it has
     * @param v the direction, as long as θ
     * @param hv receives {@code H v}, as long as θ
     * @throws IllegalStateException if no {@link #jvp} or {@link #hvp} has evaluated the graph yet
     */
    public void hvpAtSameValues(Node out, double[] seed, double[] v, double[] hv) {
        if (boundTheta == null || !haveTangents) {
            throw new IllegalStateException("hvpAtSameValues: run jvp or hvp first");
        }
        bind(boundTheta, v, true); // buffers exist already: values stay
        for (Node n : nodes) {
            if (n.active) {
                n.tangent();
            }
        }
        checkOutput(out, seed, hv, "hvp");
        double[] g = scratchGradient();
        bindAdjoints(g, hv);
        // the previous pass at these values left the primal adjoints this one would form again
        hvpPass(out, seed, hv, g, out == adjointsOut && Arrays.equals(seed, adjointsSeed) ? ADJOINTS_KEPT : ADJOINTS_NEEDED);
    }

    /** The reverse sweep of an HVP, writing the primal adjoints {@code mode} asks for. */
    private void hvpPass(Node out, double[] seed, double[] hv, double[] g, int mode) {
        flagAdjointsNeededByHvp();
        adjointMode = mode;
        adjointsOut = null;
        startPass(out, seed, zerosFor(out));
        for (int i = nodes.indexOf(out); i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.active && n.hasAdjoint()) {
                n.backwardHvp();
            }
        }
        adjointMode = ADJOINTS_ALL;
        zeroUntouched(g, hv);
        adjointsOut = out;
        if (adjointsSeed == null || adjointsSeed.length != seed.length) {
            adjointsSeed = new double[seed.length];
        }
        System.arraycopy(seed, 0, adjointsSeed, 0, seed.length);
    }

    /**
     * Marks the nodes whose primal adjoint an HVP reads: those whose own second-order rule reads
     * it ({@link Node#adjointInTangentRule()}) and those that pass it on to such a node. The
     * parameters' adjoints (the gradient) are not among them: {@code H v} never needs
     * {@code ∇L}, only the adjoints of the values that enter a product with another active value
     * or a curved function.
     */
    private void flagAdjointsNeededByHvp() {
        for (; flaggedNodes < nodes.size(); flaggedNodes++) {
            Node n = nodes.get(flaggedNodes);
            boolean needed = false;
            if (n.active && !(n instanceof Leaf)) {
                needed = n.adjointInTangentRule();
                for (Node in : n.inputs) {
                    needed |= in.active && in.neededByHvp;
                }
            }
            n.neededByHvp = needed;
        }
    }

    private double[] scratch;
    private double[] zeroSeed;

    private double[] scratchGradient() {
        if (scratch == null) {
            scratch = new double[parameterCount];
        }
        return scratch;
    }

    private double[] zerosFor(Node out) {
        if (zeroSeed == null || zeroSeed.length < out.size) {
            zeroSeed = new double[out.size];
        }
        return zeroSeed;
    }

    private void checkOutput(Node out, double[] seed, double[] dst, String what) {
        if (out.graph != this) {
            throw new IllegalArgumentException(what + ": output node belongs to another graph");
        }
        if (seed.length != out.size) {
            throw new ShapeException(what, "seed has " + seed.length + " entries, output " + out + " has " + out.size);
        }
        if (dst.length != parameterCount) {
            throw new ShapeException(what, "output buffer has " + dst.length + " entries, θ has " + parameterCount);
        }
        if (boundTheta == null) {
            throw new IllegalStateException(what + ": run forward first");
        }
    }

    private void bind(double[] theta, double[] v, boolean tangents) {
        if (theta.length != parameterCount) {
            throw new ShapeException("forward", "θ has " + theta.length + " entries, the graph needs " + parameterCount);
        }
        if (v != null && v.length != parameterCount) {
            throw new ShapeException("jvp", "direction has " + v.length + " entries, θ has " + parameterCount);
        }
        if (!haveBuffers || (tangents && !haveTangents)) {
            for (Node n : nodes) {
                n.allocate(tangents, true);
            }
            haveBuffers = true;
            haveTangents |= tangents;
        }
        boundTheta = theta;
        for (Parameter p : parameters) {
            p.val = theta;
            p.valOff = p.offset();
            p.dot = v;
            p.dotOff = p.offset();
        }
    }

    private void bindAdjoints(double[] grad, double[] hv) {
        for (Parameter p : parameters) {
            p.bar = grad;
            p.barOff = p.offset();
            p.barDot = hv;
            p.barDotOff = p.offset();
        }
    }

    private void startPass(Node out, double[] seed, double[] seedTangent) {
        if (!out.active) {
            pass++;
            return;
        }
        if (seedTangent != null && !haveTangents) {
            throw new IllegalStateException("hvp: tangents missing");
        }
        pass++;
        out.adjointPass = pass;
        System.arraycopy(seed, 0, out.bar, out.barOff, out.size);
        if (seedTangent != null) {
            // the seed is constant: its tangent is zero
            Arrays.fill(out.barDot, out.barDotOff, out.barDotOff + out.size, 0.0);
        }
    }

    private void zeroUntouched(double[] grad, double[] hv) {
        for (Parameter p : parameters) {
            if (!p.hasAdjoint()) {
                Arrays.fill(grad, p.offset(), p.offset() + p.size, 0.0);
                if (hv != null) {
                    Arrays.fill(hv, p.offset(), p.offset() + p.size, 0.0);
                }
            }
        }
    }

}
