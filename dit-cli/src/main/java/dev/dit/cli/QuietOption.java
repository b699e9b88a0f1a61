package dev.dit.cli;

import picocli.CommandLine.Option;

/** {@code -q/--quiet}, the same on every command that prints progress or informational lines. */
final class QuietOption {
    @Option(names = {"-q", "--quiet"},
            description = "No progress bars and no informational lines; results and errors are still printed.")
    boolean quiet;
}
