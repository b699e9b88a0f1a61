package dev.dit.autodiff.check;

import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Node;
import dev.dit.autodiff.kernel.KernelsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks the engine's exact derivatives on random small models against central finite
 * differences: gradients, HVPs, and the batched per-sample directional derivatives (against
 * per-sample gradients).
 */
public final class SelfCheck {

    /** One model's errors (max relative, ∞-norm). */
    public record Row(String model, int parameters, double gradientRelErr, double hvpRelErr,
                      double directionalRelErr, double symmetryRelErr) {
    }

    /** All rows and the worst errors. */
    public record Result(List<Row> rows, double gradientMaxRelErr, double hvpMaxRelErr,
                         double directionalMaxRelErr, String backend) {
        /**
         * Whether every error is at most {@code tol}.
         *
         * @param tol the largest relative error allowed
         * @return whether all three maxima are within it
         */
        public boolean passes(double tol) {
            return gradientMaxRelErr <= tol && hvpMaxRelErr <= tol && directionalMaxRelErr <= tol
                    && rows.stream().allMatch(r -> r.symmetryRelErr() <= tol);
        }
    }

    private static final double H = 1e-5;
    private static final double FLOOR = 1e-6;

    private SelfCheck() {
    }

    /**
     * Runs every model in {@link TestModels#all()} with the given seed.
     *
     * @param seed seeds the models' data, θ and directions
     * @return one row per model and the maxima
     */
    public static Result run(long seed) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Function<Long, TestModels.Built>> e : TestModels.all().entrySet()) {
            rows.add(check(e.getValue().apply(seed)));
        }
        double g = rows.stream().mapToDouble(Row::gradientRelErr).max().orElse(0);
        double h = rows.stream().mapToDouble(Row::hvpRelErr).max().orElse(0);
        double d = rows.stream().mapToDouble(Row::directionalRelErr).max().orElse(0);
        return new Result(rows, g, h, d, KernelsProvider.get().name());
    }

    /**
     * Checks one model.
     *
     * @param m the model
     * @return its relative errors
     */
    public static Row check(TestModels.Built m) {
        Graph g = m.graph();
        Node loss = m.loss();
        double[] theta = m.theta();
        int p = theta.length;
        SplittableRandom r = new SplittableRandom(p * 31L + loss.size());
        double[] seed = TestModels.random(loss.size(), r, 1.0);
        double[] v = TestModels.random(p, r, 1.0);
        double[] u = TestModels.random(p, r, 1.0);

        double[] grad = new double[p];
        g.forward(theta);
        g.gradient(loss, seed, grad);
        double gradErr = FiniteDifferences.relativeError(grad,
                FiniteDifferences.gradient(g, loss, seed, theta, H), FLOOR);

        double[] hv = new double[p];
        g.hvp(loss, seed, theta, v, hv, null);
        double hvpErr = FiniteDifferences.relativeError(hv,
                FiniteDifferences.hvp(g, loss, seed, theta, v, H), FLOOR);

        // Batched directional derivatives: the tangent of the per-sample loss along v, against
        // ⟨v, ∇ℓ_j⟩ from one gradient per sample.
        g.jvp(theta, v);
        double[] batched = new double[loss.size()];
        loss.copyTangent(batched, 0);
        double[] single = new double[loss.size()];
        double[] onehot = new double[loss.size()];
        double[] gj = new double[p];
        g.forward(theta);
        for (int j = 0; j < loss.size(); j++) {
            onehot[j] = 1.0;
            g.gradient(loss, onehot, gj);
            onehot[j] = 0.0;
            double s = 0.0;
            for (int i = 0; i < p; i++) {
                s += v[i] * gj[i];
            }
            single[j] = s;
        }
        double dirErr = FiniteDifferences.relativeError(batched, single, FLOOR);

        double[] hu = new double[p];
        g.hvp(loss, seed, theta, u, hu, null);
        double uhv = dotp(u, hv);
        double vhu = dotp(v, hu);
        double symErr = Math.abs(uhv - vhu) / Math.max(FLOOR, Math.max(Math.abs(uhv), Math.abs(vhu)));
        return new Row(m.name(), p, gradErr, hvpErr, dirErr, symErr);
    }

    static double dotp(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
