package dev.dit.influence.diagnose;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts on an influence estimate's windows (method.md §10): runs the {@link SpotCheck}
 * when asked and hands each window's evidence to {@link Verdict#judge}.
 *
 * @param verdicts one per window of the estimate, in order
 * @param spotChecks one per window when a spot check was run, else empty
 */
public record Trust(List<Verdict> verdicts, List<SpotCheck.Result> spotChecks) {

    /**
     * Copies the lists.
     *
     * @param verdicts the verdicts
     * @param spotChecks the spot checks (empty or one per verdict)
     */
    public Trust {
        verdicts = List.copyOf(verdicts);
        spotChecks = List.copyOf(spotChecks);
    }

    /**
     * Judges every window of {@code estimate}.
     *
     * @param run the recorded run
     * @param query the estimate's query
     * @param estimate the estimate (rows for every training sample when {@code spot} is given)
     * @param spot the spot-check options, or null for none
     * @param diagnosis curvature and gains of the run (only windows with the same bounds use a gain), or null
     * @param thresholds the rule's thresholds
     * @param progress told about the spot check's replays
     * @return the verdicts
     */
    public static Trust of(Run run, Query query, InfluenceMatrix estimate, SpotCheck.Options spot, Diagnosis diagnosis,
                           Verdict.Thresholds thresholds, Progress progress) {
        List<SpotCheck.Result> spots = spot == null ? List.of() : SpotCheck.check(run, query, estimate, spot, progress);
        List<Verdict> out = new ArrayList<>();
        boolean kinked = kinked(run.model().spec());
        for (int w = 0; w < estimate.windows().size(); w++) {
            Window win = estimate.windows().get(w);
            WindowGain.Gain gain = null;
            if (diagnosis != null) {
                for (WindowGain.Gain g : diagnosis.gains()) {
                    if (g.window().start() == win.start() && g.window().end() == win.end()) {
                        gain = g;
                    }
                }
            }
            out.add(Verdict.judge(new Verdict.Evidence(win, estimate.definition(), kinked, gain,
                    diagnosis == null ? null : diagnosis.curvature(), spots.isEmpty() ? null : spots.get(w)), thresholds));
        }
        return new Trust(out, spots);
    }

    /**
     * Whether a model has kinks that make Definition G windows unreliable: ReLU hidden layers or
     * max-pooling (every CNN).
     *
     * @param spec the model
     * @return true for ReLU MLPs and CNNs
     */
    public static boolean kinked(ModelSpec spec) {
        return spec.kind() == ModelSpec.Kind.CNN
                || (spec.kind() == ModelSpec.Kind.MLP && spec.activation() == ModelSpec.Activation.RELU);
    }
}
