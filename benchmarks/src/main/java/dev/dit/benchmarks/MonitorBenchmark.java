package dev.dit.benchmarks;

import dev.dit.influence.Runs;
import dev.dit.influence.PreparedData;
import dev.dit.influence.diagnose.CurvatureMonitor;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of {@code dit train --monitor} at its default K: the same training (the bundled
 * Fashion-MNIST pullover/coat subset, 640 training and 256 validation images, batch 64,
 * 16 epochs = 160 steps, lr 0.05 sqrt, as {@code dit train} does it with per-epoch metrics)
 * without ({@code plain}) and with ({@code monitored}) the {@link CurvatureMonitor} listening.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MonitorBenchmark {
    @Param({"mlp:16:tanh", "cnn:8,16"})
    public String spec;

    @Param({"sgd"})
    public String optimizer;

    @Param({"" + CurvatureMonitor.DEFAULT_EVERY})
    public int every;

    private Dataset train;
    private Dataset val;
    private TrainConfig cfg;
    private Model model;

    /** Loads and splits the data once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        Runs.DataPlan plan = Runs.DataPlan.builder().nTrain(640).nVal(256).nTest(0).splitSeed(1).build();
        PreparedData d = PreparedData.prepare(DataSpec.load("fashion-mnist-mini", null), plan);
        train = d.train();
        val = d.val();
        model = new Model(ModelSpec.parse(spec), train.sampleShape(), train.numClasses());
        cfg = TrainConfig.builder().epochs(16).batchSize(64).learningRate(0.05).schedule(LearningRate.SQRT)
                .l2(1e-3).seed(1).checkpointEvery(1).optimizer(OptimizerSpec.parse(optimizer)).build();
    }

    /** Training without the monitor. */
    @Benchmark
    public Trainer.Result plain() {
        return Trainer.train(model, train, val, cfg, null);
    }

    /** Training with the monitor at {@code every}. */
    @Benchmark
    public Trainer.Result monitored() {
        CurvatureMonitor m = new CurvatureMonitor(model, train, cfg.optimizer(), cfg.batchSize(), cfg.epochs(),
                CurvatureMonitor.options(every), null, null);
        return Trainer.train(model, train, val, cfg, m);
    }
}
