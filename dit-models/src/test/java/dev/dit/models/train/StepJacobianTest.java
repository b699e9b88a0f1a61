package dev.dit.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The linearised step against central finite differences of the real step on a quadratic problem
 * (loss gradient {@code A θ − c}, so H = A exactly), and its transpose against the forward map
 * ({@code ⟨λ, J δ⟩ = ⟨Jᵀ λ, δ⟩}).
 */
class StepJacobianTest {
    private static final int P = 3;
    private static final double[][] A = {{2.0, 0.5, 0.1}, {0.5, 1.0, -0.3}, {0.1, -0.3, 1.5}};
    private static final double[] C = {1.0, -3.0, 0.5};
    private static final double LR = 0.05;
    private static final double ALPHA = 0.02;

    private static double[] times(double[] x) {
        double[] y = new double[P];
        for (int i = 0; i < P; i++) {
            for (int k = 0; k < P; k++) {
                y[i] += A[i][k] * x[k];
            }
        }
        return y;
    }

    private static double[] lossGrad(double[] theta) {
        double[] g = times(theta);
        for (int i = 0; i < P; i++) {
            g[i] -= C[i];
        }
        return g;
    }

    /** θ and state after {@code steps} real steps from a fixed start. */
    private static OptimizerState warm(OptimizerSpec spec, double[] theta, int steps) {
        OptimizerState s = new OptimizerState(spec, P);
        for (int t = 0; t < steps; t++) {
            Optimizer.apply(spec, theta, s, lossGrad(theta), LR, ALPHA);
        }
        return s;
    }

    /** Φ(s + h δs, g + h e): the real step from a perturbed state and gradient. */
    private static double[] perturbedStep(OptimizerSpec spec, double[] theta, OptimizerState s, double[] dTheta,
                                          double[][] dState, double[] e, double h, double[][] stateOut) {
        double[] th = theta.clone();
        OptimizerState ps = new OptimizerState(spec, P);
        ps.copyFrom(s);
        for (int i = 0; i < P; i++) {
            th[i] += h * dTheta[i];
            for (int v = 0; v < ps.size(); v++) {
                ps.vector(v)[i] += h * dState[v][i];
            }
        }
        double[] g = lossGrad(th);
        for (int i = 0; i < P; i++) {
            g[i] += h * e[i];
        }
        Optimizer.apply(spec, th, ps, g, LR, ALPHA);
        for (int v = 0; v < ps.size(); v++) {
            stateOut[v] = ps.vector(v).clone();
        }
        return th;
    }

