package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.SelfCheck;
import dev.dit.autodiff.check.TestModels;
import dev.dit.autodiff.kernel.KernelsProvider;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct (stencil) convolution path against the im2col one, and against finite differences. */
class Conv2dDirectTest {

    /** x is a parameter (so its adjoint is exercised too) followed by tanh, conv, tanh, sum of squares. */
    private static Graph build(int n, int c, int h, int w, int co, int k, int pad, boolean bias, boolean xActive,
                               boolean direct, Node[] out, Input[] xIn) {
        Graph g = new Graph();
        Node x;
        if (xActive) {
            x = g.tanh(g.parameter("x", n, c, h, w));
        } else {
            xIn[0] = g.input("x", n, c, h, w);
            x = xIn[0];
        }
        Node y = g.conv2d(x, g.parameter("w", co, c, k, k), bias ? g.parameter("b", co) : null, 1, pad, direct);
        out[0] = g.sum(g.square(g.tanh(y)));
        return g;
    }

    @Test
    void directMatchesIm2colOnRandomShapes() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = { // n, c, h, w, co, k, pad
            {3, 1, 9, 7, 4, 3, 0}, {2, 2, 6, 8, 3, 3, 0}, {4, 3, 5, 5, 2, 2, 0}, {1, 1, 4, 4, 5, 1, 0}, {2, 1, 3, 6, 2, 3, 0},
            {5, 4, 7, 6, 3, 3, 0}, {3, 1, 9, 7, 4, 3, 1}, {2, 4, 6, 8, 4, 3, 1}, {4, 3, 5, 5, 2, 2, 1}, {2, 2, 4, 5, 3, 3, 2},
            {1, 1, 4, 4, 5, 1, 1}, {3, 5, 2, 3, 2, 3, 1}, {20, 4, 7, 9, 4, 5, 2}};
        for (int[] s : shapes) {
            for (int variant = 0; variant < 3; variant++) {
                boolean bias = variant != 1;
                boolean xActive = variant != 2;
                Node[] oa = new Node[1];
                Node[] ob = new Node[1];
                Input[] xa = new Input[1];
                Input[] xb = new Input[1];
                Graph a = build(s[0], s[1], s[2], s[3], s[4], s[5], s[6], bias, xActive, true, oa, xa);
                Graph b = build(s[0], s[1], s[2], s[3], s[4], s[5], s[6], bias, xActive, false, ob, xb);
                if (!xActive) {
                    for (int i = 0; i < xa[0].data().length; i++) {
                        xa[0].data()[i] = xb[0].data()[i] = r.nextGaussian();
                    }
                }
                int p = a.parameterCount();
                double[] th = TestModels.random(p, r, 0.7);
                double[] v = TestModels.random(p, r, 1.0);
                double[] seed = {1.0};
                a.forward(th);
                b.forward(th);
                close(oa[0].value(0), ob[0].value(0));
                double[] ga = new double[p];
                double[] gb = new double[p];
                a.gradient(oa[0], seed, ga);
                b.gradient(ob[0], seed, gb);
                closeAll(ga, gb);
                double[] ha = new double[p];
                double[] hb = new double[p];
                a.hvp(oa[0], seed, th, v, ha, ga);
                b.hvp(ob[0], seed, th, v, hb, gb);
                closeAll(ga, gb);
                closeAll(ha, hb);
                // tangents: the JVP of the output
                close(oa[0].tangent(0), ob[0].tangent(0));
            }
        }
    }

    @Test
    void directGradientAndHvpMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(11);
        Graph g = new Graph();
        Input x = g.input("x", 3, 1, 8, 8);
        Input y = g.input("y", 3);
        Node c1 = g.relu(g.conv2d(x, g.parameter("w1", 4, 1, 3, 3), g.parameter("b1", 4), 1, 0, true));
        Node c2 = g.tanh(g.conv2d(c1, g.parameter("w2", 2, 4, 3, 3), g.parameter("b2", 2), 1, 0, true));
        Node pool = g.maxPool2d(c2, 2, 2);
        Node flat = g.flatten(pool);
        Node z = g.matmul(flat, g.parameter("fc", flat.shape()[1], 1));
        Node loss = g.bceWithLogits(z, y);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextGaussian();
        }
        y.data()[1] = 1;
        TestModels.Built m = new TestModels.Built("conv-direct", g, loss, TestModels.random(g.parameterCount(), r, 0.5));
        SelfCheck.Row row = SelfCheck.check(m);
        assertTrue(row.gradientRelErr() < 1e-7, row.toString());
        assertTrue(row.hvpRelErr() < 1e-6, row.toString());
        assertTrue(row.directionalRelErr() < 1e-10, row.toString());
    }

    @Test
    void choosesTheDirectPathForStrideOneAndFewChannels() {
        assertTrue(conv(1, 16, 1, 0).direct, "1 input channel");
        assertTrue(conv(4, 4, 1, 1).direct, "4 → 4, padded");
        assertTrue(conv(16, 8, 1, 2).direct, "8 output channels");
        assertFalse(conv(16, 16, 1, 1).direct, "16 → 16 goes through im2col");
        assertFalse(conv(1, 4, 2, 1).direct, "stride 2 goes through im2col");
    }

    /** The paired stencils and weight-adjoint dots give the bits of two single calls (vector kernels only). */
    @Test
    void pairedStencilsEqualSingleOnesBitForBit() {
        ConvGeometry geo = new ConvGeometry("t", new int[] {1, 3, 11, 13}, new int[] {2, 3, 3, 3}, null, 1, 0);
        assertEquals(ConvGeometry.VECTOR, geo.pairs());
        if (!geo.pairs()) {
            return; // plain kernels: no paired path to compare
        }
        SplittableRandom r = new SplittableRandom(17);
        double[] src = TestModels.random(geo.imageSize(), r, 1.0);
        double[] wm = TestModels.random(2 * geo.ckk, r, 1.0);
        int sp = geo.span();
        double[] pair = new double[2 * sp];
        double[] a = new double[sp];
        double[] b = new double[sp];
        geo.stencilPair(src, 0, wm, 0, geo.ckk, pair, true);
        geo.stencil(src, 0, wm, 0, a, true);
        geo.stencil(src, 0, wm, geo.ckk, b, true);
        assertArrayEquals(a, Arrays.copyOfRange(pair, 0, sp));
        assertArrayEquals(b, Arrays.copyOfRange(pair, sp, 2 * sp));
        double[] ga = TestModels.random(sp, r, 1.0);
        double[] gb = TestModels.random(sp, r, 1.0);
        double[] lanes = new double[2 * ConvVector.DOTS_SCRATCH];
        double[] accPair = new double[2 * geo.ckk];
        double[] accOne = new double[2 * geo.ckk];
        geo.tapDotsPair(ga, 0, gb, 0, src, 0, accPair, 0, geo.ckk, lanes);
        geo.tapDots(ga, 0, src, 0, accOne, 0, lanes);
        geo.tapDots(gb, 0, src, 0, accOne, geo.ckk, lanes);
        assertArrayEquals(accOne, accPair);
    }

    private static Conv2d conv(int c, int co, int stride, int pad) {
        Graph g = new Graph();
        return (Conv2d) g.conv2d(g.input("x", 2, c, 9, 9), g.parameter("w", co, c, 3, 3), g.parameter("b", co), stride, pad);
    }

    /** A small ResNet block: padded convolutions on the direct path, a residual sum, global average pooling. */
    @Test
    void paddedResidualGradientAndHvpMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(13);
        Graph g = new Graph();
        Input x = g.input("x", 3, 1, 7, 6);
        Input y = g.input("y", 3);
        Node c1 = g.conv2d(x, g.parameter("w1", 4, 1, 3, 3), g.parameter("b1", 4), 1, 1, true);
        Node body = g.conv2d(g.tanh(g.conv2d(c1, g.parameter("w2", 4, 4, 3, 3), g.parameter("b2", 4), 1, 1, true)),
                g.parameter("w3", 4, 4, 3, 3), g.parameter("b3", 4), 1, 1, true);
        Node h = g.tanh(g.add(c1, body));
        Node z = g.matmul(g.globalAvgPool(h), g.parameter("fc", 4, 1));
        Node loss = g.bceWithLogits(z, y);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextGaussian();
        }
        y.data()[1] = 1;
        TestModels.Built m = new TestModels.Built("conv-direct-padded", g, loss, TestModels.random(g.parameterCount(), r, 0.5));
        SelfCheck.Row row = SelfCheck.check(m);
        assertTrue(row.gradientRelErr() < 1e-7, row.toString());
        assertTrue(row.hvpRelErr() < 1e-6, row.toString());
        assertTrue(row.symmetryRelErr() < 1e-10, row.toString());
        assertTrue(row.directionalRelErr() < 1e-10, row.toString());
    }

    @Test
    void paddedDirectIsBitIdenticalOnOneTwoAndThreeThreads() {
        int before = KernelsProvider.threads();
        try {
            int[][] shapes = {{64, 4, 12, 12, 4, 3, 1}, {33, 1, 9, 11, 8, 3, 1}, {17, 3, 6, 6, 2, 5, 2}, {40, 2, 8, 8, 3, 3, 0}};
            for (int[] s : shapes) {
                for (int variant = 0; variant < 2; variant++) {
                    double[][] first = null;
                    for (int threads = 1; threads <= 3; threads++) {
                        KernelsProvider.setThreads(threads);
                        double[][] got = directDerivatives(s, variant == 0);
                        if (first == null) {
                            first = got;
                            continue;
                        }
                        for (int i = 0; i < got.length; i++) {
                            assertArrayEquals(first[i], got[i], Arrays.toString(s) + ", " + threads + " threads, output " + i);
                        }
                    }
                }
            }
        } finally {
            KernelsProvider.setThreads(before);
        }
    }

    /** Loss value and its JVP, gradient and HVP, at fixed θ, v and data. */
    private static double[][] directDerivatives(int[] s, boolean xActive) {
        SplittableRandom r = new SplittableRandom(3);
        Node[] o = new Node[1];
        Input[] xi = new Input[1];
        Graph g = build(s[0], s[1], s[2], s[3], s[4], s[5], s[6], true, xActive, true, o, xi);
        if (!xActive) {
            for (int i = 0; i < xi[0].data().length; i++) {
                xi[0].data()[i] = r.nextGaussian();
            }
        }
        int p = g.parameterCount();
        double[] th = TestModels.random(p, r, 0.7);
        double[] v = TestModels.random(p, r, 1.0);
        double[] grad = new double[p];
        double[] hv = new double[p];
        g.forward(th);
        double value = o[0].value(0);
        g.gradient(o[0], new double[] {1.0}, grad);
        g.hvp(o[0], new double[] {1.0}, th, v, hv, null);
        return new double[][] {{value, o[0].tangent(0)}, grad, hv};
    }

    private static void close(double a, double b) {
        assertEquals(b, a, 1e-12 * Math.max(1.0, Math.abs(b)));
    }

    private static void closeAll(double[] a, double[] b) {
        double scale = 1.0;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-12 * scale, "entry " + i);
        }
    }
}
