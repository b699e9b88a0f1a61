package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.FiniteDifferences;
import dev.dit.autodiff.check.TestModels;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class HessianTest {

    /** H = Xᵀ D X / n + α I for logistic regression (bias folded in as a column of ones). */
    @Test
    void logisticRegressionHessianMatchesClosedForm() {
        int n = 40;
        int d = 6;
        double alpha = 0.03;
        SplittableRandom r = new SplittableRandom(7);
        Graph g = new Graph();
        Input x = g.input("x", n, d);
        Input y = g.input("y", n);
        Node w = g.parameter("w", d, 1);
        Node b = g.parameter("b", 1);
        Node loss = g.bceWithLogits(g.addBias(g.matmul(x, w), b), y);
        // The L2 term as part of the graph: α/2 · Σ w² + α/2 · b², added to the mean loss.
        Input halfAlphaW = g.input("halfAlphaW", d, 1);
        Input halfAlphaB = g.input("halfAlphaB", 1);
        java.util.Arrays.fill(halfAlphaW.data(), alpha / 2);
        java.util.Arrays.fill(halfAlphaB.data(), alpha / 2);
        Node reg = g.add(g.sum(g.mul(g.square(w), halfAlphaW)), g.sum(g.mul(g.square(b), halfAlphaB)));
        Node total = g.add(g.mean(loss), reg);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y.data()[i] = r.nextInt(2);
        }
        int p = g.parameterCount();
        double[] theta = TestModels.random(p, r, 0.5);

        // closed form with EJML
        DMatrixRMaj xa = new DMatrixRMaj(n, p);
        DMatrixRMaj dx = new DMatrixRMaj(n, p);
        for (int i = 0; i < n; i++) {
            double z = theta[d];
            for (int j = 0; j < d; j++) {
                z += x.data()[i * d + j] * theta[j];
            }
            double s = 1 / (1 + Math.exp(-z));
            for (int j = 0; j < p; j++) {
                double xij = j < d ? x.data()[i * d + j] : 1.0;
                xa.set(i, j, xij);
                dx.set(i, j, s * (1 - s) * xij);
            }
        }
        DMatrixRMaj h = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multTransA(xa, dx, h);
        CommonOps_DDRM.scale(1.0 / n, h);
        for (int j = 0; j < p; j++) {
            h.add(j, j, alpha);
        }

        double[] e = new double[p];
        double[] col = new double[p];
        for (int j = 0; j < p; j++) {
            e[j] = 1;
            g.hvp(total, new double[] {1}, theta, e, col, null);
            e[j] = 0;
            for (int i = 0; i < p; i++) {
                assertEquals(h.get(i, j), col[i], 1e-13, "H[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void fullHessianOfTinyMlpAndCnnMatchesFiniteDifferences() {
        for (TestModels.Built m : new TestModels.Built[] {
            TestModels.all().get("mlp-tanh-softplus").apply(11L),
            TestModels.all().get("cnn-tanh-sigmoid").apply(12L),
            TestModels.all().get("cnn-fused-layers").apply(13L)}) {
            Graph g = m.graph();
            int p = g.parameterCount();
            double[] seed = new double[m.loss().size()];
            java.util.Arrays.fill(seed, 1.0 / seed.length);
            double[][] hv = new double[p][];
            double[][] fd = new double[p][];
            double[] e = new double[p];
            for (int j = 0; j < p; j++) {
                e[j] = 1;
                hv[j] = new double[p];
                g.hvp(m.loss(), seed, m.theta(), e, hv[j], null);
                fd[j] = FiniteDifferences.hvp(g, m.loss(), seed, m.theta(), e, 1e-5);
                e[j] = 0;
            }
            double maxAbs = 0;
            double maxErr = 0;
            double maxAsym = 0;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    maxAbs = Math.max(maxAbs, Math.abs(fd[j][i]));
                    maxErr = Math.max(maxErr, Math.abs(hv[j][i] - fd[j][i]));
                    maxAsym = Math.max(maxAsym, Math.abs(hv[j][i] - hv[i][j]));
                }
            }
            assertTrue(maxErr / maxAbs < 1e-7, m.name() + " relative error " + maxErr / maxAbs);
            assertTrue(maxAsym / maxAbs < 1e-12, m.name() + " asymmetry " + maxAsym / maxAbs);
        }
    }

    @Test
    void hvpIsLinearInTheDirection() {
        TestModels.Built m = TestModels.all().get("cnn-tanh-sigmoid").apply(5L);
        int p = m.theta().length;
        SplittableRandom r = new SplittableRandom(3);
        double[] u = TestModels.random(p, r, 1);
        double[] v = TestModels.random(p, r, 1);
        double[] seed = TestModels.random(m.loss().size(), r, 1);
        double a = 0.7;
        double c = -1.9;
        double[] w = new double[p];
        for (int i = 0; i < p; i++) {
            w[i] = a * u[i] + c * v[i];
        }
        double[] hu = new double[p];
        double[] hvv = new double[p];
        double[] hw = new double[p];
        m.graph().hvp(m.loss(), seed, m.theta(), u, hu, null);
        m.graph().hvp(m.loss(), seed, m.theta(), v, hvv, null);
        m.graph().hvp(m.loss(), seed, m.theta(), w, hw, null);
        double scale = 0;
        for (int i = 0; i < p; i++) {
            scale = Math.max(scale, Math.abs(hw[i]));
        }
        for (int i = 0; i < p; i++) {
            assertEquals(a * hu[i] + c * hvv[i], hw[i], 1e-12 * scale);
        }
    }

    @Test
    void repeatedEvaluationGivesIdenticalResults() {
        TestModels.Built m = TestModels.all().get("mlp-tanh-softplus").apply(9L);
        int p = m.theta().length;
        double[] v = TestModels.random(p, new SplittableRandom(1), 1);
        double[] seed = TestModels.random(m.loss().size(), new SplittableRandom(2), 1);
        double[] h1 = new double[p];
        double[] g1 = new double[p];
        double[] h2 = new double[p];
        double[] g2 = new double[p];
        m.graph().hvp(m.loss(), seed, m.theta(), v, h1, g1);
        // a different evaluation in between must not leak into the next one
        m.graph().hvp(m.loss(), seed, TestModels.random(p, new SplittableRandom(4), 1), seed.length > 0 ? v : v, h2, g2);
        m.graph().hvp(m.loss(), seed, m.theta(), v, h2, g2);
        assertArrayEquals(h1, h2);
        assertArrayEquals(g1, g2);
        double[] g3 = new double[p];
        m.graph().forward(m.theta());
        m.graph().gradient(m.loss(), seed, g3);
        assertArrayEquals(g1, g3, "the HVP's gradient equals the plain gradient");
    }
}
