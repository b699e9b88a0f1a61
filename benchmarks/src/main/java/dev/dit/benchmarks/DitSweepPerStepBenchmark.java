package dev.dit.benchmarks;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.DitSweep;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.Evaluator;
import dev.dit.models.train.Sgd;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-step cost of a DIT sweep (Definition L, window {@code full}) against per-step cost of the
 * training it explains, on a short recorded trajectory: 256 blob samples, batch 64, 4 epochs =
 * {@value #STEPS} steps, query {@code val-loss} on 64 validation samples (one batch gradient at the
 * top of the sweep, amortised over the steps). Scores are per step: JMH divides each invocation
 * by {@value #STEPS}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DitSweepPerStepBenchmark {
    /** Steps of the recorded trajectory. */
    static final int STEPS = 16;

    @Param({"logreg", "mlp:64", "cnn:8,16"})
    public String model;

    private Run run;
    private Query query;
    private List<Window> full;
    private Sgd sgd;
    private double[] theta;

    /** Records (trains) the run and builds the query and buffers once per trial (fixed seeds). */
    @Setup(Level.Trial)
    public void setUp() {
        run = SweepRuns.record(model, 256, Workloads.BATCH, STEPS * Workloads.BATCH / 256, 0.01);
        if (run.trajectory().steps() != STEPS) {
            throw new IllegalStateException("expected " + STEPS + " steps, got " + run.trajectory().steps());
        }
        query = Queries.parse("val-loss", run.val(), run.test());
        full = Windows.parse("full", run.trajectory().epochBoundaries());
        sgd = new Sgd(new Evaluator(run.model()));
        theta = new double[run.model().parameterCount()];
    }

    /** A whole sweep, reported per step. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public InfluenceMatrix sweep() {
        return new DitSweep(run, query).estimate(full, Definition.LOCAL, Progress.NONE);
    }

    /** The run's SGD steps from θ_0, reported per step. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double sgdSteps() {
        SweepRuns.replaySteps(run, sgd, theta);
        return theta[0];
    }
}
