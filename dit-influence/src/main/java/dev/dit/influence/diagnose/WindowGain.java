package dev.dit.influence.diagnose;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;

/**
 * The gain of a window's linearised map {@code M = Π_{t=t1}^{t2−1} (I − η_t (H_t + αI))}: its
 * largest singular value, estimated by power iteration on {@code MᵀM} (method.md §8). One
 * iteration is a forward pass through the window (t ascending: {@code y = M x}) and a backward
 * pass (t descending: {@code z = Mᵀ ŷ}, each factor being symmetric), one exact batch HVP per
 * step each, at θ_t replayed from the trajectory as the DIT sweep does. The vector is
 * renormalised after every step and the logarithms of the norms summed, so any gain is reported
 * (as log10) without overflow. The estimate {@code ‖Mᵀŷ‖} is a lower bound of σ_max that
 * increases towards it.
 */
public final class WindowGain {
    private final Run run;
    private final Options options;
    private final Evaluator evaluator;
    private final ThetaReplay replay;
    private final double[] theta;
    private final double[] hv;
    private long products;

    /**
     * How hard to iterate.
     *
     * @param maxIterations power iterations at most (each: 2 × window length HVPs)
     * @param tolerance stop when log10 of the estimate changes by less than this between iterations
     * @param seed the seed of the start vector
     */
    public record Options(int maxIterations, double tolerance, long seed) {
        /**
         * Checks the values.
         *
         * @param maxIterations ≥ 1
         * @param tolerance &gt; 0
         * @param seed any
         */
        public Options {
            if (maxIterations < 1 || !(tolerance > 0)) {
                throw new IllegalArgumentException("window gain needs maxIterations >= 1 and tolerance > 0");
            }
        }

        /**
         * Defaults for a diagnostic, where the order of magnitude matters: at most 10 iterations,
         * stopping when log10 of the estimate moves by less than 0.01 (about 2 % in the gain), seed 0.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(10, 0.01, 0);
        }
    }

    /**
     * The gain of one window.
     *
     * @param window the window
     * @param log10Gain log10 of the estimated largest singular value of M
     * @param log10RandomGrowth log10 of {@code ‖M x_0‖} for the seeded random unit vector x_0: how
     *                          much a typical (not the worst) perturbation grows
     * @param iterations power iterations done
     * @param converged whether the estimate met the tolerance
     * @param products batch HVPs computed
     */
    public record Gain(Window window, double log10Gain, double log10RandomGrowth, int iterations, boolean converged,
                       long products) {
        /** {@return the gain σ_max(M) (may be infinite when log10Gain exceeds the double range)} */
        public double gain() {
            return Math.pow(10, log10Gain);
        }
    }

    /**
     * Gains of windows of {@code run}.
     *
     * @param run the recorded run
     * @param options how hard to iterate
     */
    public WindowGain(Run run, Options options) {
        this.run = run;
        this.options = options;
        this.evaluator = new Evaluator(run.model());
        this.replay = run.replay();
        int p = run.model().parameterCount();
        this.theta = new double[p];
        this.hv = new double[p];
    }

    /**
     * The gain of {@code window}.
     *
     * @param window a window of the run's steps
     * @param progress receives the iterations done of the maximum
     * @return the estimate
     */
    public Gain of(Window window, Progress progress) {
        if (window.end() > run.trajectory().steps()) {
            throw new IllegalArgumentException("window " + window + " ends after the run's last step " + run.trajectory().steps());
        }
        long before = products;
        double[] x = Lanczos.startVector(theta.length, options.seed() * 0x9E3779B97F4A7C15L + window.start());
        double estimate = Double.NaN;
        double randomGrowth = Double.NaN;
        boolean converged = false;
        int it = 0;
        while (it < options.maxIterations() && !converged) {
            double forward = pass(window, x, true);
            double backward = pass(window, x, false);
            if (it == 0) {
                randomGrowth = forward;
            }
            it++;
            converged = Math.abs(backward - estimate) <= options.tolerance() || backward == Double.NEGATIVE_INFINITY;
            estimate = backward;
            progress.update(it, options.maxIterations());
        }
        return new Gain(window, estimate, randomGrowth, it, converged, products - before);
    }

    /**
     * Applies M (ascending) or Mᵀ (descending) to the unit vector x in place, leaving it a unit
     * vector, and returns log10 of the norm of the product.
     */
    private double pass(Window w, double[] x, boolean ascending) {
        Trajectory traj = run.trajectory();
        double log10 = 0;
        for (int i = 0; i < w.length(); i++) {
            int t = ascending ? w.start() + i : w.end() - 1 - i;
            replay.theta(t, theta);
            new BatchHessian(evaluator, run.train(), traj.batch(t), theta, traj.alpha()).apply(x, hv);
            products++;
            double eta = traj.learningRate(t);
            double norm2 = 0;
            for (int j = 0; j < x.length; j++) {
                x[j] -= eta * hv[j];
                norm2 += x[j] * x[j];
            }
            if (norm2 == 0) {
                return Double.NEGATIVE_INFINITY; // x is in M's null space: a gain of 0 along it
            }
            double norm = Math.sqrt(norm2);
            for (int j = 0; j < x.length; j++) {
                x[j] /= norm;
            }
            log10 += Math.log10(norm);
        }
        return log10;
    }
}
