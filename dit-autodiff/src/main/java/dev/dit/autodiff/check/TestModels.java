package dev.dit.autodiff.check;

import dev.dit.autodiff.Activation;
import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Input;
import dev.dit.autodiff.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Small random models built directly on the engine, used by the derivative checks (unit tests and
 * {@code dit selfcheck}). Each has random data filled in and exposes its per-sample loss vector.
 */
public final class TestModels {

    /** A built model: its graph, per-sample loss output, and a random θ of the right length. */
    public record Built(String name, Graph graph, Node loss, double[] theta) {
    }

    private TestModels() {
    }

    /** {@return all check models by name, in a fixed order} */
    public static Map<String, Function<Long, Built>> all() {
        Map<String, Function<Long, Built>> m = new LinkedHashMap<>();
        m.put("logreg", seed -> logreg(seed, 12, 5));
        m.put("mlp-tanh-softplus", TestModels::mlp);
        m.put("cnn-tanh-sigmoid", TestModels::cnn);
        m.put("cnn-fused-layers", TestModels::fusedCnn);
        m.put("elementwise-ops", TestModels::elementwise);
        m.put("matmul-transposes", TestModels::transposes);
        m.put("squared-error", TestModels::squaredError);
        m.put("resnet-gelu-elu-avgpool", TestModels::residualCnn);
        m.put("mlp-layernorm-gelu", TestModels::layerNormMlp);
        return m;
    }

    /**
     * Binary logistic regression: {@code z = X w + b}, BCE on the logit.
     *
     * @param seed seeds the data
     * @param n samples
     * @param d features
     * @return the graph with its data filled in
     */
    public static Built logreg(long seed, int n, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        Graph g = new Graph();
        Input x = g.input("x", n, d);
        Input y = g.input("y", n);
        Node w = g.parameter("w", d, 1);
        Node b = g.parameter("b", 1);
        Node loss = g.bceWithLogits(g.addBias(g.matmul(x, w), b), y);
        fill(x.data(), r, 1.0);
        for (int i = 0; i < n; i++) {
            y.data()[i] = r.nextInt(2);
        }
        return new Built("logreg", g, loss, random(g.parameterCount(), r, 0.5));
    }

    static Built mlp(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 7;
        int d = 6;
        int k = 4;
        Graph g = new Graph();
        Input x = g.input("x", n, d);
        Input y = g.input("y", n);
        Node h1 = g.tanh(g.addBias(g.matmul(x, g.parameter("w1", d, 5)), g.parameter("b1", 5)));
        Node h2 = g.softplus(g.addBias(g.matmul(h1, g.parameter("w2", 5, 4)), g.parameter("b2", 4)));
        Node z = g.addBias(g.matmul(h2, g.parameter("w3", 4, k)), g.parameter("b3", k));
        Node loss = g.softmaxCrossEntropy(z, y);
        fill(x.data(), r, 1.0);
        labels(y.data(), r, k);
        return new Built("mlp-tanh-softplus", g, loss, random(g.parameterCount(), r, 0.6));
    }

    static Built cnn(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3;
        Graph g = new Graph();
        Input x = g.input("x", n, 1, 8, 8);
        Input y = g.input("y", n);
        Node c1 = g.tanh(g.conv2d(x, g.parameter("c1.w", 2, 1, 3, 3), g.parameter("c1.b", 2), 1, 1));
        Node p1 = g.maxPool2d(c1, 2, 2);
        Node c2 = g.sigmoid(g.conv2d(p1, g.parameter("c2.w", 3, 2, 3, 3), g.parameter("c2.b", 3), 1, 0));
        Node flat = g.flatten(c2);
        Node z = g.addBias(g.matmul(flat, g.parameter("fc.w", flat.shape()[1], 3)), g.parameter("fc.b", 3));
        Node loss = g.softmaxCrossEntropy(z, y);
        fill(x.data(), r, 1.0);
        labels(y.data(), r, 3);
        return new Built("cnn-tanh-sigmoid", g, loss, random(g.parameterCount(), r, 0.7));
    }

    /** Two fused conv → activation → max-pool layers (the nodes the CNN models use), softplus then tanh. */
    static Built fusedCnn(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3;
        Graph g = new Graph();
        Input x = g.input("x", n, 1, 12, 12);
        Input y = g.input("y", n);
        Node l1 = g.conv2dActPool(x, g.parameter("c1.w", 3, 1, 3, 3), g.parameter("c1.b", 3), 1, 0, Activation.SOFTPLUS);
        Node l2 = g.conv2dActPool(l1, g.parameter("c2.w", 2, 3, 3, 3), g.parameter("c2.b", 2), 1, 1, Activation.TANH);
        Node flat = g.flatten(l2);
        Node z = g.addBias(g.matmul(flat, g.parameter("fc.w", flat.shape()[1], 3)), g.parameter("fc.b", 3));
        Node loss = g.softmaxCrossEntropy(z, y);
        fill(x.data(), r, 1.0);
        labels(y.data(), r, 3);
        return new Built("cnn-fused-layers", g, loss, random(g.parameterCount(), r, 0.7));
    }

