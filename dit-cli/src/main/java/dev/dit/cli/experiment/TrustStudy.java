package dev.dit.cli.experiment;

import dev.dit.cli.report.Plots;
import dev.dit.influence.Run;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.Diagnosis;
import dev.dit.influence.diagnose.SpotCheck;
import dev.dit.influence.diagnose.Trust;
import dev.dit.influence.diagnose.Verdict;
import dev.dit.influence.diagnose.WindowGain;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The trust section of a report (docs/method.md §10): for each definition, DIT's verdict per
 * window from a spot check of K samples, shown as a coloured panel, with the secant-vs-derivative
 * scatter, and written to {@code trust[_TAG].csv}/{@code .json}.
 */
final class TrustStudy {
    /** The K of the experiments' and demo's spot checks when none is given. */
    static final int DEFAULT_K = 8;

    /**
     * About this many examined steps (plus each epoch's last) for the report's curvature figures:
     * enough to see where η·λ_max crosses the limit, cheap next to the spot checks' retrainings.
     */
    static final int CURVATURE_POINTS = 32;

    /**
     * The window gain only has to be right to within its thresholds (2 and 10, method.md §10): a
     * few Lanczos iterations suffice and keep the gains' cost near that of one sweep per window.
     */
    static final WindowGain.Options GAIN = new WindowGain.Options(8, 1e-2, 0);

    private TrustStudy() {
    }

    /** Runs the spot checks of both definitions and adds the section; returns the verdicts per definition. */
    static Map<Definition, Trust> run(Outputs out, String tag, String what, Run run, Query q, List<Window> windows, int k,
                                      long seed, int threads, Feedback feedback) {
        String name = tag.isEmpty() ? "trust" : "trust_" + tag;
        out.section("Can these numbers be trusted?" + what);
        out.paragraph("For " + k + " seeded samples per window, exact leave-one-out and a half-removal replay (the sample's "
                + "loss weighted 1/2) on the same definition: the spot-check Pearson r of DIT against leave-one-out, with a "
                + "95% bootstrap interval, and the secant 2(F(1/2) - F(1)) against DIT's derivative. A verdict per window "
                + "(docs/method.md section 10): green reliable, amber doubtful (check before relying on it), red unreliable. "
                + "The verdicts also weigh the curvature figures below (eta*lambda_max at about " + CURVATURE_POINTS
                + " examined steps and each window's gain).");
        Table table = new Table("definition", "window", "verdict", "spot_r", "spot_r_lo", "spot_r_hi", "secant_r",
                "secant_gap", "scale_ratio", "reasons");
        Map<Definition, Trust> result = new EnumMap<>(Definition.class);
        Diagnosis diagnosis;
        try (Feedback.Task task = feedback.task("curvature", 1)) {
            int every = Math.max(1, run.trajectory().steps() / CURVATURE_POINTS);
            diagnosis = Diagnosis.of(run, windows, new Curvature.Options(every, 1, 20, 1e-3, seed), GAIN, task);
        }
        for (Definition d : Definition.values()) {
            String letter = Influences.letter(d);
            InfluenceMatrix m;
            Trust t;
            try (Feedback.Task task = feedback.task("spot check " + letter, 1)) {
                m = Estimator.DIT.estimate(run, q, windows, d, (a, b) -> { });
                t = Trust.of(run, q, m, new SpotCheck.Options(k, seed, threads, 1000), diagnosis, Verdict.Thresholds.defaults(),
                        task);
            }
            result.put(d, t);
            out.trust("DIT-" + letter, t.verdicts());
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int w = 0; w < windows.size(); w++) {
                Verdict v = t.verdicts().get(w);
                SpotCheck.Result s = t.spotChecks().get(w);
                table.add(d.id(), v.window().label(), v.level().id(), s.pearson(), s.interval().lo(), s.interval().hi(),
                        s.secantPearson(), s.secantGap(), s.scaleRatio(), String.join("; ", v.reasons()));
                for (int i = 0; i < s.n(); i++) {
                    xs.add(s.estimate()[i]);
                    ys.add(s.secant()[i]);
                }
            }
            double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
            out.figure(name + "_secant_" + d.id(), "DIT-" + letter + ": the secant 2(F(1/2) - F(1)) of the half-removal "
                    + "against DIT's derivative, the spot-check samples of every window; on the diagonal when removal acts "
                    + "linearly.", png -> Plots.scatter(png, "Secant vs derivative, DIT-" + letter, "DIT estimate (derivative)",
                    "2 (F(1/2) - F(1)) (secant)", x, y, null));
        }
        out.table(name, "Spot checks and verdicts per definition and window" + what, table);
        CurvatureFigures.draw(out, CurvatureFigures.of(diagnosis), tag);
        return result;
    }
}
