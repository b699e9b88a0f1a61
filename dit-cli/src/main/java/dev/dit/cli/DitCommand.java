package dev.dit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dit} command: entry point of the runnable jar. */
@Command(name = "dit",
        mixinStandardHelpOptions = true,
        description = "Dynamic Influence Tracker: which training samples changed the model, and when.",
        subcommands = {DemoCommand.class, TrainCommand.class, InfluenceCommand.class, LooCommand.class, AgreeCommand.class,
                ExperimentCommand.class, ExportCommand.class, SelfCheckCommand.class, CommandLine.HelpCommand.class})
public final class DitCommand implements Runnable {

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
        // One line on stderr for an error, not a stack trace.
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("dit: error: " + ex.getMessage());
            return 2;
        });
        return cl;
    }

    /** {@code --version} answers the same on every subcommand. */
    private static void withVersionEverywhere(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new VersionProvider());
        cl.getSubcommands().values().forEach(DitCommand::withVersionEverywhere);
    }
}
