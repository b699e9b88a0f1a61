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
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardEqualsBackwardTest {

    @ParameterizedTest
    @CsvSource({"mlp:6:tanh,val-loss,1", "logreg,logit:3,1", "mlp:5:softplus,prob:2:0,3", "mlp:4:tanh,test-loss:1,2"})
    void backwardSweepEqualsForwardRecursion(String spec, String querySpec, int checkpointEvery) {
        Run run = Runs.train(DataSpec.load("blobs:n=200,d=5,k=2,sep=1.5", null), new Runs.DataPlan(40, 20, 10, 2, 0, 0),
                ModelSpec.parse(spec), new TrainConfig(4, 8, 0.2, LearningRate.SQRT, 0.01, 5, checkpointEvery), null);
        Query q = Queries.parse(querySpec, run.val(), run.test());
        List<Window> ws = Windows.parse("full,epochs,3:11", run.trajectory().epochBoundaries());
        ForwardRecursion fwd = new ForwardRecursion(run, q);
        for (Definition def : Definition.values()) {
            InfluenceMatrix m = new DitSweep(run, q).estimate(ws, def, Progress.NONE);
            for (int j : new int[] {0, 7, 39}) {
                double[] f = fwd.estimate(j, ws, def);
                for (int w = 0; w < ws.size(); w++) {
                    double scale = Math.max(1e-300, Math.abs(f[w]));
                    assertEquals(f[w], m.get(j, w), 1e-10 * scale + 1e-18, def + " " + ws.get(w) + " sample " + j);
                }
            }
        }
    }
}
