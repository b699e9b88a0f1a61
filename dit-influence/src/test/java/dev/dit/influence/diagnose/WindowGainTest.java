package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.LearningRate;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/** The window gain by Lanczos on MᵀM against EJML's SVD of the explicit product of (I − η_t H_t). */
class WindowGainTest {

    /** The explicit M = Π_{t=t1}^{t2−1} (I − η_t H_t), H_t from HVP columns at the replayed θ_t. */
    static DMatrixRMaj explicitProduct(Run run, Window w) {
        int p = run.model().parameterCount();
        Evaluator ev = new Evaluator(run.model());
        DMatrixRMaj m = CommonOps_DDRM.identity(p);
        for (int t = w.start(); t < w.end(); t++) {
            double[] theta = new double[p];
            run.replay().theta(t, theta);
            DMatrixRMaj h = TinyModels.explicit(
                    new BatchHessian(ev, run.train(), run.trajectory().batch(t), theta, run.trajectory().alpha()), p);
            DMatrixRMaj j = CommonOps_DDRM.identity(p);
            CommonOps_DDRM.addEquals(j, -run.trajectory().learningRate(t), h);
            DMatrixRMaj next = new DMatrixRMaj(p, p);
            CommonOps_DDRM.mult(j, m, next); // later factors on the left
            m = next;
        }
        return m;
    }

    static double[] singularValuesDescending(DMatrixRMaj m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m.numRows, m.numCols, false, false, true);
        assertTrue(svd.decompose(m.copy()));
        double[] s = svd.getSingularValues().clone();
        java.util.Arrays.sort(s);
        double[] d = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = s[s.length - 1 - i];
        }
        return d;
    }

    private static void gainMatchesSvd(Run run, Window w) {
        double[] sv = singularValuesDescending(explicitProduct(run, w));
        WindowGain.Gain g = new WindowGain(run, new WindowGain.Options(3000, 1e-12, 3)).of(w, Progress.NONE);
        System.out.printf("window %s: σ1 = %.6g, σ2 = %.6g, Lanczos %.12g after %d iterations%n",
                w, sv[0], sv[1], g.gain(), g.iterations());
        assertTrue(g.converged(), "not converged: " + g);
        assertEquals(sv[0], g.gain(), 1e-8 * sv[0], "gain of " + w);
        assertTrue(g.log10RandomGrowth() <= g.log10Gain() + 1e-12, "a random vector grows by at most the gain");
        assertEquals(2L * w.length() * g.iterations(), g.products(), "one HVP per step and pass");
    }

    @Test
    void tanhMlpEpochWindowMatchesSvdOfTheExplicitProduct() {
        Run run = CurvatureTest.run("mlp:4:tanh", 0.5, LearningRate.CONSTANT, 0.01);
        gainMatchesSvd(run, new Window("epoch2", 4, 8));
    }

    @Test
    void reluMlpFullWindowMatchesSvdOfTheExplicitProduct() {
        Run run = CurvatureTest.run("mlp:4", 0.3, LearningRate.SQRT, 0.0);
        gainMatchesSvd(run, new Window("full", 0, 12));
    }

    @Test
    void stableLogregContractsAndUnstableLogregAmplifies() {
        Window first = new Window("epoch1", 0, 4);
        WindowGain.Options o = new WindowGain.Options(200, 1e-9, 0);
        WindowGain.Gain stable = new WindowGain(CurvatureTest.run("logreg", 0.1, LearningRate.CONSTANT, 0.01), o).of(first, Progress.NONE);
        WindowGain.Gain unstable = new WindowGain(CurvatureTest.run("logreg", 40, LearningRate.CONSTANT, 0.01), o).of(first, Progress.NONE);
        // With H_t ⪰ αI and η_t λ_max < 2 every factor has norm ≤ 1 − ηα < 1.
        assertTrue(stable.gain() < 1 && stable.gain() <= Math.pow(1 - 0.1 * 0.01, 4) + 1e-12, "stable gain " + stable.gain());
        assertTrue(unstable.gain() > 2, "unstable gain " + unstable.gain());
    }

    @Test
    void sameSeedGivesBitIdenticalGain() {
        Run run = CurvatureTest.run("mlp:4", 0.3, LearningRate.CONSTANT, 0.0);
        Window w = new Window("epoch3", 8, 12);
        WindowGain.Gain a = new WindowGain(run, WindowGain.Options.defaults()).of(w, Progress.NONE);
        WindowGain.Gain b = new WindowGain(run, WindowGain.Options.defaults()).of(w, Progress.NONE);
        assertEquals(a.log10Gain(), b.log10Gain(), 0.0);
        assertEquals(a.iterations(), b.iterations());
    }

    @Test
    void oneIterationIsALowerBound() {
        Run run = CurvatureTest.run("mlp:4:tanh", 0.5, LearningRate.CONSTANT, 0.01);
        Window w = new Window("full", 0, 12);
        double exact = singularValuesDescending(explicitProduct(run, w))[0];
        WindowGain.Gain g = new WindowGain(run, new WindowGain.Options(1, 1e-12, 0)).of(w, Progress.NONE);
        assertFalse(g.converged());
        assertTrue(g.gain() <= exact * (1 + 1e-12), g.gain() + " > σ_max " + exact);
    }

    @Test
    void refusesAWindowBeyondTheRun() {
        Run run = CurvatureTest.run("logreg", 0.1, LearningRate.CONSTANT, 0.0);
        WindowGain wg = new WindowGain(run, WindowGain.Options.defaults());
        assertThrows(IllegalArgumentException.class, () -> wg.of(new Window("x", 4, 13), Progress.NONE));
    }
}
