package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The window gain and curvature of runs with momentum, Nesterov, Adam and AdamW against explicit
 * matrices: each step's state-transition matrix written out from the formulas of method.md §8.2
 * (blocks built from the explicit Hessian, the recorded moments and a freshly evaluated gradient),
 * multiplied, and decomposed by EJML.
 */
class OptimizerGainTest {

    static Run run(String model, OptimizerSpec opt, double lr, double l2) {
        Runs.DataPlan plan = Runs.DataPlan.builder().nTrain(30).nVal(10).nTest(5).splitSeed(2).build();
        TrainConfig cfg = TrainConfig.builder().epochs(3).batchSize(8).learningRate(lr)
                .schedule(LearningRate.CONSTANT).l2(l2).seed(4).checkpointEvery(5).optimizer(opt).build();
        return Runs.train(DataSpec.load("blobs:n=80,d=3,k=3,seed=5", null), plan, ModelSpec.parse(model), cfg, null);
    }

    /** K_t = H_t + αI, explicit. */
    static DMatrixRMaj k(Run run, Evaluator ev, int t, double[] theta) {
        int p = theta.length;
        return TinyModels.explicit(new BatchHessian(ev, run.train(), run.trajectory().batch(t), theta,
                run.trajectory().alpha()), p);
    }

    /** The explicit J_t of method.md §8.2 on the stacked state. */
    static DMatrixRMaj transition(Run run, int t) {
        OptimizerSpec spec = run.trajectory().optimizer();
        int p = run.model().parameterCount();
        Evaluator ev = new Evaluator(run.model());
        double[] theta = new double[p];
        OptimizerState before = new OptimizerState(spec, p);
        OptimizerState after = new OptimizerState(spec, p);
        run.replay().state(t, theta, before);
        run.replay().state(t + 1, new double[p], after);
        DMatrixRMaj kt = k(run, ev, t, theta);
        double eta = run.trajectory().learningRate(t);
        DMatrixRMaj id = CommonOps_DDRM.identity(p);
        switch (spec.kind()) {
            case MOMENTUM:
            case NESTEROV: {
                double mu = spec.momentum();
                double mut = t == 0 ? 0 : mu;
                boolean nesterov = spec.kind() == OptimizerSpec.Kind.NESTEROV;
                DMatrixRMaj j = new DMatrixRMaj(2 * p, 2 * p);
                DMatrixRMaj tt = id.copy(); // δθ' = (I − η(1 + [nesterov] μ) K) δθ − η μ_t (nesterov ? μ : 1) δb
                CommonOps_DDRM.addEquals(tt, -eta * (nesterov ? 1 + mu : 1), kt);
                CommonOps_DDRM.insert(tt, j, 0, 0);
                DMatrixRMaj tb = CommonOps_DDRM.identity(p);
                CommonOps_DDRM.scale(-eta * mut * (nesterov ? mu : 1), tb);
                CommonOps_DDRM.insert(tb, j, 0, p);
                CommonOps_DDRM.insert(kt, j, p, 0); // δb' = μ_t δb + K δθ
                DMatrixRMaj bb = CommonOps_DDRM.identity(p);
                CommonOps_DDRM.scale(mut, bb);
                CommonOps_DDRM.insert(bb, j, p, p);
                return j;
            }
            default: {
                double b1 = spec.beta1();
                double b2 = spec.beta2();
                int kk = t + 1;
                double c = spec.kind() == OptimizerSpec.Kind.ADAMW ? 1 - eta * spec.weightDecay() : 1;
                double sigma = eta / (1 - Math.pow(b1, kk));
                double c2 = Math.sqrt(1 - Math.pow(b2, kk));
                double[] g = new double[p];
                double[] w = new double[run.trajectory().batch(t).length];
                java.util.Arrays.fill(w, 1.0 / w.length);
                ev.gradient(theta, run.train(), run.trajectory().batch(t), 0, w.length, w, g);
                double[] m = after.vector(0);
                double[] v = after.vector(1);
                DMatrixRMaj a = new DMatrixRMaj(p, p);
                DMatrixRMaj bg = new DMatrixRMaj(p, p); // 2(1−β2) B G
                DMatrixRMaj bd = new DMatrixRMaj(p, p);
                for (int i = 0; i < p; i++) {
                    g[i] += run.trajectory().alpha() * theta[i];
                    double d = Math.sqrt(v[i]) / c2 + spec.eps();
                    double bi = v[i] == 0 ? 0 : sigma * m[i] / (2 * c2 * Math.sqrt(v[i]) * d * d);
                    a.set(i, i, sigma / d);
                    bg.set(i, i, 2 * (1 - b2) * bi * g[i]);
                    bd.set(i, i, bi);
                }
                DMatrixRMaj j = new DMatrixRMaj(3 * p, 3 * p);
                DMatrixRMaj tt = CommonOps_DDRM.identity(p);
                CommonOps_DDRM.scale(c, tt);
                DMatrixRMaj ak = new DMatrixRMaj(p, p);
                CommonOps_DDRM.mult(a, kt, ak);
                CommonOps_DDRM.addEquals(tt, -(1 - b1), ak);
                DMatrixRMaj bgk = new DMatrixRMaj(p, p);
                CommonOps_DDRM.mult(bg, kt, bgk);
                CommonOps_DDRM.addEquals(tt, 1, bgk);
                CommonOps_DDRM.insert(tt, j, 0, 0);
                DMatrixRMaj tm = a.copy();
                CommonOps_DDRM.scale(-b1, tm);
                CommonOps_DDRM.insert(tm, j, 0, p);
                DMatrixRMaj tv = bd.copy();
                CommonOps_DDRM.scale(b2, tv);
                CommonOps_DDRM.insert(tv, j, 0, 2 * p);
                DMatrixRMaj mt = kt.copy(); // δm' = β1 δm + (1−β1) K δθ
                CommonOps_DDRM.scale(1 - b1, mt);
                CommonOps_DDRM.insert(mt, j, p, 0);
                DMatrixRMaj mm = CommonOps_DDRM.identity(p);
                CommonOps_DDRM.scale(b1, mm);
                CommonOps_DDRM.insert(mm, j, p, p);
                DMatrixRMaj vt = new DMatrixRMaj(p, p); // δv' = β2 δv + 2(1−β2) G K δθ
                for (int i = 0; i < p; i++) {
                    for (int col = 0; col < p; col++) {
                        vt.set(i, col, 2 * (1 - b2) * g[i] * kt.get(i, col));
                    }
                }
                CommonOps_DDRM.insert(vt, j, 2 * p, 0);
                DMatrixRMaj vv = CommonOps_DDRM.identity(p);
                CommonOps_DDRM.scale(b2, vv);
                CommonOps_DDRM.insert(vv, j, 2 * p, 2 * p);
                return j;
            }
        }
    }

