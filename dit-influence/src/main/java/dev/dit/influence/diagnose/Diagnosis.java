package dev.dit.influence.diagnose;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.window.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * The curvature figures of a recorded run and the gain of each of its windows (method.md §9),
 * with a per-epoch summary.
 *
 * @param curvature η_t·λ_max(t) and the top eigenvalues at the examined steps, ascending
 * @param epochs one summary per epoch
 * @param gains the gain of each window, in the order given
 */
public record Diagnosis(List<Curvature.Point> curvature, List<EpochSummary> epochs, List<WindowGain.Gain> gains) {

    /**
     * Copies the lists.
     *
     * @param curvature the curvature points
     * @param epochs the epoch summaries
     * @param gains the window gains
     */
    public Diagnosis {
        curvature = List.copyOf(curvature);
        epochs = List.copyOf(epochs);
        gains = List.copyOf(gains);
    }

    /**
     * The largest η·λ_max examined in one epoch.
     *
     * @param epoch 1-based
     * @param start the epoch's first step
     * @param end one past its last step
     * @param maxEtaLambda the largest η_t·λ_max(t) among its examined steps
     * @param atStep the step where it was found
     * @param examined how many of its steps were examined
     * @param unstable how many examined steps had η·λ_max above the optimizer's limit
     */
    public record EpochSummary(int epoch, int start, int end, double maxEtaLambda, int atStep, int examined, int unstable) {
    }

    /**
     * Computes the figures: the curvature first, then the gains of {@code windows}.
     *
     * @param run the recorded run
     * @param windows the windows whose gain to estimate (may be empty)
     * @param curvature how to examine the curvature
     * @param gain how hard to iterate for the gains
     * @param progress receives units of work: examined steps, then window steps × iterations
     * @return the diagnosis (for an optimizer with state, the curvature figures and limits of
     *         {@link StabilityLimit} and the gains of its linearised state map, method.md §9.1)
     */
    public static Diagnosis of(Run run, List<Window> windows, Curvature.Options curvature, WindowGain.Options gain,
                               Progress progress) {
        int examined = Curvature.steps(run.trajectory(), curvature.every()).length;
        long gainWork = 0;
        for (Window w : windows) {
            gainWork += (long) w.length() * gain.maxIterations();
        }
        long total = examined + gainWork;
        List<Curvature.Point> points = Curvature.along(run, curvature, (d, t) -> progress.update(d, total));
        WindowGain wg = new WindowGain(run, gain);
        List<WindowGain.Gain> gains = new ArrayList<>();
        long done = examined;
        for (Window w : windows) {
            long base = done;
            gains.add(wg.of(w, (d, t) -> progress.update(base + d * w.length(), total)));
            done += (long) w.length() * gain.maxIterations();
        }
        progress.update(total, total);
        return new Diagnosis(points, summarise(points, run.trajectory().epochBoundaries()), gains);
    }

    static List<EpochSummary> summarise(List<Curvature.Point> points, int[] bounds) {
        List<EpochSummary> out = new ArrayList<>();
        for (int e = 1; e < bounds.length; e++) {
            double max = Double.NaN;
            int at = -1;
            int examined = 0;
            int unstable = 0;
            for (Curvature.Point p : points) {
                if (p.epoch() != e) {
                    continue;
                }
                examined++;
                unstable += p.unstable() ? 1 : 0;
                if (at < 0 || p.etaLambdaMax() > max) {
                    max = p.etaLambdaMax();
                    at = p.step();
                }
            }
            out.add(new EpochSummary(e, bounds[e - 1], bounds[e], max, at, examined, unstable));
        }
        return out;
    }

    /** {@return the examined steps with η·λ_max above the optimizer's limit, ascending} */
    public int[] unstableSteps() {
        return curvature.stream().filter(Curvature.Point::unstable).mapToInt(Curvature.Point::step).toArray();
    }

    /** {@return the largest η·λ_max examined (NaN when no step was examined)} */
    public double maxEtaLambda() {
        return curvature.stream().mapToDouble(Curvature.Point::etaLambdaMax).max().orElse(Double.NaN);
    }
}
