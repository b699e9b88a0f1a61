package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Windows;
import java.util.Map;

/** DIT matrices over a window spec, saved as influence CSVs. */
final class PerEpoch {
    private PerEpoch() {
    }

    /** DIT of {@code query} over {@code windowSpec} under {@code def}, saved as {@code NAME.csv}. */
    static InfluenceMatrix dit(Outputs out, String name, Run run, Query query, String windowSpec, Definition def,
                               Feedback feedback) {
        InfluenceMatrix m;
        try (Feedback.Task task = feedback.task("DIT-" + Influences.letter(def) + " " + windowSpec, 1)) {
            m = Estimator.DIT.estimate(run, query, Windows.parse(windowSpec, run.trajectory().epochBoundaries()), def, task);
        }
        Influences.save(out, name, run, m, Map.of("windows_spec", windowSpec));
        return m;
    }
}
