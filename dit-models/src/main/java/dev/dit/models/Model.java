package dev.dit.models;

import dev.dit.autodiff.Activation;
import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Input;
import dev.dit.autodiff.Node;
import dev.dit.autodiff.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An architecture bound to an input shape and a number of classes. Immutable and shareable
 * between threads; the graphs it builds ({@link #build(int)}) are not, so each thread evaluates
 * through its own {@link Evaluator}.
 */
public final class Model {
    private final ModelSpec spec;
    private final int[] sampleShape;
    private final int numClasses;
    private final ParameterLayout layout;

    /**
     * Binds {@code spec} to samples of {@code sampleShape} and {@code numClasses} classes.
     *
     * @param spec the architecture
     * @param sampleShape the shape of one input sample
     * @param numClasses the number of classes (2 for a binary task)
     */
    public Model(ModelSpec spec, int[] sampleShape, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a model needs at least 2 classes, got " + numClasses);
        }
        if (spec.kind() == ModelSpec.Kind.CNN && sampleShape.length != 3) {
            throw new IllegalArgumentException("model " + spec + " needs image samples [C,H,W], got "
                    + Arrays.toString(sampleShape));
        }
        if (spec.kind() == ModelSpec.Kind.CNN) {
            requireImageLargeEnough(spec, sampleShape);
        }
        this.spec = spec;
        this.sampleShape = sampleShape.clone();
        this.numClasses = numClasses;
        this.layout = new Builder(1).layout();
    }

    /**
     * Each CNN layer is a 3×3 convolution without padding (side s → s − 2) and a 2×2 max-pool
     * (→ ⌊(s − 2)/2⌋), so it needs a side of at least 4. Checked here so that a model too deep for
     * its images is refused in the spec's terms, not by a shape error deep in the graph.
     */
    private static void requireImageLargeEnough(ModelSpec spec, int[] chw) {
        int h = chw[1];
        int w = chw[2];
        for (int i = 0; i < spec.widths().size(); i++) {
            if (h < 4 || w < 4) {
                throw new IllegalArgumentException("model " + spec + " has " + spec.widths().size()
                        + " convolution layers, but " + chw[1] + "×" + chw[2] + " images leave " + h + "×" + w
                        + " before layer " + (i + 1) + " (each layer needs at least 4×4 and halves it after a"
                        + " 3×3 convolution); use at most " + i + " layer" + (i == 1 ? "" : "s"));
            }
            h = (h - 2) / 2;
            w = (w - 2) / 2;
        }
    }

    /** {@return the spec} */
    public ModelSpec spec() {
        return spec;
    }

    /** {@return shape of one input sample} */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** {@return the number of classes of the task} */
    public int numClasses() {
        return numClasses;
    }

    /** {@return whether the task is binary (one logit, BCE) rather than multi-class (softmax CE)} */
    public boolean binary() {
        return numClasses == 2;
    }

    /** {@return the logits per sample: 1 for binary tasks, else the number of classes} */
    public int outputs() {
        return binary() ? 1 : numClasses;
    }

    /** {@return the flat parameter layout} */
    public ParameterLayout layout() {
        return layout;
    }

    /** {@return the number of parameters p} */
    public int parameterCount() {
        return layout.size();
    }

    /**
     * Seeded initial θ: every entry uniform in {@code ±1/√fan_in} of its tensor.
     *
     * @param seed the seed
     * @return a new θ
     */
    public double[] initialParameters(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] theta = new double[layout.size()];
        for (ParameterLayout.Entry e : layout.entries()) {
            double bound = 1.0 / Math.sqrt(e.fanIn());
            for (int i = 0; i < e.length(); i++) {
                theta[e.offset() + i] = bound * (2 * r.nextDouble() - 1);
            }
        }
        return theta;
    }

    /**
     * A fresh graph for batches of {@code batch} samples.
     *
     * @param batch the batch size
     * @return the graph
     */
    public BatchGraph build(int batch) {
        return new Builder(batch).batchGraph;
    }

    /** Builds the graph and records each parameter's fan-in as it goes. */
    private final class Builder {
        final Graph g = new Graph();
        final List<Integer> fanIns = new ArrayList<>();
        final BatchGraph batchGraph;

        Builder(int batch) {
            int[] xShape = new int[sampleShape.length + 1];
            xShape[0] = batch;
            System.arraycopy(sampleShape, 0, xShape, 1, sampleShape.length);
            Input x = g.input("x", xShape);
            Input y = g.input("y", batch);
            Node h = x;
            int features = 1;
            for (int s : sampleShape) {
                features *= s;
            }
            switch (spec.kind()) {
                case LOGREG:
                    h = flat(h, batch, features);
                    break;
                case MLP:
                    h = flat(h, batch, features);
                    for (int i = 0; i < spec.widths().size(); i++) {
                        h = activate(dense("dense" + (i + 1), h, spec.widths().get(i)));
                    }
                    break;
                case CNN:
                    for (int i = 0; i < spec.widths().size(); i++) {
                        int cin = h.shape()[1];
                        int cout = spec.widths().get(i);
                        String name = "conv" + (i + 1);
                        Node w = param(name + ".weight", cin * 9, cout, cin, 3, 3);
                        Node b = param(name + ".bias", cin * 9, cout);
                        h = g.conv2dActPool(h, w, b, 1, 0, fusedActivation()); // conv, activation, 2x2 max-pool
                    }
                    h = g.flatten(h);
                    break;
                default:
                    throw new IllegalStateException();
            }
            Node logits = dense(spec.kind() == ModelSpec.Kind.LOGREG ? "linear" : "head", h, outputs());
            Node loss = binary() ? g.bceWithLogits(logits, y) : g.softmaxCrossEntropy(logits, y);
            batchGraph = new BatchGraph(g, x, y, logits, loss, batch);
        }

        Node flat(Node h, int batch, int features) {
            return h.shape().length == 2 ? h : g.reshape(h, batch, features);
        }

        Node dense(String name, Node in, int out) {
            int fanIn = in.shape()[1];
            Node w = param(name + ".weight", fanIn, fanIn, out);
            Node b = param(name + ".bias", fanIn, out);
            return g.addBias(g.matmul(in, w), b);
        }

        Node param(String name, int fanIn, int... shape) {
            fanIns.add(fanIn);
            return g.parameter(name, shape);
        }

        Activation fusedActivation() {
            switch (spec.activation()) {
                case TANH: return Activation.TANH;
                case SIGMOID: return Activation.SIGMOID;
                case SOFTPLUS: return Activation.SOFTPLUS;
                default: return Activation.RELU;
            }
        }

        Node activate(Node h) {
            switch (spec.activation()) {
                case TANH: return g.tanh(h);
                case SIGMOID: return g.sigmoid(h);
                case SOFTPLUS: return g.softplus(h);
                default: return g.relu(h);
            }
        }

        ParameterLayout layout() {
            List<ParameterLayout.Entry> entries = new ArrayList<>();
            List<Parameter> ps = g.parameters();
            for (int i = 0; i < ps.size(); i++) {
                Parameter p = ps.get(i);
                entries.add(new ParameterLayout.Entry(p.name(), p.shape(), p.offset(), fanIns.get(i)));
            }
            return new ParameterLayout(entries, g.parameterCount());
        }
    }
}
