package dev.dit.cli;

import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.NumpyExport;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.influence.rundir.RunInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dit export}: writes a run directory as NumPy {@code .npy} files and a
 * {@code manifest.json}, for analysis in Python with {@code numpy.load} alone.
 */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Export a run directory as NumPy .npy files plus manifest.json.",
            "Files: theta.npy (θ_t for every step, replayed between checkpoints, in PyTorch's layout), batch_indices.npy,",
            "batch_offsets.npy, learning_rates.npy, {train,val,test}_{x,y}.npy, corrupted.npy,",
            "corrupted_original_y.npy; manifest.json describes the model as a torch.nn.Sequential. A momentum,",
            "Nesterov, Adam or AdamW run adds the optimizer in PyTorch's terms and its state before every step",
            "(momentum_buffer.npy, or exp_avg.npy and exp_avg_sq.npy, laid out like theta.npy).",
            "See docs/run-directory.md for loading them in Python and PyTorch."})
public final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "RUN_DIR", description = "Run directory written by dit train.")
    Path run;

    @Option(names = "--out", required = true, showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "DIR", description = "Directory for the .npy files.")
    Path out;

    @Option(names = "--query", paramLabel = "Q", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Also record in manifest.json what query Q (val-loss, test-loss:K, logit:K[:CLASS],"
                    + " prob:K[:CLASS]) resolves to: test point, class, sign and value at the final θ.")
    String query;

    @Option(names = "--force", description = "Replace DIR if it holds an earlier export (only once the new one is complete).")
    boolean force;

    @CommandLine.Mixin
    QuietOption output;

    @Override
    public Integer call() throws Exception {
        if (OutputPaths.real(out).equals(OutputPaths.real(run))) {
            throw new IllegalArgumentException("--out " + out + " is the run directory " + run + " itself; choose another directory");
        }
        try (StagedDirectory dir = StagedDirectory.open(out, "export directory", force, Directories::isExport)) {
            export(dir);
        }
        return 0;
    }

    private void export(StagedDirectory dir) throws Exception {
        List<String> files;
        int rows;
        int p;
        try (LoadedRun loaded = RunDirectory.open(run)) {
            if (query != null) {
                Usage.check(spec, "--query", query, () -> dev.dit.influence.query.Queries.parse(query,
                        loaded.run().val(), loaded.run().test()));
            }
            rows = loaded.run().trajectory().steps() + 1;
            p = loaded.run().trajectory().parameterCount();
            try (TerminalProgress bar = TerminalProgress.start("export θ", rows, "rows", output.quiet)) {
                files = NumpyExport.write(loaded.run(), loaded.info(), query, dir.path(), bar);
            }
        }
        dir.commit();
        if (!output.quiet) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("exported %d files to %s (theta.npy: %d × %d)%n", files.size(), out, rows, p);
            stdout.flush();
        }
    }
}
