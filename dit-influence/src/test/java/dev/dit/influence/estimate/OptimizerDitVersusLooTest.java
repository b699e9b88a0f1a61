package dev.dit.influence.estimate;

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
import dev.dit.models.data.Dataset;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DIT against exact leave-one-out per optimizer on the bundled Fashion-MNIST subset (256 training
 * samples, batch 64, 15 epochs, the demo's mlp:16:tanh, sqrt decay, L2 1e-3), at a learning rate
 * where each trains stably. Leave-one-out on 32 samples (every 8th) to keep the test short. The
 * table in the README comes from the same settings through {@code dit experiment correlation}.
 */
class OptimizerDitVersusLooTest {
    private static final Dataset POOL = DataSpec.load("fashion-mnist-mini", null);

    @ParameterizedTest
    @CsvSource({"momentum:0.9, 0.01", "nesterov:0.9, 0.01", "adam, 0.001", "adamw, 0.001"})
    void globalFullAndLocalLastAgreeWithRetraining(String optimizer, double lr) {
        TrainConfig cfg = TrainConfig.builder().epochs(15).batchSize(64).learningRate(lr).schedule(LearningRate.SQRT)
                .l2(1e-3).seed(0).optimizer(OptimizerSpec.parse(optimizer)).build();
        Run run = Runs.train(POOL, new Runs.DataPlan(256, 256, 256, 1, 0, 0), ModelSpec.parse("mlp:16:tanh"), cfg,
                null);
        Query query = Queries.parse("val-loss", run.val(), run.test());
        List<Window> windows = Windows.parse("full,last", run.trajectory().epochBoundaries());
        int[] samples = new int[32];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 8 * i;
        }
        check(run, query, windows, samples, Definition.GLOBAL, 0, optimizer);
        check(run, query, windows, samples, Definition.LOCAL, 1, optimizer);
    }

    private static void check(Run run, Query query, List<Window> windows, int[] samples, Definition def, int column,
                              String optimizer) {
        InfluenceMatrix est = new DitSweep(run, query).estimate(windows, def, Progress.NONE);
        InfluenceMatrix loo = new LeaveOneOut(run, query, windows, def).compute(samples, 2, null, null, Progress.NONE);
        double[] dit = new double[samples.length];
        for (int r = 0; r < samples.length; r++) {
            dit[r] = est.get(samples[r], column);
        }
        double[] truth = loo.column(column);
        double pearson = Correlation.pearson(dit, truth);
        System.out.printf(Locale.ROOT, "%s %s %s: pearson %.4f spearman %.4f kendall %.4f%n", optimizer, def.id(),
                windows.get(column), pearson, Correlation.spearman(dit, truth), Correlation.kendallTauB(dit, truth));
        assertTrue(pearson >= 0.95, optimizer + " " + def.id() + " " + windows.get(column) + ": pearson " + pearson);
    }
}
