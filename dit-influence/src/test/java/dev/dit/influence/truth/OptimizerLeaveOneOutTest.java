package dev.dit.influence.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.train.Optimizer;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trajectory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Leave-one-out with a stateful optimizer, against counterfactual runs written out here. */
class OptimizerLeaveOneOutTest {

    private static Run run(String optimizer) {
        return Runs.train(DataSpec.load("blobs:n=120,d=4,k=2,sep=1.5", null), new Runs.DataPlan(40, 20, 10, 2, 0, 0),
                ModelSpec.parse("mlp:5:tanh"), TrainConfig.builder().epochs(3).batchSize(8).learningRate(0.05)
                        .l2(0.01).seed(4).checkpointEvery(3).optimizer(OptimizerSpec.parse(optimizer)).build(), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum:0.9", "nesterov:0.9", "adam", "adamw:0.9,0.999,1e-8,0.1"})
    void globalAndLocalMatchRetrainingWithTheStateCarried(String optimizer) {
        Run run = run(optimizer);
        Trajectory traj = run.trajectory();
        Query q = Queries.parse("val-loss", run.val(), run.test());
        List<Window> ws = Windows.parse("full,epochs,4:11", traj.epochBoundaries());
        int[] samples = {0, 13, 39};
        InfluenceMatrix g = new LeaveOneOut(run, q, ws, Definition.GLOBAL).compute(samples, 2, null, null, Progress.NONE);
        InfluenceMatrix l = new LeaveOneOut(run, q, ws, Definition.LOCAL).compute(samples, 1, null, null, Progress.NONE);
        InfluenceMatrix l2 = new LeaveOneOut(run, q, ws, Definition.LOCAL).compute(samples, 2, null, null, Progress.NONE);
        for (int r = 0; r < samples.length; r++) {
            int j = samples[r];
            for (int w = 0; w < ws.size(); w++) {
                Window win = ws.get(w);
                double expectedG = (retrain(run, j, 0, win.end(), true) - f(run, q, win.end()))
                        - (retrain(run, j, 0, win.start(), true) - f(run, q, win.start()));
                assertEquals(expectedG, g.get(r, w), 0.0, "G " + win + " sample " + j);
                double expectedL = retrain(run, j, win.start(), win.end(), false) - f(run, q, win.end());
                assertEquals(expectedL, l.get(r, w), 0.0, "L " + win + " sample " + j);
                assertEquals(l.get(r, w), l2.get(r, w), 0.0, "thread count");
            }
        }
        // the state matters: starting the L counterfactual from θ_{t1} with a zero state is another number
        Window win = ws.get(ws.size() - 1);
        double zeroState = retrain(run, 13, win.start(), win.end(), true) - f(run, q, win.end());
        assertNotEquals(l.get(1, ws.size() - 1), zeroState);
    }

    private static double f(Run run, Query q, int t) {
        double[] theta = new double[run.model().parameterCount()];
        run.replay().theta(t, theta);
        return q.value(theta, new Evaluator(run.model()));
    }

    /**
     * F after steps [from, to) without j, starting at the original θ_from and either the original
     * optimizer state there or (zeroState) a fresh one with the same step count.
     */
    private static double retrain(Run run, int j, int from, int to, boolean zeroState) {
        Trajectory traj = run.trajectory();
        int p = run.model().parameterCount();
        double[] theta = new double[p];
        OptimizerState s = new OptimizerState(traj.optimizer(), p);
        run.replay().state(from, theta, s);
        if (zeroState) {
            s = new OptimizerState(traj.optimizer(), p);
            s.steps(from);
        }
        Evaluator ev = new Evaluator(run.model());
        Optimizer opt = new Optimizer(traj.optimizer(), ev);
        for (int t = from; t < to; t++) {
            opt.step(theta, s, run.train(), traj.batch(t), traj.learningRate(t), traj.alpha(), j);
        }
        return Queries.parse("val-loss", run.val(), run.test()).value(theta, ev);
    }
}
