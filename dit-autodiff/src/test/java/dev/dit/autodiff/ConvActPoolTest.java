package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.SelfCheck;
import dev.dit.autodiff.check.TestModels;
import dev.dit.autodiff.kernel.KernelsProvider;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused conv → activation → 2×2 max-pool node against the three separate nodes (values,
 * gradient, tangents and HVP), against finite differences, and across thread counts.
 */
class ConvActPoolTest {

    /** The layer, then a smooth non-linear head {@code Σ tanh(y)² · u} so every output matters differently. */
    private record Net(Graph g, Node layer, Node out, Input x) {
    }

    /**
     * x is a parameter behind tanh when {@code xActive} (so its adjoint is exercised), else an input.
     * The layer is the fused node, or the three separate nodes when {@code separate}.
     */
    private static Net build(int[] s, Activation act, boolean bias, boolean xActive, boolean separate) {
        int n = s[0], c = s[1], h = s[2], w = s[3], co = s[4], k = s[5], stride = s[6], pad = s[7];
        Graph g = new Graph();
        Input xIn = null;
        Node x;
        if (xActive) {
            x = g.tanh(g.parameter("x", n, c, h, w));
        } else {
            xIn = g.input("x", n, c, h, w);
            x = xIn;
        }
        Parameter wt = g.parameter("w", co, c, k, k);
        Parameter b = bias ? g.parameter("b", co) : null;
        Node layer;
        if (separate) {
            layer = g.maxPool2d(activation(g, g.conv2d(x, wt, b, stride, pad), act), 2, 2);
        } else {
            layer = g.conv2dActPool(x, wt, b, stride, pad, act);
        }
        Node t = g.tanh(layer);
        Node head = g.parameter("u", layer.size());
        Node out = g.sum(g.mul(g.square(g.reshape(t, layer.size())), head));
        return new Net(g, layer, out, xIn);
    }

    private static Node activation(Graph g, Node z, Activation act) {
        switch (act) {
            case RELU: return g.relu(z);
            case TANH: return g.tanh(z);
            case SIGMOID: return g.sigmoid(z);
            case SOFTPLUS: return g.softplus(z);
            default: return z;
        }
    }

    @Test
    void fusedMatchesSeparateNodes() {
        SplittableRandom r = new SplittableRandom(3);
        int[][] shapes = { // n, c, h, w, co, k, stride, pad
            {3, 1, 9, 7, 4, 3, 1, 0}, {2, 2, 8, 10, 3, 3, 1, 0}, {4, 3, 6, 6, 2, 2, 1, 0},
            {5, 4, 7, 9, 3, 3, 1, 0}, {3, 6, 8, 8, 5, 3, 1, 1}, {2, 3, 11, 9, 4, 3, 2, 1},
            {9, 8, 13, 13, 16, 3, 1, 0}, {2, 2, 12, 14, 3, 5, 1, 0}, {3, 1, 28, 28, 8, 3, 1, 0},
            // channels filling whole vectors take the direct forward path, also with stride and padding
            {2, 3, 11, 9, 8, 3, 2, 1}, {3, 2, 8, 10, 16, 3, 1, 1}, {2, 5, 9, 9, 24, 2, 1, 0}};
        for (int[] s : shapes) {
            for (Activation act : Activation.values()) {
                for (int variant = 0; variant < 3; variant++) {
                    compare(s, act, variant != 1, variant != 2, r);
                }
            }
        }
    }

