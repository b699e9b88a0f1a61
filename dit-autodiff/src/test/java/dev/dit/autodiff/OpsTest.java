package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.FiniteDifferences;
import dev.dit.autodiff.check.SelfCheck;
import dev.dit.autodiff.check.TestModels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OpsTest {

    @Test
    void strideTwoPaddedConvolutionWithReluAndPooling() {
        SplittableRandom r = new SplittableRandom(21);
        Graph g = new Graph();
        Input x = g.input("x", 2, 2, 9, 9);
        Input y = g.input("y", 2);
        Node c = g.relu(g.conv2d(x, g.parameter("w", 3, 2, 3, 3), g.parameter("b", 3), 2, 1));
        Node pool = g.maxPool2d(c, 2, 1);
        Node flat = g.flatten(pool);
        Node z = g.matmul(flat, g.parameter("fc", flat.shape()[1], 1));
        Node loss = g.bceWithLogits(z, y);
        assertArrayEquals(new int[] {2, 3, 5, 5}, c.shape());
        assertArrayEquals(new int[] {2, 3, 4, 4}, pool.shape());
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextGaussian();
        }
        y.data()[1] = 1;
        TestModels.Built m = new TestModels.Built("conv-stride2", g, loss, TestModels.random(g.parameterCount(), r, 0.5));
        SelfCheck.Row row = SelfCheck.check(m);
        assertTrue(row.gradientRelErr() < 1e-7, row.toString());
        assertTrue(row.hvpRelErr() < 1e-6, row.toString());
        assertTrue(row.directionalRelErr() < 1e-10, row.toString());
    }

    private static void assertArrayEquals(int[] expected, int[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    @Test
    void convolutionMatchesDirectLoops() {
        SplittableRandom r = new SplittableRandom(4);
        Graph g = new Graph();
        Input x = g.input("x", 2, 3, 6, 5);
        Node out = g.conv2d(x, g.parameter("w", 4, 3, 3, 2), g.parameter("b", 4), 2, 1);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextGaussian();
        }
        double[] th = TestModels.random(g.parameterCount(), r, 1);
        g.forward(th);
        int[] s = out.shape();
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 4; o++) {
                for (int i = 0; i < s[2]; i++) {
                    for (int j = 0; j < s[3]; j++) {
                        double ref = th[4 * 3 * 3 * 2 + o];
                        for (int c = 0; c < 3; c++) {
                            for (int a = 0; a < 3; a++) {
                                for (int bb = 0; bb < 2; bb++) {
                                    int ih = i * 2 - 1 + a;
                                    int iw = j * 2 - 1 + bb;
                                    if (ih >= 0 && ih < 6 && iw >= 0 && iw < 5) {
                                        ref += x.data()[((n * 3 + c) * 6 + ih) * 5 + iw] * th[((o * 3 + c) * 3 + a) * 2 + bb];
                                    }
                                }
                            }
                        }
                        assertEquals(ref, out.value(((n * 4 + o) * s[2] + i) * s[3] + j), 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void lossesAreStableForExtremeLogits() {
        Graph g = new Graph();
        Input z = g.input("z", 3, 2);
        Input y = g.input("y", 3);
        Node bias = g.parameter("b", 2);
        Node logits = g.addBias(z, bias);
        Node ce = g.softmaxCrossEntropy(logits, y);
        double[] zs = {1000, -1000, -800, 800, 0, 0};
        System.arraycopy(zs, 0, z.data(), 0, 6);
        y.data()[0] = 1;
        y.data()[1] = 1;
        y.data()[2] = 0;
        g.forward(new double[2]);
        assertEquals(2000, ce.value(0), 1e-9);
        assertEquals(0, ce.value(1), 1e-12);
        assertEquals(Math.log(2), ce.value(2), 1e-15);

        Graph g2 = new Graph();
        Input z2 = g2.input("z", 2);
        Input y2 = g2.input("y", 2);
        Node b2 = g2.parameter("b", 1);
        Node bce = g2.bceWithLogits(g2.addBias(g2.reshape(z2, 2, 1), b2), y2);
        z2.data()[0] = 800;
        z2.data()[1] = -800;
        y2.data()[0] = 0;
        y2.data()[1] = 0;
        g2.forward(new double[1]);
        assertEquals(800, bce.value(0), 1e-9);
        assertEquals(0, bce.value(1), 1e-300);
    }

    @Test
    void shapeMismatchNamesTheOperationAndBothShapes() {
        Graph g = new Graph();
        Input x = g.input("x", 4, 3);
        Node w = g.parameter("w", 5, 2);
        ShapeException e = assertThrows(ShapeException.class, () -> g.matmul(x, w));
        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
        assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("[5, 2]"), e.getMessage());

        ShapeException e2 = assertThrows(ShapeException.class, () -> g.add(x, w));
        assertTrue(e2.getMessage().startsWith("add:") && e2.getMessage().contains("[4, 3]"), e2.getMessage());

        ShapeException e3 = assertThrows(ShapeException.class,
                () -> g.conv2d(g.input("img", 1, 2, 5, 5), g.parameter("k", 3, 1, 3, 3), null, 1, 0));
        assertTrue(e3.getMessage().startsWith("conv2d:") && e3.getMessage().contains("[3, 1, 3, 3]"), e3.getMessage());

        Node ok = g.matmul(x, g.parameter("w2", 3, 2));
        ShapeException e4 = assertThrows(ShapeException.class, () -> g.forward(new double[3]));
        assertTrue(e4.getMessage().contains("θ has 3"), e4.getMessage());
        assertEquals(2, ok.shape()[1]);
    }

    @Test
    void reductionsAlongAxesMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(8);
        Graph g = new Graph();
        Input x = g.input("x", 2, 3, 4);
        Node a = g.parameter("a", 4);
        Node t = g.tanh(g.addBias(x, a));
        Node s0 = g.sum(t, 0);
        Node m1 = g.mean(s0, 0);
        Node s2 = g.sum(g.square(m1));
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextGaussian();
        }
        double[] th = TestModels.random(4, r, 1);
        double[] grad = new double[4];
        g.forward(th);
        g.gradient(s2, new double[] {1}, grad);
        double[] fd = FiniteDifferences.gradient(g, s2, new double[] {1}, th, 1e-6);
        assertTrue(FiniteDifferences.relativeError(grad, fd, 1e-9) < 1e-8);
        assertArrayEquals(new int[] {4}, m1.shape());
    }
}
