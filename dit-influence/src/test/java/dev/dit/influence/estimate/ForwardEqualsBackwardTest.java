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

    /** The sweep reads the recorded η_t, so every learning-rate schedule is covered as it stands. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"mlp:5:tanh|cosine|1", "logreg|step:1,0.5|3", "mlp:4:softplus|warmup:6,cosine|2",
        "mlp:4:tanh|warmup:3,step:2,0.3|1"})
    void backwardSweepEqualsForwardRecursionUnderEverySchedule(String spec, String schedule, int checkpointEvery) {
        TrainConfig cfg = TrainConfig.builder().epochs(4).batchSize(8).learningRate(0.3)
                .schedule(LearningRate.parse(schedule)).l2(0.01).seed(5).checkpointEvery(checkpointEvery).build();
        Run run = Runs.train(DataSpec.load("blobs:n=200,d=5,k=2,sep=1.5", null), new Runs.DataPlan(40, 20, 10, 2, 0, 0),
                ModelSpec.parse(spec), cfg, null);
        Query q = Queries.parse("val-loss", run.val(), run.test());
        List<Window> ws = Windows.parse("full,epochs,3:11", run.trajectory().epochBoundaries());
        ForwardRecursion fwd = new ForwardRecursion(run, q);
        for (Definition def : Definition.values()) {
            InfluenceMatrix m = new DitSweep(run, q).estimate(ws, def, Progress.NONE);
            for (int j : new int[] {0, 7, 39}) {
                double[] f = fwd.estimate(j, ws, def);
                for (int w = 0; w < ws.size(); w++) {
                    double scale = Math.max(1e-300, Math.abs(f[w]));
                    assertEquals(f[w], m.get(j, w), 1e-10 * scale + 1e-18, schedule + " " + def + " " + ws.get(w)
                            + " sample " + j);
                }
            }
        }
    }

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
