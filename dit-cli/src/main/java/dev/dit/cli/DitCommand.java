package dev.dit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dit} command: entry point of the runnable jar. */
@Command(name = "dit",
        mixinStandardHelpOptions = true,
        description = "Dynamic Influence Tracker: which training samples changed the model, and when.",
        subcommands = {DemoCommand.class, TrainCommand.class, InfluenceCommand.class, LooCommand.class, AgreeCommand.class,
                ReportCommand.class, ExperimentCommand.class, ExportCommand.class, SelfCheckCommand.class, CommandLine.HelpCommand.class})
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

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A configured command line, also used by tests. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new DitCommand());
        withVersionEverywhere(cl);
        // One line on stderr for an error, not a stack trace. Exit 1: the run failed; picocli
        // itself answers usage errors (bad flags) with exit 2.
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("dit: error: " + ex.getMessage());
            return EXIT_FAILED;
        });
        return cl;
    }

    /** {@code --version} answers the same on every subcommand. */
    private static void withVersionEverywhere(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new VersionProvider());
        cl.getSubcommands().values().forEach(DitCommand::withVersionEverywhere);
    }
}
