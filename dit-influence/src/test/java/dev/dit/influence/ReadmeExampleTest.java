package dev.dit.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.DitSweep;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.metrics.Bootstrap;
import dev.dit.influence.metrics.MatrixAgreement;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.truth.LeaveOneOut;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The README's Java example, verbatim but for fewer epochs, so that it keeps compiling and working. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRuns() {
        Dataset pool = DataSpec.load("fashion-mnist-mini", null);                 // bundled pullover vs coat
        Run run = Runs.train(pool, new Runs.DataPlan(256, 256, 256, /*split seed*/ 1, /*corrupt*/ 0.1, 7),
                ModelSpec.parse("mlp:16:tanh"),
                new TrainConfig(3, 64, 0.1, LearningRate.SQRT, 1e-3, /*seed*/ 3, /*checkpoint every*/ 1), null);

        Query valLoss = Queries.parse("val-loss", run.val(), run.test());
        List<Window> windows = Windows.parse("epochs,full", run.trajectory().epochBoundaries());

        InfluenceMatrix dit = new DitSweep(run, valLoss).estimate(windows, Definition.LOCAL, Progress.NONE);

        int[] some = IntStream.range(0, 32).map(i -> i * 8).toArray();
        InfluenceMatrix loo = new LeaveOneOut(run, valLoss, windows, Definition.LOCAL)
                .compute(some, 2, null, null, Progress.NONE);

        List<MatrixAgreement.Row> rows = MatrixAgreement.compare(dit, loo, new Bootstrap(0));
        for (MatrixAgreement.Row row : rows) {
            assertTrue(row.agreement().pearson().value() > 0.9, row.toString());
        }
        double[] lastEpoch = dit.column(windows.size() - 2);   // most negative = most harmful
        assertEquals(256, lastEpoch.length);
        assertEquals("epoch3", windows.get(windows.size() - 2).label());
    }
}
