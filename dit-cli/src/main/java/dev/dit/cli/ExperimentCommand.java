package dev.dit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dit experiment NAME}: the reproducible experiments of method.md §7, each writing a report directory. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run an experiment; each writes config.json, CSV/JSON tables, influence CSVs, PNG plots and "
                + "report.html into --out.",
        subcommands = {CorrelationExperimentCommand.class, StagesExperimentCommand.class, PatternsExperimentCommand.class,
            DetectionExperimentCommand.class, ReproduceExperimentCommand.class})
public final class ExperimentCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
