package dev.dit.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code -q/--quiet}, the same on every command that prints progress or informational lines. */
final class QuietOption {
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger LIBRARY_LOG = Logger.getLogger("dev.dit");

    @Option(names = {"-q", "--quiet"},
            description = "No progress bars and no informational lines; results and errors are still printed.")
    boolean quiet;

    /** Whether the command being run (the last one on the command line) was given {@code -q}. */
    static boolean requested(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = parseResult;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        return last.hasMatchedOption("--quiet");
    }

    /**
     * The libraries' informational messages (System.Logger, under {@code dev.dit}) follow
     * {@code --quiet} too: only warnings and errors pass when it is given.
     */
    static void applyToLibraryLog(boolean quiet) {
        LIBRARY_LOG.setLevel(quiet ? Level.WARNING : null);
    }
}
