package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.TestModels;
import dev.dit.autodiff.kernel.KernelsProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An HVP that returns no gradient forms only the primal adjoints its second-order terms read,
 * and a second direction at the same values forms none; both must give the bits of the full
 * forward-over-reverse pass, for every node type, on one and two threads.
 */
class HvpWithoutGradientTest {
    private final int savedThreads = KernelsProvider.threads();

    @AfterEach
    void restore() {
        KernelsProvider.setThreads(savedThreads);
    }

    /** The self-check models plus the shapes the skipping is for: ReLU layers on the data. */
    private static Map<String, Function<Long, TestModels.Built>> models() {
        Map<String, Function<Long, TestModels.Built>> m = new LinkedHashMap<>(TestModels.all());
        m.put("relu-mlp", HvpWithoutGradientTest::reluMlp);
        m.put("relu-fused-cnn", HvpWithoutGradientTest::reluFusedCnn);
        m.put("strided-conv-maxpool", HvpWithoutGradientTest::stridedConv);
        return m;
    }

    /** x → dense+ReLU → dense+ReLU → dense, softmax cross-entropy. */
    static TestModels.Built reluMlp(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 9;
        Graph g = new Graph();
        Input x = g.input("x", n, 7);
        Input y = g.input("y", n);
        Node h1 = g.relu(g.addBias(g.matmul(x, g.parameter("w1", 7, 6)), g.parameter("b1", 6)));
        Node h2 = g.relu(g.addBias(g.matmul(h1, g.parameter("w2", 6, 5)), g.parameter("b2", 5)));
        Node z = g.addBias(g.matmul(h2, g.parameter("w3", 5, 3)), g.parameter("b3", 3));
        Node loss = g.softmaxCrossEntropy(z, y);
        fill(x, y, r, 3);
        return new TestModels.Built("relu-mlp", g, loss, TestModels.random(g.parameterCount(), r, 0.6));
    }

    /** The CNN models' layers: conv+ReLU+pool on the data, conv+ReLU+pool, dense. */
    static TestModels.Built reluFusedCnn(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 5;
        Graph g = new Graph();
        Input x = g.input("x", n, 1, 12, 12);
        Input y = g.input("y", n);
        Node l1 = g.conv2dActPool(x, g.parameter("c1.w", 3, 1, 3, 3), g.parameter("c1.b", 3), 1, 1, Activation.RELU);
        Node l2 = g.conv2dActPool(l1, g.parameter("c2.w", 4, 3, 3, 3), g.parameter("c2.b", 4), 1, 1, Activation.RELU);
        Node flat = g.flatten(l2);
        Node z = g.addBias(g.matmul(flat, g.parameter("fc.w", flat.shape()[1], 3)), g.parameter("fc.b", 3));
        Node loss = g.softmaxCrossEntropy(z, y);
        fill(x, y, r, 3);
        return new TestModels.Built("relu-fused-cnn", g, loss, TestModels.random(g.parameterCount(), r, 0.7));
    }

    /** Stride-2 convolutions (the im2col path), ReLU, a max-pool, then a padded direct convolution. */
    static TestModels.Built stridedConv(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 4;
        Graph g = new Graph();
        Input x = g.input("x", n, 2, 13, 13);
        Input y = g.input("y", n);
        Node c1 = g.relu(g.conv2d(x, g.parameter("c1.w", 12, 2, 3, 3), g.parameter("c1.b", 12), 2, 1));
        Node c2 = g.conv2d(c1, g.parameter("c2.w", 10, 12, 3, 3), g.parameter("c2.b", 10), 2, 0);
        Node p = g.maxPool2d(g.relu(c2), 2, 1);
        Node c3 = g.tanh(g.conv2d(p, g.parameter("c3.w", 2, 10, 3, 3), g.parameter("c3.b", 2), 1, 1));
        Node flat = g.flatten(c3);
        Node z = g.addBias(g.matmul(flat, g.parameter("fc.w", flat.shape()[1], 3)), g.parameter("fc.b", 3));
        Node loss = g.softmaxCrossEntropy(z, y);
        fill(x, y, r, 3);
        return new TestModels.Built("strided-conv-maxpool", g, loss, TestModels.random(g.parameterCount(), r, 0.5));
    }

