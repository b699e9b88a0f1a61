package dev.dit.benchmarks;

import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Node;
import dev.dit.models.BatchGraph;
import dev.dit.models.Model;
import dev.dit.models.data.Dataset;
import java.util.Arrays;
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
 * One derivative of a batch of 64 on a model's graph, through whatever kernels
 * {@code KernelsProvider} chose:
 * <ul>
 *   <li>{@code gradient} — forward, then reverse mode (the gradient of the mean batch loss);</li>
 *   <li>{@code jvp} — forward with tangents along v (all 64 directional derivatives
 *       ⟨v, ∇ℓ_i⟩ at once);</li>
 *   <li>{@code hvp} — forward-over-reverse: exact H v of the mean batch loss, plus the 64
 *       directional derivatives;</li>
 *   <li>{@code hvp2} — two such HVPs along two directions at the same θ and batch, each a whole
 *       {@code hvp} (what a sweep with two tracks did per step);</li>
 *   <li>{@code hvp2-shared} — the same two, the second by {@link Graph#hvpAtSameValues} (the
 *       batch's values computed once; what {@code DitSweep} does now).</li>
 * </ul>
 * The batch is loaded once in setup; the measured method allocates nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ModelDerivativesBenchmark {
    @Param({"logreg", "mlp:64", "cnn:8,16", "resnet", "gelu-ln-mlp:64"})
    public String model;

    @Param({"gradient", "jvp", "hvp", "hvp2", "hvp2-shared"})
    public String op;

    private Graph graph;
    private Node loss;
    private double[] theta;
    private double[] v;
    private double[] v2;
    private double[] hv2;
    private double[] seed;
    private double[] grad;
    private double[] hv;

    /** Builds the model, data and buffers once per trial (fixed seeds). */
    @Setup(Level.Trial)
    public void setUp() {
        Model m = Workloads.model(model);
        Dataset data = Workloads.data(model, Workloads.BATCH, 11);
        BatchGraph bg = m.build(Workloads.BATCH);
        bg.load(data, Workloads.range(Workloads.BATCH), 0);
        graph = bg.graph();
        loss = bg.loss();
        int p = m.parameterCount();
        theta = m.initialParameters(1);
        v = Workloads.randomVector(p, 1.0, 2);
        v2 = Workloads.randomVector(p, 1.0, 3);
        hv2 = new double[p];
        seed = new double[Workloads.BATCH];
        Arrays.fill(seed, 1.0 / Workloads.BATCH);
        grad = new double[p];
        hv = new double[p];
    }

    /** The selected derivative; returns one entry so the work cannot be eliminated. */
    @Benchmark
    public double derivative() {
        switch (op) {
            case "gradient":
                graph.forward(theta);
                graph.gradient(loss, seed, grad);
                return grad[0];
            case "jvp":
                graph.jvp(theta, v);
                return loss.tangent(0);
            case "hvp":
                graph.hvp(loss, seed, theta, v, hv, null);
                return hv[0];
            case "hvp2":
                graph.hvp(loss, seed, theta, v, hv, null);
                graph.hvp(loss, seed, theta, v2, hv2, null);
                return hv[0] + hv2[0];
            case "hvp2-shared":
                graph.hvp(loss, seed, theta, v, hv, null);
                graph.hvpAtSameValues(loss, seed, v2, hv2);
                return hv[0] + hv2[0];
            default:
                throw new IllegalStateException("unknown op " + op);
        }
    }
}
