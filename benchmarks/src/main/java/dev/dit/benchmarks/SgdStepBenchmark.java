package dev.dit.benchmarks;

import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.Sgd;
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
 * One {@link Sgd#step} on a batch of 64 drawn from 256 training samples: batch copy, forward,
 * reverse, update θ in place. The same batch is used at every call and the learning rate is
 * small, so θ drifts slowly and stays finite.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SgdStepBenchmark {
    private static final int N = 256;

    @Param({"logreg", "mlp:64", "cnn:8,16", "resnet", "gelu-ln-mlp:64"})
    public String model;

    private Sgd sgd;
    private Dataset train;
    private double[] theta;
    private int[] batch;

    /** Builds the model, data and buffers once per trial (fixed seeds). */
    @Setup(Level.Trial)
    public void setUp() {
        Model m = Workloads.model(model);
        train = Workloads.data(model, N, 11);
        sgd = new Sgd(new Evaluator(m));
        theta = m.initialParameters(1);
        batch = new int[Workloads.BATCH];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < batch.length; i++) {
            batch[i] = r.nextInt(N);
        }
    }

    /** One SGD step (η = 1e-3, α = 1e-3) in place. */
    @Benchmark
    public double step() {
        sgd.step(theta, train, batch, 1e-3, 1e-3, -1);
        return theta[0];
    }
}