    private static void compare(int[] s, Activation act, boolean bias, boolean xActive, SplittableRandom r) {
        Net ref = build(s, act, bias, xActive, true);
        Net fused = build(s, act, bias, xActive, false);
        String what = act + " " + java.util.Arrays.toString(s) + " bias=" + bias + " xActive=" + xActive;
        assertArrayEquals(ref.layer.shape(), fused.layer.shape(), what);
        if (!xActive) {
            for (int i = 0; i < ref.x.data().length; i++) {
                ref.x.data()[i] = fused.x.data()[i] = r.nextGaussian();
            }
        }
        int p = ref.g.parameterCount();
        double[] th = TestModels.random(p, r, 0.8);
        double[] v = TestModels.random(p, r, 1.0);
        double[] seed = {1.0};
        ref.g.forward(th);
        fused.g.forward(th);
        double[] ya = new double[ref.layer.size()];
        double[] yb = new double[ya.length];
        ref.layer.copyValue(ya, 0);
        fused.layer.copyValue(yb, 0);
        closeAll(yb, ya, what + " values");
        double[] ga = new double[p];
        double[] gb = new double[p];
        ref.g.gradient(ref.out, seed, ga);
        fused.g.gradient(fused.out, seed, gb);
        closeAll(gb, ga, what + " gradient");
        double[] ha = new double[p];
        double[] hb = new double[p];
        ref.g.hvp(ref.out, seed, th, v, ha, ga);
        fused.g.hvp(fused.out, seed, th, v, hb, gb);
        closeAll(gb, ga, what + " gradient from hvp");
        closeAll(hb, ha, what + " hvp");
        ref.layer.copyTangent(ya, 0);
        fused.layer.copyTangent(yb, 0);
        closeAll(yb, ya, what + " tangent");
    }

    /**
     * Two layers in a row, fused against separate nodes. With whole vectors of channels and no
     * padding in the second layer, its backward pass reads the first layer's channel-last copy
     * of its output; with padding it transposes the output itself.
     */
    @Test
    void stackedLayersMatchSeparateNodes() {
        SplittableRandom r = new SplittableRandom(5);
        int[][] cases = { // n, c, h, w, co1, co2, pad2
            {40, 1, 16, 16, 8, 16, 0}, {3, 2, 14, 12, 8, 8, 1}, {4, 1, 13, 13, 4, 8, 0}};
        for (int[] c : cases) {
            for (Activation act : new Activation[] {Activation.RELU, Activation.SOFTPLUS, Activation.TANH}) {
                for (boolean bias : new boolean[] {true, false}) {
                    String what = "stacked " + act + " " + java.util.Arrays.toString(c) + " bias=" + bias;
                    Graph[] graphs = new Graph[2];
                    Node[] outs = new Node[2];
                    Input[] xs = new Input[2];
                    for (int f = 0; f < 2; f++) {
                        Graph g = new Graph();
                        Input x = g.input("x", c[0], c[1], c[2], c[3]);
                        Parameter w1 = g.parameter("w1", c[4], c[1], 3, 3);
                        Parameter b1 = bias ? g.parameter("b1", c[4]) : null;
                        Parameter w2 = g.parameter("w2", c[5], c[4], 3, 3);
                        Parameter b2 = bias ? g.parameter("b2", c[5]) : null;
                        Node l2;
                        if (f == 0) {
                            Node l1 = g.maxPool2d(activation(g, g.conv2d(x, w1, b1, 1, 0), act), 2, 2);
                            l2 = g.maxPool2d(activation(g, g.conv2d(l1, w2, b2, 1, c[6]), act), 2, 2);
                        } else {
                            Node l1 = g.conv2dActPool(x, w1, b1, 1, 0, act);
                            l2 = g.conv2dActPool(l1, w2, b2, 1, c[6], act);
                        }
                        Node head = g.parameter("u", l2.size());
                        outs[f] = g.sum(g.mul(g.square(g.tanh(g.reshape(l2, l2.size()))), head));
                        graphs[f] = g;
                        xs[f] = x;
                    }
                    for (int i = 0; i < xs[0].data().length; i++) {
                        xs[0].data()[i] = xs[1].data()[i] = r.nextGaussian();
                    }
                    int p = graphs[0].parameterCount();
                    double[] th = TestModels.random(p, r, 0.6);
                    double[] v = TestModels.random(p, r, 1.0);
                    double[] seed = {1.0};
                    double[][] grad = new double[2][p];
                    double[][] hv = new double[2][p];
                    for (int f = 0; f < 2; f++) {
                        graphs[f].forward(th);
                        graphs[f].gradient(outs[f], seed, grad[f]);
                    }
                    closeAll(grad[1], grad[0], what + " gradient");
                    for (int f = 0; f < 2; f++) {
                        graphs[f].hvp(outs[f], seed, th, v, hv[f], grad[f]);
                    }
                    closeAll(hv[1], hv[0], what + " hvp");
                }
            }
        }
    }

