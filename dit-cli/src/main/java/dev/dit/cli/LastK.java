package dev.dit.cli;

import picocli.CommandLine.Model.CommandSpec;

/** The K of a {@code last:K} window: the default shrinks to short runs, an explicit K may not exceed them. */
final class LastK {
    private LastK() {
    }

    /** {@code --last-k} as used: at most {@code epochs}; an explicit larger value is a usage error. */
    static int resolve(CommandSpec spec, int lastK, int epochs) {
        if (lastK <= epochs) {
            return lastK;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--last-k")) {
            throw Usage.error(spec, "--last-k", lastK, "the last:K window needs K <= --epochs " + epochs);
        }
        return epochs;
    }
}
