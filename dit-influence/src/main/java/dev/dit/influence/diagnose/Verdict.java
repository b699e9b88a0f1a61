package dev.dit.influence.diagnose;

import dev.dit.influence.estimate.Definition;
import dev.dit.influence.window.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The verdict on a window (method.md §10): {@code reliable}, {@code doubtful} or
 * {@code unreliable}, with the reasons, from whatever is known about it: the linearity spot check
 * ({@link SpotCheck}), the definition and the model's kinks, the window gain and the curvature.
 * {@link #judge} is the one place the rule lives; its thresholds ({@link Thresholds#defaults()})
 * were chosen from the calibration table of the README (every window called reliable there has a
 * spot-check r ≥ 0.9, every window with full leave-one-out r &lt; 0.5 is called unreliable).
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
     * The thresholds of the rule (method.md §10), chosen from the calibration table of the README's
     * "When to trust the numbers".
     *
     * @param gainDoubtful doubtful when the window gain is at least this
     * @param gainUnreliable unreliable when the window gain is at least this and no spot check says otherwise
     * @param spotReliable reliable needs a spot-check Pearson r of at least this
     * @param spotUnreliable unreliable when the spot-check r is below this
     * @param spotIntervalLow reliable needs the lower end of the spot check's bootstrap interval at
     *                        least this (else a few samples carry the correlation)
     * @param scaleFactor unreliable when median |estimate| / median |leave-one-out| is outside
     *                    [1/scaleFactor, scaleFactor]
     * @param secantGap doubtful when the secant-vs-derivative gap ‖2(F(½) − F(1)) − estimate‖ / ‖estimate‖
     *                  exceeds this
     */
    public record Thresholds(double gainDoubtful, double gainUnreliable, double spotReliable, double spotUnreliable,
                             double spotIntervalLow, double scaleFactor, double secantGap) {
        /**
         * Checks the order.
         *
         * @param gainDoubtful &gt; 0
         * @param gainUnreliable ≥ gainDoubtful
         * @param spotReliable in (−1, 1]
         * @param spotUnreliable ≤ spotReliable
         * @param spotIntervalLow ≤ spotReliable
         * @param scaleFactor &gt; 1
         * @param secantGap &gt; 0
         */
        public Thresholds {
            if (!(gainDoubtful > 0) || !(gainUnreliable >= gainDoubtful)) {
                throw new IllegalArgumentException("need 0 < gainDoubtful <= gainUnreliable, got " + gainDoubtful + ", "
                        + gainUnreliable);
            }
            if (!(spotReliable > -1 && spotReliable <= 1) || !(spotUnreliable <= spotReliable)
                    || !(spotIntervalLow <= spotReliable) || !(scaleFactor > 1)
                    || !(secantGap > 0)) {
                throw new IllegalArgumentException("need -1 < spotUnreliable <= spotReliable <= 1, scaleFactor > 1 and"
                        + " secantGap > 0, got " + spotUnreliable + ", " + spotReliable + ", " + scaleFactor + ", " + secantGap);
            }
        }

        /**
         * The defaults of method.md §10: window gain doubtful from 2, unreliable from 10; spot check
         * reliable from r = 0.9 with the interval's lower end at least {@value Verdict#SPOT_INTERVAL_LOW},
         * unreliable below r = {@value Verdict#SPOT_UNRELIABLE}; scale outside [1/10, 10]
         * unreliable; secant gap above {@value Verdict#SECANT_GAP} doubtful.
         *
         * @return the thresholds
         */
        public static Thresholds defaults() {
            return new Thresholds(2, 10, 0.9, SPOT_UNRELIABLE, SPOT_INTERVAL_LOW, 10, SECANT_GAP);
        }

        /**
         * The same as {@link #defaults()} (the name of the thresholds before they were calibrated).
         *
         * @return the thresholds
         */
        public static Thresholds provisional() {
            return defaults();
        }
    }

    /** The spot-check r below which a window is unreliable (method.md §10). */
    public static final double SPOT_UNRELIABLE = 0.8;
    /** The lower end of the spot check's bootstrap interval a reliable window needs (method.md §10). */
    public static final double SPOT_INTERVAL_LOW = 0.5;
    /** The secant-vs-derivative gap above which a window is doubtful (method.md §10). */
    public static final double SECANT_GAP = 0.5;

    /**
     * What is known about one window; any part may be missing (null).
     *
     * @param window the window
     * @param definition the estimate's definition, or null when the verdict is about the window's map alone
     * @param kinked whether the model has kinks (ReLU activations or max-pooling): a Definition G
     *               window then differs two boundary values whose kink errors swamp it
     * @param gain the window gain, or null when not computed
     * @param curvature the curvature points of the run (those inside the window are used), or null when not computed
     * @param spot the spot check of the window, or null when none was run
     */
    public record Evidence(Window window, Definition definition, boolean kinked, WindowGain.Gain gain,
                           List<Curvature.Point> curvature, SpotCheck.Result spot) {
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
     * The verdict on one window from its map alone (gain and curvature).
     *
     * @param g the window's gain
     * @param curvature the curvature points of the run (those inside the window are used)
     * @param th the thresholds
     * @return the verdict
     */
    public static Verdict of(WindowGain.Gain g, List<Curvature.Point> curvature, Thresholds th) {
        return judge(new Evidence(g.window(), null, false, g, curvature, null), th);
    }

    /**
     * The rule (method.md §10), the one place it lives. Each piece of evidence gives a level and a
     * reason; the verdict is the worst level, except that a passed spot check (r ≥ spotReliable,
     * scale within bounds) overrides the indirect figures' "unreliable" to "doubtful":
     * <ul>
     *   <li>spot check: r &lt; spotUnreliable or the scale ratio outside [1/f, f] → unreliable;
     *       r &lt; spotReliable or the interval's lower end &lt; spotIntervalLow → doubtful; secant
     *       gap &gt; secantGap → doubtful;</li>
     *   <li>Definition G on a kinked model, window not starting at 0 → doubtful;</li>
     *   <li>window gain ≥ gainUnreliable → unreliable; ≥ gainDoubtful → doubtful;</li>
     *   <li>an examined step with η·λ_max &gt; 2, or curvature computed but no step of the window
     *       examined → doubtful;</li>
     *   <li>no spot check, no gain and no curvature → doubtful ("not checked").</li>
     * </ul>
     *
     * @param e the evidence
     * @param th the thresholds
     * @return the verdict
     */
    public static Verdict judge(Evidence e, Thresholds th) {
        Window w = e.window();
        List<String> reasons = new ArrayList<>();
        Level level = Level.RELIABLE;
        boolean spotPassed = false;
        SpotCheck.Result s = e.spot();
        if (s != null) {
            String r = String.format(Locale.ROOT, "spot check r = %.2f [%.2f, %.2f] on %d samples", s.pearson(),
                    s.interval().lo(), s.interval().hi(), s.n());
            double ratio = s.scaleRatio();
            boolean scaleOff = !(ratio >= 1 / th.scaleFactor() && ratio <= th.scaleFactor());
            if (Double.isNaN(s.pearson()) || s.pearson() < th.spotUnreliable()) {
                level = Level.UNRELIABLE;
                reasons.add(r + " < " + fmt(th.spotUnreliable()));
            } else if (s.pearson() < th.spotReliable()) {
                level = worse(level, Level.DOUBTFUL);
                reasons.add(r + " < " + fmt(th.spotReliable()));
            } else if (!(s.interval().lo() >= th.spotIntervalLow())) {
                level = worse(level, Level.DOUBTFUL);
                reasons.add(r + ": the interval reaches below " + fmt(th.spotIntervalLow()) + " (a few samples carry r)");
            } else {
                reasons.add(r);
                spotPassed = !scaleOff;
            }
            if (scaleOff) {
                level = Level.UNRELIABLE;
                reasons.add("estimate/leave-one-out scale " + fmt(ratio) + " outside [" + fmt(1 / th.scaleFactor()) + ", "
                        + fmt(th.scaleFactor()) + "] (median |estimate| / median |LOO|)");
            }
            if (s.secantGap() > th.secantGap()) {
                level = worse(level, Level.DOUBTFUL);
                reasons.add("secant vs derivative gap " + fmt(s.secantGap()) + " > " + fmt(th.secantGap())
                        + ": the response to removal is not linear");
            }
        }
        if (e.definition() == Definition.GLOBAL && e.kinked() && w.start() > 0) {
            level = worse(level, Level.DOUBTFUL);
            reasons.add("G window on a ReLU/max-pool model: boundary terms dominate — use --definition local");
        }
        WindowGain.Gain g = e.gain();
        if (g != null) {
            double log10 = g.log10Gain();
            String gain = Math.abs(log10) < 300 ? fmt(Math.pow(10, log10)) : String.format(Locale.ROOT, "1e%.0f", log10);
            if (log10 >= Math.log10(th.gainUnreliable())) {
                level = worse(level, spotPassed ? Level.DOUBTFUL : Level.UNRELIABLE);
                reasons.add("window gain " + gain + " ≥ " + fmt(th.gainUnreliable())
                        + ": the linear map amplifies perturbations");
            } else if (log10 >= Math.log10(th.gainDoubtful())) {
                level = worse(level, Level.DOUBTFUL);
                reasons.add("window gain " + gain + " ≥ " + fmt(th.gainDoubtful()));
            } else {
                reasons.add("window gain " + gain + (g.converged() ? "" : " (a lower bound: not converged)"));
            }
        }
        if (e.curvature() != null) {
            level = worse(level, curvature(w, e.curvature(), reasons));
        }
        if (s == null && g == null && e.curvature() == null) {
            level = worse(level, Level.DOUBTFUL);
            reasons.add("not checked: no spot check (--validate K) and no curvature figures (dit diagnose)");
        }
        return new Verdict(w, level, reasons);
    }

    private static Level curvature(Window w, List<Curvature.Point> curvature, List<String> reasons) {
        int examined = 0;
        int unstable = 0;
        int firstUnstable = -1;
        int lastUnstable = -1;
        double max = Double.NEGATIVE_INFINITY;
        double limit = Double.POSITIVE_INFINITY; // the optimizer's stability limit (2 for SGD, method.md §9.1)
        double maxUnstable = Double.NaN;
        double limitUnstable = Double.NaN;
        for (Curvature.Point p : curvature) {
            if (p.step() < w.start() || p.step() >= w.end()) {
                continue;
            }
            examined++;
            max = Math.max(max, p.etaLambdaMax());
            limit = Math.min(limit, p.limit());
            if (p.unstable()) {
                if (unstable == 0 || p.etaLambdaMax() > maxUnstable) {
                    maxUnstable = p.etaLambdaMax();
                    limitUnstable = p.limit();
                }
                unstable++;
                lastUnstable = p.step();
                if (firstUnstable < 0) {
                    firstUnstable = p.step();
                }
            }
        }
        if (examined == 0) {
            reasons.add("no step of the window was examined for curvature (use a smaller --every)");
            return Level.DOUBTFUL;
        }
        if (unstable > 0) {
            String where = firstUnstable == lastUnstable ? "step " + firstUnstable : "steps " + firstUnstable + "–" + lastUnstable;
            reasons.add(String.format(Locale.ROOT, "η·λ_max up to %s > %s at %d of %d examined steps (%s)", fmt(maxUnstable),
                    limitText(limitUnstable), unstable, examined, where));
            return Level.DOUBTFUL;
        }
        reasons.add(String.format(Locale.ROOT, "η·λ_max at most %s < %s at %d examined steps", fmt(max),
                limitText(limit), examined));
        return Level.RELIABLE;
    }

    private static Level worse(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The limit as people write it: "2" for SGD, three significant digits otherwise. */
    private static String limitText(double limit) {
        return limit == Math.rint(limit) ? String.valueOf((long) limit) : fmt(limit);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
