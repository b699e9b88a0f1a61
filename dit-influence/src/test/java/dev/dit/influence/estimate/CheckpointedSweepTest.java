package dev.dit.influence.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointedSweepTest {

    private static Run run(int k) {
        Dataset pool = DataSpec.load("moons:n=120,noise=0.2", null);
        return Runs.train(pool, new Runs.DataPlan(48, 24, 8, 4, 0, 0), ModelSpec.parse("mlp:6:tanh"),
                new TrainConfig(5, 10, 0.3, LearningRate.SQRT, 1e-2, 9, k), null);
    }

    @Test
    void sweepOverCheckpointsIsBitIdenticalToSweepOverEveryStep() {
        Run every = run(1);
        Run sparse = run(4);
        Query q1 = Queries.parse("val-loss", every.val(), every.test());
        Query q2 = Queries.parse("val-loss", sparse.val(), sparse.test());
        List<Window> ws = Windows.parse("epochs,full,last:2", every.trajectory().epochBoundaries());
        for (Definition d : Definition.values()) {
            InfluenceMatrix a = new DitSweep(every, q1).estimate(ws, d, Progress.NONE);
            InfluenceMatrix b = new DitSweep(sparse, q2).estimate(ws, d, Progress.NONE);
            for (int j = 0; j < a.rows(); j++) {
                for (int w = 0; w < ws.size(); w++) {
                    assertEquals(a.get(j, w), b.get(j, w), 0.0, d + " " + ws.get(w) + " sample " + j);
                }
            }
        }
    }

    @Test
    void globalEpochWindowsTelescopeToTheFullWindow() {
        Run r = run(1);
        Query q = Queries.parse("val-loss", r.val(), r.test());
        List<Window> ws = Windows.parse("epochs,full", r.trajectory().epochBoundaries());
        InfluenceMatrix g = new DitSweep(r, q).estimate(ws, Definition.GLOBAL, Progress.NONE);
        int full = ws.size() - 1;
        for (int j = 0; j < g.rows(); j++) {
            double sum = 0;
            for (int w = 0; w < full; w++) {
                sum += g.get(j, w);
            }
            // G windows telescope: P(t2) - P(t1) summed over consecutive epochs is P(T) - P(0)
            assertEquals(g.get(j, full), sum, 1e-12 * Math.max(1e-12, Math.abs(g.get(j, full))) + 1e-17);
        }
    }
}