    @Test
    void gradientAndHvpMatchFiniteDifferences() {
        for (Activation act : new Activation[] {Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID}) {
            SplittableRandom r = new SplittableRandom(11);
            Graph g = new Graph();
            Input x = g.input("x", 3, 1, 12, 12);
            Input y = g.input("y", 3);
            Node l1 = g.conv2dActPool(x, g.parameter("w1", 4, 1, 3, 3), g.parameter("b1", 4), 1, 0, act);
            Node l2 = g.conv2dActPool(l1, g.parameter("w2", 3, 4, 2, 2), g.parameter("b2", 3), 1, 1, act); // padded
            Node flat = g.flatten(l2);
            Node z = g.matmul(flat, g.parameter("fc", flat.shape()[1], 1));
            Node loss = g.bceWithLogits(z, y);
            for (int i = 0; i < x.data().length; i++) {
                x.data()[i] = r.nextGaussian();
            }
            y.data()[1] = 1;
            TestModels.Built m = new TestModels.Built("conv-act-pool-" + act, g, loss,
                    TestModels.random(g.parameterCount(), r, 0.5));
            SelfCheck.Row row = SelfCheck.check(m);
            assertTrue(row.gradientRelErr() < 1e-7, row.toString());
            assertTrue(row.hvpRelErr() < 1e-6, row.toString());
            assertTrue(row.directionalRelErr() < 1e-10, row.toString());
        }
    }

    @Test
    void bitIdenticalOnOneTwoAndThreeThreads() {
        int before = KernelsProvider.threads();
        try {
            int[][] shapes = {{30, 1, 28, 28, 5, 3, 1, 0}, {7, 4, 20, 20, 6, 3, 1, 0}, {20, 3, 40, 40, 4, 3, 2, 1},
                {30, 1, 28, 28, 8, 3, 1, 0}, {12, 8, 13, 13, 16, 3, 1, 1}};
            for (int[] s : shapes) {
                for (boolean xActive : new boolean[] {false, true}) {
                    double[][] first = null;
                    for (int threads = 1; threads <= 3; threads++) {
                        KernelsProvider.setThreads(threads);
                        Net net = build(s, Activation.TANH, true, xActive, false);
                        double[][] got = derivatives(net);
                        if (first == null) {
                            assertTrue(((ConvActPool) net.layer).chunkCount() >= 3, "several chunks for " + java.util.Arrays.toString(s));
                            first = got;
                        } else {
                            for (int i = 0; i < got.length; i++) {
                                assertArrayEquals(first[i], got[i], java.util.Arrays.toString(s) + ", " + threads + " threads, output " + i);
                            }
                        }
                    }
                }
            }
        } finally {
            KernelsProvider.setThreads(before);
        }
    }

    /** Gradient, HVP and layer values at a fixed θ and v. */
    private static double[][] derivatives(Net net) {
        SplittableRandom r = new SplittableRandom(5);
        if (net.x != null) {
            for (int i = 0; i < net.x.data().length; i++) {
                net.x.data()[i] = r.nextGaussian();
            }
        }
        int p = net.g.parameterCount();
        double[] th = TestModels.random(p, r, 0.8);
        double[] v = TestModels.random(p, r, 1.0);
        double[] grad = new double[p];
        double[] hv = new double[p];
        net.g.hvp(net.out, new double[] {1.0}, th, v, hv, grad);
        double[] g2 = new double[p];
        net.g.forward(th);
        net.g.gradient(net.out, new double[] {1.0}, g2);
        double[] y = new double[net.layer.size()];
        net.layer.copyValue(y, 0);
        return new double[][] {grad, hv, g2, y};
    }

    @Test
    void shapeErrorsNameTheOperation() {
        Graph g = new Graph();
        Input x = g.input("x", 2, 1, 3, 3);
        ShapeException e = assertThrows(ShapeException.class,
                () -> g.conv2dActPool(x, g.parameter("w", 4, 1, 3, 3), null, 1, 0, Activation.RELU));
        assertTrue(e.getMessage().contains("conv2dActPool"), e.getMessage());
        assertThrows(ShapeException.class,
                () -> g.conv2dActPool(x, g.parameter("w2", 4, 2, 3, 3), null, 1, 0, Activation.RELU));
    }

    private static void closeAll(double[] a, double[] b, String what) {
        double scale = 1.0;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-12 * scale, what + ", entry " + i);
        }
    }
}
