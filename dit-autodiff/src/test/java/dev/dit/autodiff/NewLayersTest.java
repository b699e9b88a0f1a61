package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.FiniteDifferences;
import dev.dit.autodiff.check.SelfCheck;
import dev.dit.autodiff.check.TestModels;
import dev.dit.autodiff.kernel.KernelsProvider;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The ops behind the layer language's newer layers (GELU, ELU, leaky ReLU, average and global
 * average pooling, layer normalisation, residual additions): gradient and HVP against central
 * finite differences, HVP symmetry, the batched per-sample directional derivatives against one
 * gradient per sample, and bit-identical results on 1, 2 and 3 kernel threads. Also run on the
 * plain kernels (see the surefire execution {@code plain-kernels}).
 */
class NewLayersTest {
    private final int savedThreads = KernelsProvider.threads();

    @AfterEach
    void restore() {
        KernelsProvider.setThreads(savedThreads);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void derivativesMatchFiniteDifferences(long seed) {
        for (LongFunction<TestModels.Built> make : new LongFunction[] {
                TestModels::residualCnn, TestModels::layerNormMlp}) {
            SelfCheck.Row row = SelfCheck.check(make.apply(seed));
            String msg = row + " on " + KernelsProvider.get().name();
            assertTrue(row.gradientRelErr() <= 1e-6, msg);
            assertTrue(row.hvpRelErr() <= 1e-6, msg);
            assertTrue(row.symmetryRelErr() <= 1e-10, msg);
            assertTrue(row.directionalRelErr() <= 1e-12, msg);
        }
    }

    @Test
    void gradientAndHvpAreBitIdenticalOnOneTwoAndThreeThreads() {
        for (LongFunction<TestModels.Built> make : new LongFunction[] {
                TestModels::residualCnn, TestModels::layerNormMlp}) {
            double[][] one = run(make, 1);
            for (int t : new int[] {2, 3}) {
                double[][] other = run(make, t);
                assertArrayEquals(one[0], other[0], "gradient on " + t + " threads");
                assertArrayEquals(one[1], other[1], "HVP on " + t + " threads");
                assertArrayEquals(one[2], other[2], "per-sample tangents on " + t + " threads");
            }
        }
    }

    private static double[][] run(LongFunction<TestModels.Built> make, int threads) {
        KernelsProvider.setThreads(threads);
        TestModels.Built m = make.apply(5);
        int p = m.theta().length;
        double[] seed = TestModels.random(m.loss().size(), new SplittableRandom(1), 1);
        double[] v = TestModels.random(p, new SplittableRandom(2), 1);
        double[] grad = new double[p];
        double[] hv = new double[p];
        m.graph().hvp(m.loss(), seed, m.theta(), v, hv, grad);
        double[] tangents = new double[m.loss().size()];
        m.loss().copyTangent(tangents, 0);
        return new double[][] {grad, hv, tangents};
    }

    @Test
    void geluIsTheErfFormAndItsDerivativesAreConsistent() {
        // Φ at known points (0.5 erfc(-x/√2) from CPython's math.erfc), relative error at most 1e-14
        assertEquals(0.5, NormalCdf.cdf(0), 0);
        assertEquals(0.8413447460685429, NormalCdf.cdf(1), 2e-16);
        assertEquals(0.02275013194817922, NormalCdf.cdf(-2), 1e-14 * 0.0228);
        assertEquals(1.3498980316300957e-3, NormalCdf.cdf(-3), 1e-14 * 1.35e-3);
        assertEquals(2.866515718791946e-7, NormalCdf.cdf(-5), 1e-14 * 2.87e-7);
        assertEquals(0.9937903346742238, NormalCdf.cdf(2.5), 2e-16);
        // near the series / continued-fraction split both sides agree with a central difference of Φ
        for (double x = -8; x <= 8; x += 0.37) {
            double h = 1e-5;
            double fd = (NormalCdf.cdf(x + h) - NormalCdf.cdf(x - h)) / (2 * h);
            assertEquals(NormalCdf.pdf(x), fd, 1e-8 * NormalCdf.pdf(x) + 1e-11, "φ at " + x); // Φ near 1 costs 1e-11
        }
        Graph g = new Graph();
        Input x = g.input("x", 1);
        Node p = g.parameter("p", 1);
        Node y = g.sum(g.gelu(g.add(x, p)));
        double[] hv = new double[1];
        for (double at : new double[] {-6, -1.3, -0.2, 0.4, 1.77, 3.5}) {
            double[] theta = {at};
            double fd = FiniteDifferences.hvp(g, y, new double[] {1}, theta, new double[] {1}, 1e-5)[0];
            g.hvp(y, new double[] {1}, theta, new double[] {1}, hv, null);
            assertEquals(fd, hv[0], 1e-8, "GELU'' at " + at);
            g.forward(theta);
            assertEquals(at * NormalCdf.cdf(at), y.value(0), 1e-16);
        }
    }

    @Test
    void layerNormNormalisesEachSampleOnItsOwn() {
        Graph g = new Graph();
        Input x = g.input("x", 2, 4);
        Node out = g.layerNorm(x, null, null, 0);
        double[] rows = {1, 2, 3, 4, -5, 0, 5, 10};
        System.arraycopy(rows, 0, x.data(), 0, 8);
        g.forward(new double[0]);
        double s = Math.sqrt(1.25);
        assertArrayEquals(new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, values(out, 0, 4), 1e-15);
        double s2 = Math.sqrt(31.25);
        assertArrayEquals(new double[] {-7.5 / s2, -2.5 / s2, 2.5 / s2, 7.5 / s2}, values(out, 4, 4), 1e-15);
    }

    @Test
    void averagePoolingWithOverlappingWindows() {
        Graph g = new Graph();
        Input x = g.input("x", 1, 1, 3, 3);
        Node out = g.avgPool2d(x, 2, 1);
        Node gap = g.globalAvgPool(x);
        for (int i = 0; i < 9; i++) {
            x.data()[i] = i;
        }
        g.forward(new double[0]);
        assertArrayEquals(new int[] {1, 1, 2, 2}, out.shape());
        assertArrayEquals(new double[] {2, 3, 5, 6}, values(out, 0, 4), 0);
        assertArrayEquals(new int[] {1, 1}, gap.shape());
        assertEquals(4.0, gap.value(0), 0);
    }

    private static double[] values(Node n, int from, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = n.value(from + i);
        }
        return v;
    }
}
