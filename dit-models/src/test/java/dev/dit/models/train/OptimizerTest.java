package dev.dit.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.TinyData;
import dev.dit.models.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each optimizer's steps against reference updates written out by hand (in the textbook form, not
 * the code's) on a tiny quadratic problem: loss gradient {@code ∇ = A θ − c} for a fixed 2 × 2 A.
 */
class OptimizerTest {
    private static final double[][] A = {{2.0, 0.5}, {0.5, 1.0}};
    private static final double[] C = {1.0, -3.0};
    private static final double LR = 0.1;
    private static final double ALPHA = 0.01;

    private static double[] lossGrad(double[] th) {
        return new double[] {A[0][0] * th[0] + A[0][1] * th[1] - C[0], A[1][0] * th[0] + A[1][1] * th[1] - C[1]};
    }

    private static double[][] run(OptimizerSpec spec, int steps) {
        double[] theta = {0.3, -0.7};
        OptimizerState s = new OptimizerState(spec, 2);
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            Optimizer.apply(spec, theta, s, lossGrad(theta), LR, ALPHA);
            out[t] = theta.clone();
        }
        assertEquals(steps, s.steps());
        return out;
    }

    private static void close(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-15 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @Test
    void sgdIsThePlainStep() {
        double[][] got = run(OptimizerSpec.SGD, 3);
        double[] th = {0.3, -0.7};
        for (int t = 0; t < 3; t++) {
            double[] g = lossGrad(th);
            th = new double[] {th[0] - LR * (g[0] + ALPHA * th[0]), th[1] - LR * (g[1] + ALPHA * th[1])};
            assertArrayEquals(th, got[t], "step " + t); // bit for bit
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum:0.9", "nesterov:0.8"})
    void momentumMatchesTorchSgdWithMomentum(String text) {
        OptimizerSpec spec = OptimizerSpec.parse(text);
        double mu = spec.momentum();
        boolean nesterov = spec.kind() == OptimizerSpec.Kind.NESTEROV;
        double[][] got = run(spec, 4);
        double[] th = {0.3, -0.7};
        double[] buf = null;
        for (int t = 0; t < 4; t++) {
            double[] d = lossGrad(th);
            d[0] += ALPHA * th[0];
            d[1] += ALPHA * th[1];
            // torch.optim.SGD: buf = clone(d) at the first step, then buf = μ buf + (1 − dampening) d
            buf = buf == null ? d.clone() : new double[] {mu * buf[0] + d[0], mu * buf[1] + d[1]};
            double[] dir = nesterov ? new double[] {d[0] + mu * buf[0], d[1] + mu * buf[1]} : buf;
            th = new double[] {th[0] - LR * dir[0], th[1] - LR * dir[1]};
            close(th, got[t], text + " step " + t);
        }
    }

    @ParameterizedTest
    @CsvSource({"adam,0.9,0.999,1e-8,0", "'adam:0.8,0.99,1e-3',0.8,0.99,1e-3,0",
                "adamw,0.9,0.999,1e-8,0.01", "'adamw:0.5,0.9,1e-6,0.2',0.5,0.9,1e-6,0.2"})
    void adamMatchesTheBiasCorrectedTextbookForm(String text, double b1, double b2, double eps, double wd) {
        OptimizerSpec spec = OptimizerSpec.parse(text);
        assertEquals(b1, spec.beta1());
        assertEquals(b2, spec.beta2());
        assertEquals(eps, spec.eps());
        assertEquals(wd, spec.weightDecay());
        double[][] got = run(spec, 5);
        double[] th = {0.3, -0.7};
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= 5; t++) {
            double[] g = lossGrad(th);
            double[] next = new double[2];
            for (int i = 0; i < 2; i++) {
                double gi = g[i] + ALPHA * th[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                // ε outside the root, applied to √v̂: PyTorch's denom = √v / √(1−β2^t) + ε
                next[i] = th[i] * (1 - LR * wd) - LR * mHat / (Math.sqrt(vHat) + eps);
            }
            th = next;
            close(th, got[t - 1], text + " step " + t);
        }
    }

    @Test
    void adamsFirstStepMovesEachCoordinateByAboutTheLearningRate() {
        double[][] got = run(OptimizerSpec.parse("adam"), 1);
        // m̂ = g, v̂ = g², so the step is η·g/(|g| + ε): a hand check independent of any formula above
        // (∇ + αθ at θ_0 is (−0.747, 2.443): coordinate 0 moves up, coordinate 1 down)
        assertEquals(0.3 + LR, got[0][0], 1e-8);
        assertEquals(-0.7 - LR, got[0][1], 1e-8);
    }

    @Test
    void specsParseToCanonicalText() {
        assertEquals("sgd", OptimizerSpec.parse(" SGD ").toString());
        assertEquals("momentum:0.9", OptimizerSpec.parse("momentum:0.9").toString());
        assertEquals("nesterov:0.5", OptimizerSpec.parse("nesterov:.5").toString());
        assertEquals("adam:0.9,0.999,1.0E-8", OptimizerSpec.parse("adam").toString());
        assertEquals("adam:0.8,0.999,1.0E-8", OptimizerSpec.parse("adam:0.8").toString());
        assertEquals("adamw:0.9,0.999,1.0E-8,0.01", OptimizerSpec.parse("adamw").toString());
        for (String s : new String[] {"sgd", "momentum:0.9", "nesterov:0.9", "adam", "adamw:0.9,0.99,1e-6,0.1"}) {
            OptimizerSpec a = OptimizerSpec.parse(s);
            assertEquals(a, OptimizerSpec.parse(a.toString()), s);
        }
        assertEquals(0, OptimizerSpec.SGD.stateVectors());
        assertEquals(1, OptimizerSpec.parse("nesterov:0.9").stateVectors());
        assertEquals(2, OptimizerSpec.parse("adamw").stateVectors());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rmsprop|unknown optimizer 'rmsprop'", "momentum|takes 1 value", "momentum:1|must be in [0, 1)",
        "nesterov:0|nesterov momentum must be > 0", "adam:0.9,0.999,0|eps must be a positive number",
        "adam:a|'a' is not a number", "adamw:0.9,0.999,1e-8,-1|weight decay", "sgd:0.1|takes 0 value",
        "adam:1,2,3,4|takes 0 to 3 values", "''|empty optimizer"})
    void badSpecsNameTheProblem(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void sgdThroughTheOptimizerIsBitIdenticalToSgd() {
        Dataset train = TinyData.make(20, new int[] {4}, 3, 1);
        Model model = new Model(ModelSpec.parse("mlp:5:tanh"), new int[] {4}, 3);
        double[] a = model.initialParameters(3);
        double[] b = a.clone();
        Sgd sgd = new Sgd(new Evaluator(model));
        Optimizer opt = new Optimizer(OptimizerSpec.SGD, new Evaluator(model));
        OptimizerState s = new OptimizerState(OptimizerSpec.SGD, a.length);
        int[] batch = {0, 3, 5, 7, 11};
        for (int t = 0; t < 3; t++) {
            sgd.step(a, train, batch, 0.2, 0.01, t == 1 ? 5 : -1);
            opt.step(b, s, train, batch, 0.2, 0.01, t == 1 ? 5 : -1);
            assertArrayEquals(a, b, "step " + t);
        }
    }

    @Test
    void leavingTheOnlySampleOutStillAdvancesTheMoments() {
        Dataset train = TinyData.make(6, new int[] {4}, 2, 1);
        Model model = new Model(ModelSpec.parse("logreg"), new int[] {4}, 2);
        double[] theta = model.initialParameters(1);
        OptimizerSpec spec = OptimizerSpec.parse("momentum:0.9");
        Optimizer opt = new Optimizer(spec, new Evaluator(model));
        OptimizerState s = new OptimizerState(spec, theta.length);
        opt.step(theta, s, train, new int[] {2}, 0.1, 0.0, -1);
        double[] before = theta.clone();
        double[] buf = s.vector(0).clone();
        opt.step(theta, s, train, new int[] {2}, 0.1, 0.0, 2); // empty batch: g = 0, b ← μ b
        for (int i = 0; i < theta.length; i++) {
            assertEquals(0.9 * buf[i], s.vector(0)[i], 0.0);
            assertEquals(before[i] - 0.1 * 0.9 * buf[i], theta[i], 1e-16);
        }
        assertEquals(2, s.steps());
    }
}