    static DMatrixRMaj product(Run run, Window w) {
        DMatrixRMaj m = null;
        for (int t = w.start(); t < w.end(); t++) {
            DMatrixRMaj j = transition(run, t);
            if (m == null) {
                m = j;
            } else {
                DMatrixRMaj next = new DMatrixRMaj(j.numRows, m.numCols);
                CommonOps_DDRM.mult(j, m, next);
                m = next;
            }
        }
        return m;
    }

    private static void gainMatches(Run run, Window w) {
        double[] sv = WindowGainTest.singularValuesDescending(product(run, w));
        WindowGain.Gain g = new WindowGain(run, new WindowGain.Options(3000, 1e-12, 3)).of(w, Progress.NONE);
        assertTrue(g.converged(), "not converged: " + g);
        assertEquals(sv[0], g.gain(), 1e-8 * sv[0], run.trajectory().optimizer() + " gain of " + w);
        assertEquals(2L * w.length() * g.iterations(), g.products(), "one HVP per step and pass");
    }

    @Test
    void momentumGainMatchesTheExplicitProductFromStepZero() {
        gainMatches(run("mlp:3:tanh", OptimizerSpec.parse("momentum:0.9"), 0.2, 0.01), new Window("w", 0, 6));
    }

    @Test
    void nesterovGainMatchesTheExplicitProduct() {
        gainMatches(run("mlp:3:tanh", OptimizerSpec.parse("nesterov:0.8"), 0.2, 0.01), new Window("w", 3, 9));
    }

    @Test
    void adamGainMatchesTheExplicitProduct() {
        gainMatches(run("mlp:3:tanh", OptimizerSpec.parse("adam"), 0.05, 0.01), new Window("w", 2, 8));
    }

    @Test
    void adamwGainMatchesTheExplicitProduct() {
        gainMatches(run("logreg", OptimizerSpec.parse("adamw:0.9,0.99,1e-8,0.1"), 0.05, 0.0), new Window("w", 4, 12));
    }

    @Test
    void adamCurvatureIsTheTopEigenvalueOfThePreconditionedHessian() {
        Run run = run("mlp:3:tanh", OptimizerSpec.parse("adam"), 0.05, 0.01);
        OptimizerSpec spec = run.trajectory().optimizer();
        List<Curvature.Point> points = Curvature.along(run, new Curvature.Options(5, 1, 200, 1e-11, 1), Progress.NONE);
        int p = run.model().parameterCount();
        Evaluator ev = new Evaluator(run.model());
        for (Curvature.Point pt : points) {
            int t = pt.step();
            double[] theta = new double[p];
            OptimizerState after = new OptimizerState(spec, p);
            run.replay().theta(t, theta);
            run.replay().state(t + 1, new double[p], after);
            DMatrixRMaj kt = k(run, ev, t, theta);
            int kk = t + 1;
            DMatrixRMaj dk = kt.copy(); // D K, not symmetric: EJML's general eigen-decomposition
            for (int i = 0; i < p; i++) {
                double d = 1 / ((1 - Math.pow(0.9, kk))
                        * (Math.sqrt(after.vector(1)[i]) / Math.sqrt(1 - Math.pow(0.999, kk)) + 1e-8));
                for (int c = 0; c < p; c++) {
                    dk.set(i, c, d * kt.get(i, c));
                }
            }
            double top = StabilityBoundTest.eigenvalues(dk).stream().mapToDouble(z -> z.real).max().orElseThrow();
            assertEquals(0.05 * top, pt.etaLambdaMax(), 1e-7 * 0.05 * top, "step " + t);
            assertEquals(2 * 1.9 / 0.1, pt.limit(), 1e-12);
        }
    }

    @Test
    void momentumCurvatureUsesTheHeavyBallLimit() {
        Run run = run("logreg", OptimizerSpec.parse("momentum:0.5"), 0.2, 0.01);
        List<Curvature.Point> points = Curvature.along(run, Curvature.Options.every(5), Progress.NONE);
        assertEquals(2.0, points.get(0).limit(), 0.0, "step 0 is a plain gradient step");
        for (Curvature.Point pt : points.subList(1, points.size())) {
            assertEquals(3.0, pt.limit(), 1e-15);
        }
    }
}