    static Built elementwise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 5;
        int d = 4;
        Graph g = new Graph();
        Input x = g.input("x", n, d);
        Node a = g.addBias(x, g.parameter("a", d));
        Node b = g.mul(x, g.reshape(g.addBias(g.neg(x), g.parameter("b", d)), n, d));
        Node prod = g.mul(g.exp(g.mul(a, g.square(b))), g.sigmoid(a));
        Node diff = g.sub(g.log(g.softplus(prod)), g.relu(g.add(a, b)));
        // per-sample: mean over features, then sum with the per-axis reductions
        Node perSample = g.add(g.mean(diff, 1), g.sum(g.tanh(b), 1));
        fill(x.data(), r, 0.8);
        return new Built("elementwise-ops", g, perSample, random(g.parameterCount(), r, 0.5));
    }

    static Built transposes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Graph g = new Graph();
        Input x = g.input("x", 4, 3);
        Node wt = g.parameter("wT", 5, 3);
        Node h = g.tanh(g.matmul(x, wt, false, true));
        Node u = g.parameter("u", 5, 2);
        Node s = g.matmul(u, h, true, true);
        Node v = g.parameter("v", 2, 4);
        Node q = g.matmul(v, s, true, false);
        Node perSample = g.sum(g.softplus(q), 0);
        fill(x.data(), r, 1.0);
        return new Built("matmul-transposes", g, perSample, random(g.parameterCount(), r, 0.6));
    }

    static Built squaredError(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Graph g = new Graph();
        Input x = g.input("x", 6, 3);
        Input t = g.input("t", 6, 2);
        Node p = g.tanh(g.addBias(g.matmul(x, g.parameter("w", 3, 2)), g.parameter("b", 2)));
        Node loss = g.squaredError(p, t);
        fill(x.data(), r, 1.0);
        fill(t.data(), r, 1.0);
        return new Built("squared-error", g, loss, random(g.parameterCount(), r, 0.6));
    }

    /**
     * The layers beyond the classic CNN: a padded convolution, GELU, a residual block (two
     * convolutions around an ELU, added to its input), average pooling, leaky ReLU, global
     * average pooling and a dense head.
     *
     * @param seed seeds the data and θ
     * @return the graph with its data filled in
     */
    public static Built residualCnn(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3;
        Graph g = new Graph();
        Input x = g.input("x", n, 2, 7, 7);
        Input y = g.input("y", n);
        Node h = g.gelu(g.conv2d(x, g.parameter("c1.w", 3, 2, 3, 3), g.parameter("c1.b", 3), 1, 1));
        Node body = g.conv2d(h, g.parameter("r1.w", 3, 3, 3, 3), g.parameter("r1.b", 3), 1, 1);
        body = g.conv2d(g.elu(body, 0.7), g.parameter("r2.w", 3, 3, 3, 3), g.parameter("r2.b", 3), 1, 1);
        h = g.leakyRelu(g.avgPool2d(g.add(h, body), 2, 2), 0.1);
        Node pooled = g.globalAvgPool(g.avgPool2d(h, 2, 1));
        Node z = g.addBias(g.matmul(pooled, g.parameter("fc.w", 3, 3)), g.parameter("fc.b", 3));
        Node loss = g.softmaxCrossEntropy(z, y);
        fill(x.data(), r, 1.0);
        labels(y.data(), r, 3);
        return new Built("resnet-gelu-elu-avgpool", g, loss, random(g.parameterCount(), r, 0.7));
    }

    /**
     * Dense, layer normalisation with scale and shift, exact GELU, dense head.
     *
     * @param seed seeds the data and θ
     * @return the graph with its data filled in
     */
    public static Built layerNormMlp(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 5;
        Graph g = new Graph();
        Input x = g.input("x", n, 6);
        Input y = g.input("y", n);
        Node h = g.addBias(g.matmul(x, g.parameter("w1", 6, 7)), g.parameter("b1", 7));
        h = g.gelu(g.layerNorm(h, g.parameter("ln.w", 7), g.parameter("ln.b", 7), 1e-5));
        Node z = g.addBias(g.matmul(h, g.parameter("w2", 7, 3)), g.parameter("b2", 3));
        Node loss = g.softmaxCrossEntropy(z, y);
        fill(x.data(), r, 1.0);
        labels(y.data(), r, 3);
        return new Built("mlp-layernorm-gelu", g, loss, random(g.parameterCount(), r, 0.7));
    }

    static void fill(double[] a, SplittableRandom r, double scale) {
        for (int i = 0; i < a.length; i++) {
            a[i] = scale * (2 * r.nextDouble() - 1);
        }
    }

    static void labels(double[] a, SplittableRandom r, int k) {
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(k);
        }
    }

    /**
     * Uniform random vector in {@code [-scale, scale]}.
     *
     * @param n the length
     * @param r the random source
     * @param scale the bound
     * @return the vector
     */
    public static double[] random(int n, SplittableRandom r, double scale) {
        double[] a = new double[n];
        fill(a, r, scale);
        return a;
    }
}
