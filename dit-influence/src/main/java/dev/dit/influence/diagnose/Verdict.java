package dev.dit.influence.diagnose;

import dev.dit.influence.window.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A first, <em>provisional</em> verdict on a window from the curvature and the window gain alone
 * (method.md §10): {@code reliable}, {@code doubtful} or {@code unreliable}, with the reasons.
 * Unreliable when the window gain reaches {@link Thresholds#gainUnreliable()}; doubtful when it
 * reaches {@link Thresholds#gainDoubtful()}, when an examined step of the window has η·λ_max &gt; 2,
 * or when none was examined; reliable otherwise. The thresholds are NOT calibrated against
 * leave-one-out yet (method.md §10 lists the few measurements behind them) and will change.
 *
 * @param window the window
 * @param level the verdict
 * @param reasons why, one short sentence each
 */
public record Verdict(Window window, Level level, List<String> reasons) {

    /** The three verdicts, from best to worst. */
    public enum Level {
        /** Nothing in the figures speaks against the linearisation. */
        RELIABLE,
        /** Something does; check with leave-one-out before relying on the numbers. */
        DOUBTFUL,
        /** The linear recursion is unstable here: the estimates are not to be believed. */
        UNRELIABLE;

        /** {@return the lower-case name used in files and tables} */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Copies the reasons.
     *
     * @param window the window
     * @param level the verdict
     * @param reasons the reasons
     */
    public Verdict {
        reasons = List.copyOf(reasons);
    }

    /**
     * The provisional thresholds on the window gain (method.md §10).
     *
     * @param gainDoubtful doubtful when the window gain is at least this
     * @param gainUnreliable unreliable when the window gain is at least this
     */
    public record Thresholds(double gainDoubtful, double gainUnreliable) {
        /**
         * Checks the order.
         *
         * @param gainDoubtful &gt; 0
         * @param gainUnreliable ≥ gainDoubtful
         */
        public Thresholds {
            if (!(gainDoubtful > 0) || !(gainUnreliable >= gainDoubtful)) {
                throw new IllegalArgumentException("need 0 < gainDoubtful <= gainUnreliable, got " + gainDoubtful + ", "
                        + gainUnreliable);
            }
        }

        /**
         * The provisional defaults: doubtful from a gain of 2, unreliable from 10.
         *
         * @return the thresholds
         */
        public static Thresholds provisional() {
            return new Thresholds(2, 10);
        }
    }

    /**
     * The verdict on each window whose gain {@code d} holds.
     *
     * @param d the diagnosis of a run
     * @param th the thresholds
     * @return one verdict per window, in order
     */
    public static List<Verdict> of(Diagnosis d, Thresholds th) {
        List<Verdict> out = new ArrayList<>();
        for (WindowGain.Gain g : d.gains()) {
            out.add(of(g, d.curvature(), th));
        }
        return out;
    }

    /**
     * The verdict on one window.
     *
     * @param g the window's gain
     * @param curvature the curvature points of the run (those inside the window are used)
     * @param th the thresholds
     * @return the verdict
     */
    public static Verdict of(WindowGain.Gain g, List<Curvature.Point> curvature, Thresholds th) {
        Window w = g.window();
        List<String> reasons = new ArrayList<>();
        Level level = Level.RELIABLE;
        double log10 = g.log10Gain();
        String gain = Math.abs(log10) < 300 ? fmt(Math.pow(10, log10)) : String.format(Locale.ROOT, "1e%.0f", log10);
        if (log10 >= Math.log10(th.gainUnreliable())) {
            level = Level.UNRELIABLE;
            reasons.add("window gain " + gain + " ≥ " + fmt(th.gainUnreliable())
                    + ": the linear map amplifies perturbations");
        } else if (log10 >= Math.log10(th.gainDoubtful())) {
            level = Level.DOUBTFUL;
            reasons.add("window gain " + gain + " ≥ " + fmt(th.gainDoubtful()));
        } else {
            reasons.add("window gain " + gain + (g.converged() ? "" : " (a lower bound: not converged)"));
        }
        int examined = 0;
        int unstable = 0;
        int firstUnstable = -1;
        int lastUnstable = -1;
        double max = Double.NEGATIVE_INFINITY;
        for (Curvature.Point p : curvature) {
            if (p.step() < w.start() || p.step() >= w.end()) {
                continue;
            }
            examined++;
            max = Math.max(max, p.etaLambdaMax());
            if (p.unstable()) {
                unstable++;
                lastUnstable = p.step();
                if (firstUnstable < 0) {
                    firstUnstable = p.step();
                }
            }
        }
        if (examined == 0) {
            level = worse(level, Level.DOUBTFUL);
            reasons.add("no step of the window was examined for curvature (use a smaller --every)");
        } else if (unstable > 0) {
            level = worse(level, Level.DOUBTFUL);
            String where = firstUnstable == lastUnstable ? "step " + firstUnstable : firstUnstable + "–" + lastUnstable;
            reasons.add(String.format(Locale.ROOT, "η·λ_max up to %s > 2 at %d of %d examined steps (%s)", fmt(max),
                    unstable, examined, where));
        } else {
            reasons.add(String.format(Locale.ROOT, "η·λ_max at most %s < 2 at %d examined steps", fmt(max), examined));
        }
        return new Verdict(w, level, reasons);
    }

    private static Level worse(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
