package dev.dit.models;

import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Input;
import dev.dit.autodiff.Node;
import dev.dit.autodiff.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        Builder b = new Builder(1);
        this.layout = b.layout();
        this.inits = b.inits.stream().mapToDouble(Double::doubleValue).toArray();
        this.described = b.described;
    }

    /** Per parameter tensor: its constant initial value, or NaN for uniform by fan-in. */
    private final double[] inits;
    private final List<Map<String, Object>> described;

    /**
     * The layers as bound to this data, for manifests and exports: per layer its position
     * ({@code 2.1} is the first layer of the second's body), type, every hyper-parameter (the
     * head's {@code units} resolved to the number of logits), per-sample input and output shapes
     * (int arrays), the names of its parameter tensors in {@link #layout()}, {@code fused} (the
     * number of layers run as one node) where it applies, and a residual block's {@code body}.
     * Empty for a custom Java graph.
     *
     * @return one map per layer, in order
     */
    public List<Map<String, Object>> describeLayers() {
        return java.util.Collections.unmodifiableList(described);
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
     * Seeded initial θ: every entry uniform in {@code ±1/√fan_in} of its tensor, except the scale
     * (1) and shift (0) of layer normalisations and a custom graph's constant parameters.
     *
     * @param seed the seed
     * @return a new θ
     */
    public double[] initialParameters(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] theta = new double[layout.size()];
        List<ParameterLayout.Entry> entries = layout.entries();
        for (int t = 0; t < entries.size(); t++) {
            ParameterLayout.Entry e = entries.get(t);
            if (!Double.isNaN(inits[t])) {
                java.util.Arrays.fill(theta, e.offset(), e.offset() + e.length(), inits[t]);
                continue;
            }
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

    /** Builds the graph and records each parameter's fan-in and initialisation as it goes. */
    private final class Builder {
        final Graph g = new Graph();
        final List<Integer> fanIns = new ArrayList<>();
        /** Per parameter: its constant initial value, or NaN for uniform by fan-in. */
        final List<Double> inits = new ArrayList<>();
        final BatchGraph batchGraph;
        List<Map<String, Object>> described = List.of();

        Builder(int batch) {
            int[] xShape = new int[sampleShape.length + 1];
            xShape[0] = batch;
            System.arraycopy(sampleShape, 0, xShape, 1, sampleShape.length);
            Input x = g.input("x", xShape);
            Input y = g.input("y", batch);
            Node logits;
            Node loss;
            if (spec.kind() == ModelSpec.Kind.CUSTOM) {
                GraphContext ctx = new GraphContext(g, x, y, sampleShape, numClasses, fanIns, inits);
                GraphDefinition.Outputs o = spec.custom().definition().build(ctx);
                if (o == null || o.logits() == null || o.losses() == null) {
                    throw new IllegalArgumentException("custom model " + spec.custom().name() + " returned no logits or losses");
                }
                logits = o.logits();
                loss = o.losses();
                checkCustom(logits, loss, batch);
            } else {
                LayerGraph lg = new LayerGraph(g, this::param, outputs(), spec.toString(), spec.layers());
                logits = lg.build(spec.layers(), x);
                described = lg.described;
                loss = binary() ? g.bceWithLogits(logits, y) : g.softmaxCrossEntropy(logits, y);
            }
            batchGraph = new BatchGraph(g, x, y, logits, loss, batch);
        }

        private void checkCustom(Node logits, Node loss, int batch) {
            String name = "custom model " + spec.custom().name();
            if (!Arrays.equals(logits.shape(), new int[] {batch, outputs()})) {
                throw new IllegalArgumentException(name + ": logits must be [" + batch + ", " + outputs() + "], got "
                        + Arrays.toString(logits.shape()));
            }
            if (!Arrays.equals(loss.shape(), new int[] {batch})) {
                throw new IllegalArgumentException(name + ": the per-sample losses must be [" + batch + "], got "
                        + Arrays.toString(loss.shape()));
            }
            if (fanIns.size() != g.parameters().size()) {
                throw new IllegalArgumentException(name + ": create parameters through GraphContext.parameter,"
                        + " not Graph.parameter, so that dit can initialise them");
            }
            if (!loss.isActive()) {
                throw new IllegalArgumentException(name + ": the losses do not depend on any parameter");
            }
        }

        Node param(String name, int fanIn, double init, int... shape) {
            fanIns.add(fanIn);
            inits.add(init);
            return g.parameter(name, shape);
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
