package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.StepJacobian;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * The stability limits of {@link StabilityLimit} against the spectral radius of the explicit
 * linearised step map on a quadratic, at its minimum: the map is the optimizer's own
 * {@link StepJacobian} (written out column by column, with {@code H δθ} from a fixed symmetric
 * positive definite H), so the derivation of method.md §9.1 is checked against the code that the
 * estimator and the window gain use. Just below the limit the radius is below 1, just above it
 * above 1.
 */
class StabilityBoundTest {
    private static final int P = 4;

    static List<Complex_F64> eigenvalues(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, false, false);
        assertTrue(eig.decompose(m.copy()));
        List<Complex_F64> out = new ArrayList<>();
        for (int i = 0; i < m.numRows; i++) {
            out.add(eig.getEigenvalue(i));
        }
        return out;
    }

    static double spectralRadius(DMatrixRMaj m) {
        return eigenvalues(m).stream().mapToDouble(Complex_F64::getMagnitude).max().orElseThrow();
    }

    /** A seeded symmetric positive definite H with eigenvalues 0.3 … 2.5. */
    static DMatrixRMaj hessian() {
        SplittableRandom r = new SplittableRandom(7);
        DMatrixRMaj q = new DMatrixRMaj(P, P);
        for (int i = 0; i < P * P; i++) {
            q.data[i] = r.nextDouble() - 0.5;
        }
        var qr = DecompositionFactory_DDRM.qr(P, P);
        assertTrue(qr.decompose(q));
        DMatrixRMaj u = qr.getQ(null, false);
        DMatrixRMaj d = CommonOps_DDRM.diag(2.5, 1.1, 0.7, 0.3);
        DMatrixRMaj ud = new DMatrixRMaj(P, P);
        CommonOps_DDRM.mult(u, d, ud);
        DMatrixRMaj h = new DMatrixRMaj(P, P);
        CommonOps_DDRM.multTransB(ud, u, h);
        return h;
    }

    /**
     * The matrix of StepJacobian.forward at step t on the stacked state, at a minimum (g = 0, m = 0)
     * with the given second moments v after the step.
     */
    static DMatrixRMaj stepMap(OptimizerSpec spec, DMatrixRMaj h, int t, double eta, double[] v) {
        int n = P * (1 + spec.stateVectors());
        StepJacobian j = new StepJacobian(spec, P);
        OptimizerState after = new OptimizerState(spec, P);
        if (v != null) {
            System.arraycopy(v, 0, after.vector(1), 0, P);
        }
        j.prepare(t, eta, 0.0, new double[P], after);
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int c = 0; c < n; c++) {
            double[] dTheta = new double[P];
            double[][] dState = new double[spec.stateVectors()][P];
            if (c < P) {
                dTheta[c] = 1;
            } else {
                dState[c / P - 1][c % P] = 1;
            }
            double[] hd = new double[P];
            for (int i = 0; i < P; i++) {
                for (int k = 0; k < P; k++) {
                    hd[i] += h.get(i, k) * dTheta[k];
                }
            }
            j.forward(dTheta, dState, hd, null);
            for (int i = 0; i < P; i++) {
                m.set(i, c, dTheta[i]);
                for (int s = 0; s < dState.length; s++) {
                    m.set((s + 1) * P + i, c, dState[s][i]);
                }
            }
        }
        return m;
    }

    /** λ_max of the matrix the limit speaks of: H, or D H for Adam (D from v at step t). */
    static double lambdaMax(OptimizerSpec spec, DMatrixRMaj h, int t, double[] v) {
        DMatrixRMaj m = h.copy();
        if (v != null) {
            int k = t + 1;
            for (int i = 0; i < P; i++) {
                double d = 1 / ((1 - Math.pow(spec.beta1(), k))
                        * (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(spec.beta2(), k)) + spec.eps()));
                for (int c = 0; c < P; c++) {
                    m.set(i, c, d * h.get(i, c));
                }
            }
        }
        return eigenvalues(m).stream().mapToDouble(z -> z.real).max().orElseThrow();
    }

    private static void limitIsWhereTheRadiusCrossesOne(String optimizer, double[] v) {
        OptimizerSpec spec = OptimizerSpec.parse(optimizer);
        DMatrixRMaj h = hessian();
        int t = 50;
        double lambda = lambdaMax(spec, h, t, v);
        double eta = 1.0;
        // AdamW's limit depends on η; fixed-point iterate η = limit(η)·(1∓ε)/λ to find the boundary.
        for (double side : new double[] {1 - 1e-3, 1 + 1e-3}) {
            for (int it = 0; it < 50; it++) {
                eta = side * StabilityLimit.of(spec, t, eta) / lambda;
            }
            double radius = spectralRadius(stepMap(spec, h, t, eta, v));
            if (side < 1) {
                assertTrue(radius < 1, optimizer + ": radius " + radius + " just below the limit");
            } else {
                assertTrue(radius > 1, optimizer + ": radius " + radius + " just above the limit");
            }
        }
    }

    @Test
    void sgd() {
        limitIsWhereTheRadiusCrossesOne("sgd", null);
    }

    @Test
    void heavyBallMomentum() {
        limitIsWhereTheRadiusCrossesOne("momentum:0.9", null);
        limitIsWhereTheRadiusCrossesOne("momentum:0.5", null);
    }

    @Test
    void nesterov() {
        limitIsWhereTheRadiusCrossesOne("nesterov:0.9", null);
        limitIsWhereTheRadiusCrossesOne("nesterov:0.3", null);
    }

    @Test
    void adamAndAdamwWithFrozenSecondMoments() {
        double[] v = {1e-4, 4e-2, 1e-6, 0.3};
        limitIsWhereTheRadiusCrossesOne("adam", v);
        limitIsWhereTheRadiusCrossesOne("adam:0.5,0.99,1e-3", v);
        limitIsWhereTheRadiusCrossesOne("adamw:0.9,0.999,1e-8,0.5", v);
    }

    @Test
    void limitsHaveTheDerivedValues() {
        assertEquals(2.0, StabilityLimit.of(OptimizerSpec.SGD, 9, 0.1), 0.0);
        assertEquals(3.8, StabilityLimit.of(OptimizerSpec.parse("momentum:0.9"), 9, 0.1), 1e-15);
        assertEquals(3.8 / 2.8, StabilityLimit.of(OptimizerSpec.parse("nesterov:0.9"), 9, 0.1), 1e-15);
        assertEquals(38, StabilityLimit.of(OptimizerSpec.parse("adam"), 9, 0.1), 1e-12);
        assertEquals(2.0, StabilityLimit.of(OptimizerSpec.parse("momentum:0.9"), 0, 0.1), 0.0);
    }
}
