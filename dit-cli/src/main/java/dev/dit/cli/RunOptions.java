package dev.dit.cli;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options shared by {@code influence} and {@code loo}: which run, query, windows and definition. */
final class RunOptions implements AutoCloseable {
    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "Run directory written by 'dit train'.")
    Path runDir;

    @Option(names = "--query", defaultValue = "val-loss", paramLabel = "Q",
            description = "val-loss | test-loss:K | logit:K[:CLASS] | prob:K[:CLASS] (default: ${DEFAULT-VALUE}).")
    String query;

    @Option(names = "--windows", defaultValue = "full", paramLabel = "W[,W...]",
            description = "Comma-separated: full, epochs, first, middle, last, last:E, epochs:A-B, T1:T2 (default: ${DEFAULT-VALUE}).")
    String windows;

    @Option(names = "--definition", required = true, paramLabel = "global|local", converter = Converters.Definitions.class,
            description = "global (G: retrain from the start) or local (L: only inside each window); see README.")
    String definition;

    @Mixin
    QuietOption output;

    /** The command these options belong to, for usage errors. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    Run run;
    private dev.dit.influence.rundir.LoadedRun loaded;
    Query parsedQuery;
    List<Window> parsedWindows;
    Definition parsedDefinition;

    /** Loads the run and parses the rest against it. */
    RunOptions load() throws java.io.IOException {
        loaded = RunDirectory.open(runDir);
        run = loaded.run();
        // The query and the windows can only be checked against the run; still usage errors.
        parsedQuery = Usage.check(spec, "--query", query, () -> Queries.parse(query, run.val(), run.test()));
        parsedWindows = Usage.check(spec, "--windows", windows,
                () -> Windows.parse(windows, run.trajectory().epochBoundaries()));
        parsedDefinition = Definition.parse(definition);
        return this;
    }

    /** Refuses an output file that would replace the run directory or one of its files. */
    void refuseOutputOverRun(Path out) {
        OutputPaths.refuseRunFiles(out, "--out", runDir);
        OutputPaths.refuseDirectory(out, "--out");
    }

    /** Header lines recording where the numbers came from. */
    Map<String, String> provenance() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run", runDir.toString());
        m.put("model", run.model().spec().toString());
        m.put("train_fingerprint", run.train().fingerprint());
        m.put("steps", Integer.toString(run.trajectory().steps()));
        m.put("train_samples", Integer.toString(run.n()));
        return m;
    }

    @Override
    public void close() throws java.io.IOException {
        if (loaded != null) {
            loaded.close();
        }
    }

    /** Whether progress bars and informational lines are off. */
    boolean quiet() {
        return output.quiet;
    }

    int[] labels() {
        return run.train().labels();
    }
}
