package dev.dit.cli;

import dev.dit.cli.experiment.TrainingBudget;
import dev.dit.influence.Runs;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.CurvatureMonitor;
import dev.dit.influence.diagnose.CurvatureWarning;
import dev.dit.influence.diagnose.TrainingWarnings;
import dev.dit.influence.rundir.RunInfo;
import dev.dit.influence.rundir.RunTraining;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.FashionMnist;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.TrainMetrics;
import dev.dit.models.train.Trainer;
import dev.dit.models.train.Trajectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dit train}: loads a data pool, splits it, optionally corrupts training labels, trains a
 * model with plain SGD and writes a self-contained run directory ({@code docs/run-directory.md}).
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Train a model with plain SGD and record its trajectory in a run directory.",
            "One seed fixes the split, the label corruption, θ_0 and the batches:"
                    + " the same arguments give a byte-identical run directory."})
public final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "SPEC",
            description = "Data pool: fashion-mnist[:CLASS,CLASS,...], fashion-mnist-mini[:pullover,coat],"
                    + " idx:IMAGES,LABELS, csv:PATH[:label=COLUMN], blobs[:n=N,d=D,k=K,sep=S,seed=SEED],"
                    + " moons[:n=N,noise=SIGMA,seed=SEED].")
    String data;

    @Option(names = "--model", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "SPEC",
            converter = Converters.ModelSpecs.class,
            description = "Model: a layer list such as conv(8,3,pad=1),relu,maxpool(2),flatten,dense(32),gelu,dense"
                    + " (layers dense(n), conv(c,k[,stride=s,pad=p]), maxpool(k[,s]), avgpool(k[,s]), globalavgpool,"
                    + " flatten, layernorm, relu, leaky_relu(a), tanh, sigmoid, softplus, gelu, elu, residual(...);"
                    + " the last is a bare dense), @FILE.json with the same list, or logreg, mlp:W[,W...][:act],"
                    + " cnn:C[,C...][:act], act = relu|tanh|sigmoid|softplus.")
    String model;

    @Option(names = "--n-train", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "N",
            converter = Converters.Positive.class, description = "Training samples drawn from the pool.")
    int nTrain;

    @Option(names = "--n-val", paramLabel = "N", defaultValue = "256", converter = Converters.NonNegative.class,
            description = "Validation samples (for the training log and the default influence query).")
    int nVal;

    @Option(names = "--n-test", paramLabel = "N", defaultValue = "256", converter = Converters.NonNegative.class,
            description = "Test samples.")
    int nTest;

    @Option(names = "--epochs", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "E",
            converter = Converters.Positive.class, description = "Passes over the training set.")
    int epochs;

    @Option(names = "--batch", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "B",
            converter = Converters.Positive.class,
            description = "Mini-batch size (the last batch of an epoch may be smaller).")
    int batch;

    @Option(names = "--lr", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "L",
            converter = Converters.PositiveNumber.class, description = "Base learning rate η.")
    double lr;

    @Option(names = "--lr-decay", paramLabel = "SCHEDULE", defaultValue = "sqrt",
            converter = Converters.LearningRates.class,
            description = "Learning-rate schedule, t the global step, T the steps: constant (η_t = η), sqrt"
                    + " (η_t = η / √(t+1)), step:E,GAMMA (× GAMMA every E epochs, like StepLR per epoch),"
                    + " cosine (η (1 + cos(π t / T)) / 2, CosineAnnealingLR per step), or warmup:K,SCHEDULE"
                    + " (linear ramp over the first K steps, e.g. warmup:100,cosine).")
    LearningRate lrDecay;

    @Option(names = "--l2", paramLabel = "A", defaultValue = "1e-3", converter = Converters.NonNegativeNumber.class,
            description = "L2 coefficient α in θ ← θ − η(∇ + αθ); a little keeps the Hessian well conditioned.")
    double l2;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "sgd", converter = Converters.Optimizers.class,
            description = "Optimizer, with PyTorch's update rules: sgd, momentum:MU (torch.optim.SGD momentum), nesterov:MU,"
                    + " adam[:B1,B2,EPS] (defaults 0.9,0.999,1e-8), adamw[:B1,B2,EPS,WD] (WD default 0.01, decoupled);"
                    + " --l2 is added to the gradient for every optimizer. Default: ${DEFAULT-VALUE}.")
    OptimizerSpec optimizer;

    @Option(names = "--train-metrics", paramLabel = "batch-mean|exact", defaultValue = "batch-mean",
            converter = Converters.TrainMetricsConverter.class,
            description = "The training loss and accuracy logged per epoch: batch-mean, the mean over the epoch's"
                    + " batches of each sample's loss and correctness at the θ its step saw (from the steps' own"
                    + " forward passes, free), or exact, L(θ) and the accuracy over the whole training set after the"
                    + " epoch's last step (one more forward pass over it per epoch). θ and the trajectory are the"
                    + " same either way; the validation columns are always exact.")
    TrainMetrics trainMetrics;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the split, the label corruption, θ_0 and the batches.")
    long seed;

    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "1", converter = Converters.Positive.class,
            description = "Store θ_t every K steps (and θ_T); the rest is replayed exactly when needed."
                    + " Larger K: smaller files, slower reads.")
    int checkpointEvery;

    @Option(names = "--corrupt", paramLabel = "FRACTION", defaultValue = "0", converter = Converters.Fraction.class,
            description = "Fraction of training labels to flip (recorded in corrupted.csv).")
    double corrupt;

    @Option(names = "--standardize", paramLabel = "none|z", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            converter = ScalingConverter.class,
            description = "Feature standardisation, fitted on the training split only and applied to train, val and"
                    + " test: z (x' = (x - mean) / std; a constant feature is only centred) or none."
                    + " Default: z for csv: data, none for all other data (images, blobs, moons).")
    FeatureScaling standardize;

    @Option(names = "--data-dir", paramLabel = "DIR", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Directory holding the Fashion-MNIST files, for --data fashion-mnist (default: "
                    + FashionMnist.DEFAULT_DIR_NAME + ").")
    Path dataDir;

    @Option(names = "--out", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "RUN_DIR", description = "Run directory to write.")
    Path out;

    @Option(names = "--monitor", arity = "0..1", fallbackValue = "" + CurvatureMonitor.DEFAULT_EVERY, paramLabel = "K",
            showDefaultValue = CommandLine.Help.Visibility.NEVER, converter = Converters.Positive.class,
            description = "Curvature monitor (off by default): at every K-th step (default "
                    + CurvatureMonitor.DEFAULT_EVERY + ") and each epoch's last step (when K >= the epoch length: every ceil(K/L)-th epoch's last step),"
                    + " the top eigenvalue of the batch"
                    + " Hessian + alpha I (Adam: preconditioned) by Lanczos on exact HVPs, and eta*lambda_max against"
                    + " the optimizer's stability limit (2 for SGD), written to curvature.csv; warns when the limit"
                    + " is exceeded. The run itself is unchanged.")
    Integer monitor;

    @Option(names = "--force", description = "Replace RUN_DIR if it holds an earlier run (only once the new run is complete).")
    boolean force;

    @CommandLine.Mixin
    QuietOption output;

    @Override
    public Integer call() throws Exception {
        // Locked and staged from the start: a second train on RUN_DIR fails at once, and RUN_DIR
        // changes only when the new run is complete (run.json is still written last inside it).
        try (StagedDirectory dir = StagedDirectory.open(out, "run directory", force, Directories::isRun)) {
            return train(dir);
        }
    }

    private int train(StagedDirectory dir) throws Exception {
        boolean quiet = output.quiet;
        TrainConfig cfg = new TrainConfig(epochs, batch, lr, lrDecay, l2, seed, checkpointEvery, optimizer,
                trainMetrics);
        int steps = TrainingBudget.steps(nTrain, batch, epochs);
        Usage.check(spec, "--lr-decay", Usage.typed(spec, "--lr-decay", lrDecay.id()), () -> {
            lrDecay.checkFits(steps);
            return null;
        });
        ModelSpec modelSpec = ModelSpec.parse(model);
        Dataset pool = Preflight.pool(spec, data, dataDir, nTrain, nVal, nTest);
        Preflight.modelFits(spec, "--model", model, pool);
        int params = new Model(modelSpec, pool.sampleShape(), pool.numClasses()).parameterCount();
        TrainingBudget.streamedMemory(steps, params, (long) epochs * nTrain, Runtime.getRuntime().maxMemory());
        FeatureScaling scaling = standardize != null ? standardize : FeatureScaling.defaultFor(data);
        Runs.DataPlan plan = new Runs.DataPlan(nTrain, nVal, nTest, seed, corrupt, RunTraining.corruptSeed(seed),
                scaling);
        PrintWriter stdout = spec.commandLine().getOut();
        LoadedRun trained;
        List<Curvature.Point> curvature = monitor == null ? null : new ArrayList<>();
        try (TerminalProgress bar = TerminalProgress.start("train", steps, "steps", quiet)) {
            Trainer.Listener progress = new Trainer.Listener() {
                @Override
                public void step(int t, int total) {
                    bar.update(t + 1, total);
                }

                @Override
                public void epoch(Trainer.EpochLog e) {
                    if (!quiet) {
                        bar.clearLine();
                        stdout.println(epochLine(e, epochs, trainMetrics));
                        stdout.flush();
                    }
                }
            };
            // The trajectory goes to its file as training goes: memory does not grow with the run.
            trained = RunTraining.trainInto(dir.path(), pool, data, plan, modelSpec, cfg, progress,
                    monitor == null ? null : CurvatureMonitor.options(monitor),
                    curvature == null ? null : curvature::add);
        } catch (Trainer.DivergedException e) {
            throw new IllegalStateException(divergedMessage(e), e);
        }
        trained.close(); // the trajectory file, read back for the run, before the directory moves into place
        dir.commit();
        // Warnings are not informational lines: they are printed even with --quiet.
        for (String w : TrainingWarnings.of(trained.info().log(), trainMetrics, trained.run().train())) {
            spec.commandLine().getErr().println("dit: warning: " + w);
        }
        String unstable = curvature == null ? null : CurvatureWarning.of(curvature);
        if (unstable != null) {
            spec.commandLine().getErr().println("dit: warning: " + unstable);
        }
        spec.commandLine().getErr().flush();
        Trajectory t = trained.run().trajectory();
        if (!quiet) {
            stdout.printf(Locale.ROOT, "wrote %s: %d steps%s, %d parameters, θ stored every %d steps, %d corrupted labels%s%n",
                    out, t.steps(), optimizer.kind() == OptimizerSpec.Kind.SGD ? "" : " of " + optimizer,
                    t.parameterCount(), t.checkpointEvery(), trained.run().corrupted().length,
                    scaling == FeatureScaling.Z ? ", features standardised (z, training-split statistics)" : "");
            stdout.flush();
        }
        return 0;
    }

    /** Divergence in the user's terms: the epoch, the loss, the flags to change; nothing was written. */
    private String divergedMessage(Trainer.DivergedException e) {
        String what;
        if (Double.isNaN(e.trainLoss())) {
            what = "a parameter became non-finite at step " + e.step();
        } else if (!Double.isFinite(e.trainLoss())) {
            what = "the " + e.trainMetrics().lossName() + " is " + e.trainLoss();
        } else {
            what = String.format(Locale.ROOT, "the %s %.4g exceeds %.0f × max(1, %.4g), the loss before training",
                    e.trainMetrics().lossName(), e.trainLoss(), Trainer.DIVERGENCE_FACTOR, e.initialLoss());
        }
        return String.format(Locale.ROOT, "training diverged in epoch %d of %d: %s; no run was written to %s."
                + " Lower --lr (now %.4g)%s", e.epoch(), epochs, what, out, lr,
                lrDecay.equals(LearningRate.CONSTANT) ? " or use --lr-decay sqrt" : "");
    }

    /** One epoch's log line; a batch-mean training loss and accuracy are marked so. */
    static String epochLine(Trainer.EpochLog e, int epochs, TrainMetrics metrics) {
        return String.format(Locale.ROOT, "epoch %d/%d  step %d  train loss %.4f acc %.3f%s  val loss %.4f acc %.3f",
                e.epoch(), epochs, e.step(), e.trainLoss(), e.trainAccuracy(),
                metrics == TrainMetrics.BATCH_MEAN ? " (batch mean)" : "", e.valLoss(), e.valAccuracy());
    }

    /** Parses {@code none} or {@code z}. */
    static final class ScalingConverter implements CommandLine.ITypeConverter<FeatureScaling> {
        @Override
        public FeatureScaling convert(String value) {
            return FeatureScaling.parse(value);
        }
    }
}
