package dev.dit.models;

import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Input;
import dev.dit.autodiff.Node;
import dev.dit.autodiff.Parameter;
import java.util.List;

/**
 * What a {@link GraphDefinition} builds on: the graph, the batch's inputs and labels, the task,
 * and parameters that dit lays out in θ and initialises (uniform in ±1/√fan-in).
 */
public final class GraphContext {
    private final Graph graph;
    private final Input x;
    private final Input y;
    private final int[] sampleShape;
    private final int numClasses;
    private final List<Integer> fanIns;
    private final List<Double> inits;

    GraphContext(Graph graph, Input x, Input y, int[] sampleShape, int numClasses, List<Integer> fanIns, List<Double> inits) {
        this.graph = graph;
        this.x = x;
        this.y = y;
        this.sampleShape = sampleShape;
        this.numClasses = numClasses;
        this.fanIns = fanIns;
        this.inits = inits;
    }

    /** {@return the graph to add ops to} */
    public Graph graph() {
        return graph;
    }

    /** {@return the batch's samples, {@code [B, sample shape...]}} */
    public Node input() {
        return x;
    }

    /** {@return the batch's labels, {@code [B]}, class indices as doubles} */
    public Node labels() {
        return y;
    }

    /** {@return the batch size B} */
    public int batchSize() {
        return x.shape()[0];
    }

    /** {@return the shape of one sample} */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** {@return the number of classes (2 for a binary task)} */
    public int numClasses() {
        return numClasses;
    }

    /** {@return the number of logits: 1 for a binary task, else the number of classes} */
    public int outputs() {
        return numClasses == 2 ? 1 : numClasses;
    }

    /**
     * A parameter tensor, initialised uniform in {@code ±1/√fanIn}.
     *
     * @param name its name in the θ layout
     * @param fanIn the fan-in for initialisation
     * @param shape its dimensions
     * @return the parameter node
     */
    public Parameter parameter(String name, int fanIn, int... shape) {
        if (fanIn < 1) {
            throw new IllegalArgumentException("parameter " + name + ": fan-in must be >= 1, got " + fanIn);
        }
        fanIns.add(fanIn);
        inits.add(Double.NaN);
        return graph.parameter(name, shape);
    }

    /**
     * A parameter tensor with every entry initially {@code value} (e.g. a normalisation's scale of 1).
     *
     * @param name its name in the θ layout
     * @param value the initial value of every entry
     * @param shape its dimensions
     * @return the parameter node
     */
    public Parameter constantParameter(String name, double value, int... shape) {
        fanIns.add(1);
        inits.add(value);
        return graph.parameter(name, shape);
    }

    /**
     * A dense layer {@code in · W + b} on a flat input {@code [B, F]}, with parameters
     * {@code name.weight [F, units]} and {@code name.bias [units]}.
     *
     * @param name the layer's name
     * @param in the input {@code [B, F]}
     * @param units the output width
     * @return the output {@code [B, units]}
     */
    public Node dense(String name, Node in, int units) {
        int fanIn = in.shape()[1];
        Node w = parameter(name + ".weight", fanIn, fanIn, units);
        Node b = parameter(name + ".bias", fanIn, units);
        return graph.addBias(graph.matmul(in, w), b);
    }

    /**
     * The logits with dit's classification loss: binary cross-entropy on one logit for two
     * classes, softmax cross-entropy otherwise.
     *
     * @param logits {@code [B, outputs()]}
     * @return the logits and the per-sample losses
     */
    public GraphDefinition.Outputs classifier(Node logits) {
        Node loss = numClasses == 2 ? graph.bceWithLogits(logits, y) : graph.softmaxCrossEntropy(logits, y);
        return new GraphDefinition.Outputs(logits, loss);
    }
}