    @ParameterizedTest
    @CsvSource({"sgd,2", "momentum:0.9,0", "momentum:0.9,3", "nesterov:0.8,0", "nesterov:0.8,4", "adam,0", "adam,5",
                "'adam:0.5,0.9,1e-3',2", "'adamw:0.9,0.99,1e-8,0.1',3"})
    void forwardMatchesFiniteDifferencesAndTheAdjointIsItsTranspose(String text, int t) {
        OptimizerSpec spec = OptimizerSpec.parse(text);
        double[] theta = {0.3, -0.7, 0.2};
        OptimizerState s = warm(spec, theta, t);
        Random r = new Random(t * 31L + text.length());
        int k = spec.stateVectors();
        double[] dTheta = gaussian(r);
        double[][] dState = new double[k][];
        for (int v = 0; v < k; v++) {
            dState[v] = gaussian(r);
        }
        if (k == 2) {
            dState[1] = new double[P]; // keep v + hδv positive for any h: δv = 0 at the start
            if (t > 0) {
                for (int i = 0; i < P; i++) {
                    dState[1][i] = 0.1 * s.vector(1)[i] * r.nextGaussian();
                }
            }
        }
        double[] e = gaussian(r);
        // the linearisation
        OptimizerState after = new OptimizerState(spec, P);
        double[] next = theta.clone();
        after.copyFrom(s);
        double[] g = lossGrad(theta);
        Optimizer.apply(spec, next, after, g, LR, ALPHA);
        double[] fullG = g.clone();
        for (int i = 0; i < P; i++) {
            fullG[i] += ALPHA * theta[i];
        }
        StepJacobian jac = new StepJacobian(spec, P);
        jac.prepare(t, LR, ALPHA, fullG, after);
        double[] lin = dTheta.clone();
        double[][] linState = new double[k][];
        for (int v = 0; v < k; v++) {
            linState[v] = dState[v].clone();
        }
        jac.forward(lin, linState, times(dTheta), e);
        // central differences of the real step
        double h = 1e-6;
        double[][] sp = new double[k][];
        double[][] sm = new double[k][];
        double[] plus = perturbedStep(spec, theta, s, dTheta, dState, e, h, sp);
        double[] minus = perturbedStep(spec, theta, s, dTheta, dState, e, -h, sm);
        for (int i = 0; i < P; i++) {
            double fd = (plus[i] - minus[i]) / (2 * h);
            assertEquals(fd, lin[i], 1e-7 * Math.max(1, Math.abs(fd)), "δθ[" + i + "]");
            for (int v = 0; v < k; v++) {
                double fdv = (sp[v][i] - sm[v][i]) / (2 * h);
                assertEquals(fdv, linState[v][i], 1e-7 * Math.max(1, Math.abs(fdv)), "δstate" + v + "[" + i + "]");
            }
        }
        // the transpose: ⟨λ', J δ + (∂Φ/∂g) e⟩ = ⟨Jᵀ λ', δ⟩ + ⟨γ, e⟩
        double[] lTheta = gaussian(r);
        double[][] lState = new double[k][];
        for (int v = 0; v < k; v++) {
            lState[v] = gaussian(r);
        }
        double lhs = dot(lTheta, lin);
        for (int v = 0; v < k; v++) {
            lhs += dot(lState[v], linState[v]);
        }
        double[] gamma = new double[P];
        jac.gradientAdjoint(lTheta, lState, gamma);
        jac.finishAdjoint(lTheta, gamma, times(gamma));
        double rhs = dot(lTheta, dTheta) + dot(gamma, e);
        for (int v = 0; v < k; v++) {
            rhs += dot(lState[v], dState[v]);
        }
        assertEquals(lhs, rhs, 1e-13 * Math.max(1, Math.abs(lhs)), "adjoint identity");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"adam", "adamw:0.9,0.99,1e-6,0.05"})
    void preparingFromTheMomentsIsPreparingWithTheRecoveredGradientBitForBit(String optimizer) {
        OptimizerSpec spec = OptimizerSpec.parse(optimizer);
        int p = 257; // not a multiple of any vector width
        Random r = new Random(11);
        OptimizerState before = new OptimizerState(spec, p);
        OptimizerState after = new OptimizerState(spec, p);
        for (int i = 0; i < p; i++) {
            before.vector(0)[i] = r.nextGaussian() * 1e-2;
            before.vector(1)[i] = i % 17 == 0 ? 0.0 : Math.abs(r.nextGaussian()) * 1e-4;
            double g = i % 17 == 0 ? 0.0 : r.nextGaussian() * 1e-1;
            after.vector(0)[i] = 0.9 * before.vector(0)[i] + 0.1 * g;
            after.vector(1)[i] = spec.beta2() * before.vector(1)[i] + (1 - spec.beta2()) * g * g;
        }
        double[] lTheta = new double[p];
        double[][] lState = new double[2][p];
        for (int i = 0; i < p; i++) {
            lTheta[i] = r.nextGaussian();
            lState[0][i] = r.nextGaussian();
            lState[1][i] = r.nextGaussian();
        }
        int t = 6;
        // two passes: recover g_t, prepare, then the adjoint
        double[] g = new double[p];
        for (int i = 0; i < p; i++) {
            g[i] = (after.vector(0)[i] - spec.beta1() * before.vector(0)[i]) * (1 / (1 - spec.beta1()));
        }
        StepJacobian two = new StepJacobian(spec, p);
        two.prepare(t, LR, ALPHA, g, after);
        double[] l2 = lTheta.clone();
        double[][] s2 = {lState[0].clone(), lState[1].clone()};
        double[] gamma2 = new double[p];
        two.gradientAdjoint(l2, s2, gamma2);
        two.finishAdjoint(l2, gamma2, gamma2);
        // g_t recovered inside prepareFromMoments
        StepJacobian one = new StepJacobian(spec, p);
        double[] l1 = lTheta.clone();
        double[][] s1 = {lState[0].clone(), lState[1].clone()};
        double[] gamma1 = new double[p];
        one.prepareFromMoments(t, LR, ALPHA, before, after);
        one.gradientAdjoint(l1, s1, gamma1);
        one.finishAdjoint(l1, gamma1, gamma1);
        org.junit.jupiter.api.Assertions.assertArrayEquals(gamma2, gamma1, 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(l2, l1, 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(s2[0], s1[0], 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(s2[1], s1[1], 0.0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new StepJacobian(
                OptimizerSpec.parse("momentum:0.9"), p).prepareFromMoments(t, LR, ALPHA, before, after));
        // the fused pass (the kernels chosen at start-up), moments read at offsets of packed vectors
        double[] packedBefore = new double[2 * p];
        double[] packedAfter = new double[2 * p];
        before.pack(packedBefore);
        after.pack(packedAfter);
        StepJacobian fused = new StepJacobian(spec, p);
        double[] l3 = lTheta.clone();
        double[][] s3 = {lState[0].clone(), lState[1].clone()};
        double[] gamma3 = new double[p];
        fused.adamAdjoint(t, LR, ALPHA, packedBefore, 0, packedAfter, 0, packedAfter, p, l3, s3, gamma3);
        fused.finishAdjoint(l3, gamma3, gamma3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(gamma2, gamma3, 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(l2, l3, 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(s2[0], s3[0], 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(s2[1], s3[1], 0.0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> new StepJacobian(
                OptimizerSpec.parse("nesterov:0.9"), p).adamAdjoint(t, LR, ALPHA, packedBefore, 0, packedAfter, 0,
                packedAfter, p, l3, s3, gamma3));
    }

    @org.junit.jupiter.api.Test
    void aCoordinateWhoseSecondMomentIsZeroHasNoSecondMomentPath() {
        OptimizerSpec spec = OptimizerSpec.parse("adam");
        OptimizerState after = new OptimizerState(spec, P);
        after.vector(0)[1] = 1e-3; // coordinates 0 and 2 never had a gradient: m' = v' = 0
        after.vector(1)[1] = 1e-6;
        StepJacobian jac = new StepJacobian(spec, P);
        jac.prepare(3, LR, 0.0, new double[P], after);
        double[] dTheta = {0, 0, 0};
        double[][] dState = {{0, 0, 0}, {1, 1, 1}}; // only δv is non-zero
        jac.forward(dTheta, dState, new double[P], null);
        assertEquals(0.0, dTheta[0], 0.0, "b = 0 where v' = 0");
        assertEquals(0.0, dTheta[2], 0.0, "b = 0 where v' = 0");
        double sigma = LR / (1 - Math.pow(0.9, 4));
        double c2 = Math.sqrt(1 - Math.pow(0.999, 4));
        double d = 1e-3 / c2 + 1e-8;
        double expected = sigma * 1e-3 / (2 * c2 * 1e-3 * d * d) * (0.999 * 1);
        assertEquals(expected, dTheta[1], 1e-12 * Math.abs(expected), "b where v' > 0");
    }

    private static double[] gaussian(Random r) {
        double[] x = new double[P];
        for (int i = 0; i < P; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
