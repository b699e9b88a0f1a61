package dev.dit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dit} command: entry point of the runnable jar. */
@Command(name = "dit",
        mixinStandardHelpOptions = true,
        description = "Dynamic Influence Tracker: which training samples changed the model, and when.",
        subcommands = {DemoCommand.class, TrainCommand.class, InfluenceCommand.class, LooCommand.class, AgreeCommand.class,
                ReportCommand.class, DiagnoseCommand.class, ExperimentCommand.class, ExportCommand.class, ImportCommand.class, SelfCheckCommand.class, CommandLine.HelpCommand.class})
public final class DitCommand implements Runnable {

    /** Exit code of a run that failed (bad data, damaged files, I/O errors, divergence). */
    public static final int EXIT_FAILED = 1;
    /** Exit code of a usage error: unknown or malformed flags and specs. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs the command line and exits with its status. Process-wide settings belong to the
     * application, so they are made here and not when a library class loads: AWT runs headless
     * (figures are drawn off-screen, and no window may open), and the libraries' log lines go to
     * stderr as {@code dit: ...}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CliLogging.install();
        System.exit(newCommandLine().execute(args));
    }

    /**
     * A configured command line, also used by tests.
     *
     * @return the {@code dit} command line, ready to {@code execute}
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new DitCommand());
        // "--model @model.json" names a JSON layer list: picocli must not read it as an argument file
        cl.setExpandAtFiles(false);
        withVersionEverywhere(cl);
        Converters.registerDefaults(cl);
        // One line on stderr for an error, not a stack trace or the whole usage text. Exit 2 for
        // a usage error (found by picocli, a converter or a command's own checks), exit 1 when
        // the run itself failed.
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("dit: error: " + Failures.message(ex));
            cmd.getErr().flush();
            return EXIT_FAILED;
        });
        // Errors are not exceptions, so picocli lets them through: one line for running out of memory too.
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            QuietOption.applyToLibraryLog(QuietOption.requested(parseResult));
            // -Ddit.threads is checked before any command runs (and before the kernels read it).
            java.util.List<CommandLine> invoked = parseResult.asCommandLineList();
            ThreadCount.checkProperty(invoked.get(invoked.size() - 1));
            try {
                return runLast.execute(parseResult);
            } catch (OutOfMemoryError e) {
                parseResult.commandSpec().commandLine().getErr().println("dit: error: " + Failures.outOfMemory(e));
                return EXIT_FAILED;
            }
        });
        return cl;
    }

    /** {@code --version} answers the same on every subcommand. */
    private static void withVersionEverywhere(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new VersionProvider());
        cl.getSubcommands().values().forEach(DitCommand::withVersionEverywhere);
    }
}
