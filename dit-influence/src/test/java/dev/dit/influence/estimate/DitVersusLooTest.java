package dev.dit.influence.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.metrics.Correlation;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.truth.LeaveOneOut;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol of the issue: binary logistic regression, 256 samples, batch 64, 21 epochs. */
class DitVersusLooTest {
    static Run run;
    static Query query;
    static List<Window> windows;

    @BeforeAll
    static void train() {
        run = Runs.train(DataSpec.load("fashion-mnist-mini", null), new Runs.DataPlan(256, 256, 256, 1, 0, 0),
                ModelSpec.parse("logreg"), new TrainConfig(21, 64, 0.1, LearningRate.SQRT, 1e-3, 3, 1), null);
        query = Queries.parse("val-loss", run.val(), run.test());
        windows = Windows.parse("full,first,middle,last", run.trajectory().epochBoundaries());
    }

    private static int[] all() {
        int[] s = new int[run.n()];
        for (int i = 0; i < s.length; i++) {
            s[i] = i;
        }
        return s;
    }

    @Test
    void globalFullWindowAgreesWithRetraining() {
        InfluenceMatrix est = new DitSweep(run, query).estimate(windows, Definition.GLOBAL, Progress.NONE);
        InfluenceMatrix loo = new LeaveOneOut(run, query, windows, Definition.GLOBAL).compute(all(), 2, null, null, Progress.NONE);
        double r = Correlation.pearson(est.column(0), loo.column(0));
        System.out.printf("logreg G full: pearson %.4f%n", r);
        assertTrue(r >= 0.95, "pearson " + r);
    }

    @Test
    void localLastEpochAgreesWithRetraining() {
        InfluenceMatrix est = new DitSweep(run, query).estimate(windows, Definition.LOCAL, Progress.NONE);
        InfluenceMatrix loo = new LeaveOneOut(run, query, windows, Definition.LOCAL).compute(all(), 2, null, null, Progress.NONE);
        double r = Correlation.pearson(est.column(3), loo.column(3));
        System.out.printf("logreg L last: pearson %.4f%n", r);
        assertTrue(r >= 0.95, "pearson " + r);
    }

    @Test
    void globalAndLocalAreTheSameOnTheFullWindow() {
        List<Window> full = Windows.parse("full", run.trajectory().epochBoundaries());
        InfluenceMatrix g = new DitSweep(run, query).estimate(full, Definition.GLOBAL, Progress.NONE);
        InfluenceMatrix l = new DitSweep(run, query).estimate(full, Definition.LOCAL, Progress.NONE);
        for (int j = 0; j < run.n(); j++) {
            assertEquals(g.get(j, 0), l.get(j, 0), 0.0, "sample " + j);
        }
        int[] some = {0, 17, 200};
        InfluenceMatrix lg = new LeaveOneOut(run, query, full, Definition.GLOBAL).compute(some, 1, null, null, Progress.NONE);
        InfluenceMatrix ll = new LeaveOneOut(run, query, full, Definition.LOCAL).compute(some, 1, null, null, Progress.NONE);
        for (int r = 0; r < some.length; r++) {
            assertEquals(lg.get(r, 0), ll.get(r, 0), 0.0);
        }
    }

    @Test
    void leaveOneOutRefusesFewerThanOneThread() {
        List<Window> full = Windows.parse("full", run.trajectory().epochBoundaries());
        LeaveOneOut loo = new LeaveOneOut(run, query, full, Definition.GLOBAL);
        for (int threads : new int[] {0, -2}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> loo.compute(new int[] {0}, threads, null, null, Progress.NONE));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("threads must be >= 1, got " + threads),
                    e.getMessage());
        }
    }

    @Test
    void leaveOneOutDoesNotDependOnTheThreadCount() {
        int[] some = {3, 5, 8, 13, 21, 34};
        InfluenceMatrix one = new LeaveOneOut(run, query, windows, Definition.GLOBAL).compute(some, 1, null, null, Progress.NONE);
        InfluenceMatrix two = new LeaveOneOut(run, query, windows, Definition.GLOBAL).compute(some, 2, null, null, Progress.NONE);
        for (int r = 0; r < some.length; r++) {
            for (int w = 0; w < windows.size(); w++) {
                assertEquals(one.get(r, w), two.get(r, w), 0.0);
            }
        }
    }
}