    private static void fill(Input x, Input y, SplittableRandom r, int classes) {
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextDouble(-1, 1);
        }
        for (int i = 0; i < y.data().length; i++) {
            y.data()[i] = r.nextInt(classes);
        }
    }

    private static double[] random(int n, long seed) {
        return TestModels.random(n, new SplittableRandom(seed), 1);
    }

    /** H v with the gradient formed as well: every adjoint written, as before the skipping. */
    private static double[] fullHvp(TestModels.Built m, double[] seed, double[] v) {
        int p = m.theta().length;
        double[] hv = new double[p];
        m.graph().hvp(m.loss(), seed, m.theta(), v, hv, new double[p]);
        return hv;
    }

    @Test
    void hvpWithoutGradientAndFurtherDirectionsGiveTheBitsOfTheFullPass() {
        for (int threads : new int[] {1, 2}) {
            KernelsProvider.setThreads(threads);
            for (Map.Entry<String, Function<Long, TestModels.Built>> e : models().entrySet()) {
                TestModels.Built m = e.getValue().apply(5L);
                Graph g = m.graph();
                int p = m.theta().length;
                double[] seed = random(m.loss().size(), 1);
                double[] seed2 = random(m.loss().size(), 6);
                List<double[]> vs = new ArrayList<>();
                for (long s = 2; s <= 5; s++) {
                    vs.add(random(p, s));
                }
                List<double[]> want = new ArrayList<>();
                for (double[] v : vs) {
                    want.add(fullHvp(m, seed, v));
                }
                double[] want2 = fullHvp(m, seed2, vs.get(1));
                String where = e.getKey() + ", " + threads + " thread(s)";

                double[] hv = new double[p];
                g.hvp(m.loss(), seed, m.theta(), vs.get(0), hv, null);
                assertArrayEquals(want.get(0), hv, "HVP without gradient, " + where);
                g.hvpAtSameValues(m.loss(), seed, vs.get(1), hv);
                assertArrayEquals(want.get(1), hv, "second direction (adjoints kept), " + where);
                g.hvpAtSameValues(m.loss(), seed, vs.get(2), hv);
                assertArrayEquals(want.get(2), hv, "third direction (adjoints kept), " + where);
                // another seed: the kept adjoints do not hold, they are formed again
                g.hvpAtSameValues(m.loss(), seed2, vs.get(1), hv);
                assertArrayEquals(want2, hv, "another seed at the same values, " + where);
                g.hvpAtSameValues(m.loss(), seed, vs.get(3), hv);
                assertArrayEquals(want.get(3), hv, "back to the first seed, " + where);
                // a gradient pass with another seed overwrites the adjoints
                g.gradient(m.loss(), seed2, new double[p]);
                g.hvpAtSameValues(m.loss(), seed, vs.get(2), hv);
                assertArrayEquals(want.get(2), hv, "after a gradient pass with another seed, " + where);
                // after passes that skipped adjoints, an HVP that asks for the gradient still gets all
                // of it (the plain kernels sum the fused CNN's weight adjoints in another order: 1e-12)
                double[] grad = new double[p];
                g.hvp(m.loss(), seed, m.theta(), vs.get(0), hv, grad);
                assertArrayEquals(want.get(0), hv, "HVP with gradient after skipping passes, " + where);
                double[] plain = new double[p];
                g.forward(m.theta());
                g.gradient(m.loss(), seed, plain);
                double scale = 0.0;
                for (double d : plain) {
                    scale = Math.max(scale, Math.abs(d));
                }
                assertArrayEquals(plain, grad, 1e-12 * scale, "gradient of the HVP pass, " + where);
            }
        }
    }

    @Test
    void theSeedIsComparedByValueNotByArray() {
        TestModels.Built m = reluMlp(3);
        int p = m.theta().length;
        double[] seed = random(m.loss().size(), 1);
        double[] v = random(p, 2);
        double[] v2 = random(p, 3);
        double[] other = random(m.loss().size(), 7);
        double[] want = fullHvp(m, other, v2);
        double[] hv = new double[p];
        m.graph().hvp(m.loss(), seed, m.theta(), v, hv, null);
        System.arraycopy(other, 0, seed, 0, seed.length); // same array, new contents
        m.graph().hvpAtSameValues(m.loss(), seed, v2, hv);
        assertArrayEquals(want, hv);
    }

    @Test
    void onlyAdjointsThatSecondOrderTermsReadAreFormed() {
        TestModels.Built mlp = reluMlp(1);
        Node loss = mlp.loss();
        // loss ← z = addBias(matmul(h2, w3)) ← h2 = relu(addBias(matmul(h1, w2))) ← h1 = relu(addBias(matmul(x, w1)))
        Node z = loss.inputs[0];
        Node mm3 = z.inputs[0];
        Node h2 = mm3.inputs[0];
        Node mm2 = h2.inputs[0].inputs[0];
        Node h1 = mm2.inputs[0];
        Node mm1 = h1.inputs[0].inputs[0];
        mlp.graph().hvp(loss, random(loss.size(), 1), mlp.theta(), random(mlp.theta().length, 2), new double[mlp.theta().length], null);
        assertTrue(mm3.neededByHvp && z.neededByHvp, "z̄ enters W̄3' = h2ᵀ z̄' + ḣ2ᵀ z̄");
        assertTrue(mm2.neededByHvp && h2.neededByHvp, "h̄2 is passed on to the second product");
        assertFalse(h1.neededByHvp || mm1.neededByHvp || h1.inputs[0].neededByHvp,
                "the first layer reads data: no second-order term reads its adjoints");
        for (Parameter param : mlp.graph().parameters()) {
            assertFalse(param.neededByHvp, "the gradient is never read by H v: " + param);
        }

        TestModels.Built cnn = reluFusedCnn(1);
        Node flat = cnn.loss().inputs[0].inputs[0].inputs[0];
        Node l2 = flat.inputs[0];
        Node l1 = l2.inputs[0];
        cnn.graph().hvp(cnn.loss(), random(cnn.loss().size(), 1), cnn.theta(), random(cnn.theta().length, 2),
                new double[cnn.theta().length], null);
        assertTrue(l2.neededByHvp, "the second conv multiplies two active values");
        assertFalse(l1.neededByHvp, "the first conv reads the data and its activation is piecewise linear");
    }
}
