package dev.dit.benchmarks;

import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.DitSweep;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.Evaluator;
import dev.dit.models.ModelSpec;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.Sgd;
import dev.dit.models.train.TrainConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The headline ratio: a whole DIT sweep (Definition L, window {@code full}, query {@code val-loss}
 * on 256 validation samples) over a recorded trajectory of the MLP 784-64-10, against training
 * the same 320 steps (256 blob samples, 10 classes, batch 64, 80 epochs). Three operations:
 * <ul>
 *   <li>{@code sweep} — {@link DitSweep#estimate}: one query gradient, then 320 exact HVPs with
 *       the directional derivatives, top down;</li>
 *   <li>{@code sgdSteps} — the 320 {@link Sgd#step}s alone, same batches and rates;</li>
 *   <li>{@code trainer} — the full {@code Runs.train}, which also evaluates loss and accuracy on
 *       the train and validation splits after every epoch.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DitSweepBenchmark {
    private static final String SPEC = "mlp:64";
    private static final int N = 256;
    private static final int EPOCHS = 80;
    private static final double LR = 0.05;

    private Run run;
    private Query query;
    private List<Window> full;
    private Sgd sgd;
    private double[] theta;
    private TrainConfig cfg;

    /** Records (trains) the run and builds the query and buffers once per trial (fixed seeds). */
    @Setup(Level.Trial)
    public void setUp() {
        run = SweepRuns.record(SPEC, N, N, EPOCHS, LR);
        if (run.trajectory().steps() != 320) {
            throw new IllegalStateException("expected 320 steps, got " + run.trajectory().steps());
        }
        query = Queries.parse("val-loss", run.val(), run.test());
        full = Windows.parse("full", run.trajectory().epochBoundaries());
        sgd = new Sgd(new Evaluator(run.model()));
        theta = new double[run.model().parameterCount()];
        cfg = new TrainConfig(EPOCHS, Workloads.BATCH, LR, LearningRate.CONSTANT, 1e-3, 7, 1);
    }

    /** The whole 320-step sweep. */
    @Benchmark
    public InfluenceMatrix sweep() {
        return new DitSweep(run, query).estimate(full, Definition.LOCAL, Progress.NONE);
    }

    /** The 320 SGD steps of the run, from θ_0. */
    @Benchmark
    public double sgdSteps() {
        SweepRuns.replaySteps(run, sgd, theta);
        return theta[0];
    }

    /** Training as the tool does it (trajectory kept in memory, per-epoch metrics). */
    @Benchmark
    public Run trainer() {
        return Runs.train(run.train(), run.val(), run.test(), new int[0], ModelSpec.parse(SPEC), cfg, null);
    }
}
