package dev.dit.influence.estimate;

import dev.dit.influence.Run;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import java.util.List;

/** Any influence estimator over all training samples: DIT, TracIn, influence functions, … */
@FunctionalInterface
public interface Estimator {
    /**
     * The n × windows influence matrix of {@code query} under {@code definition}.
     *
     * @param run the recorded run
     * @param query the quantity whose change is attributed
     * @param windows the windows (columns)
     * @param definition global or local
     * @param progress receives progress in the estimator's own units
     * @return the influence of every training sample in every window
     */
    InfluenceMatrix estimate(Run run, Query query, List<Window> windows, Definition definition, Progress progress);

    /** DIT by backward sweeps (the method of this project). */
    Estimator DIT = (run, query, windows, definition, progress) ->
            new DitSweep(run, query).estimate(windows, definition, progress);
}
