package dev.dit.cli;

import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.NumpyImport;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.models.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dit import}: turns a run recorded elsewhere (by {@code python/dit_record.py}, or any
 * directory in the format {@code dit export} writes) into an ordinary run directory, after
 * checking that recomputing its optimizer's steps (SGD, momentum, Nesterov, Adam, AdamW, with the
 * recorded optimizer state) reproduces the recorded θ.
 */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Import a run recorded elsewhere (.npy files + manifest.json, as dit export or python/dit_record.py",
            "write them) into a run directory. Every recorded step (or segment between recorded θ) is",
            "recomputed from the recorded θ (and optimizer state: momentum_buffer, or exp_avg and exp_avg_sq)",
            "and must land on the next recorded θ and state within the tolerance;",
            "otherwise the import is refused naming the step and the size of the mismatch."})
public final class ImportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "DIR",
            description = "Directory of the recorded run.")
    Path from;

    @Option(names = "--model", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "SPEC",
            converter = Converters.ModelSpecs.class,
            description = "The model the run claims to be (logreg, mlp:W[,W…][:act], cnn:C[,C…][:act]).")
    String model;

    @Option(names = "--tolerance", paramLabel = "TOL", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            converter = Converters.NonNegativeNumber.class,
            description = "Largest accepted mismatch, max|θ̂ − θ| over the largest recorded change of θ"
                    + " (default 1e-8 for float64 θ, 1e-2 for float32 θ).")
    Double tolerance;

    @Option(names = "--out", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "RUN_DIR",
            description = "Run directory to write.")
    Path out;

    @Option(names = "--force", description = "Replace RUN_DIR if it holds an earlier run (only once the new one is complete).")
    boolean force;

    @CommandLine.Mixin
    QuietOption output;

    @Override
    public Integer call() throws Exception {
        if (OutputPaths.real(out).equals(OutputPaths.real(from))) {
            throw new IllegalArgumentException("--out " + out + " is the --from directory " + from + " itself; choose another");
        }
        ModelSpec modelSpec = ModelSpec.parse(model);
        try (StagedDirectory dir = StagedDirectory.open(out, "run directory", force, Directories::isRun)) {
            NumpyImport.Result r;
            try (TerminalProgress bar = TerminalProgress.start("check steps", 1, "steps", output.quiet)) {
                r = NumpyImport.read(from, modelSpec, tolerance, bar);
            }
            try (LoadedRun loaded = r.run()) {
                RunDirectory.write(dir.path(), loaded.run(), loaded.info());
            }
            dir.commit();
            if (!output.quiet) {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.printf("imported %d steps, %d parameters (θ %s, %d recorded segments recomputed; largest mismatch"
                                + " %.3g at step %d, tolerance %.3g) into %s%n", r.run().run().trajectory().steps(),
                        r.run().run().model().parameterCount(), r.float32() ? "float32" : "float64", r.checkedSegments(),
                        r.mismatch(), r.worstStep(), r.tolerance(), out);
                stdout.flush();
            }
        }
        return 0;
    }
}
