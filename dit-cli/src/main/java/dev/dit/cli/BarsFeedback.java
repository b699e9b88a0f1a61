package dev.dit.cli;

import dev.dit.cli.experiment.Feedback;

/** Experiment feedback as progress bars on stderr (silent without a terminal or with --quiet). */
final class BarsFeedback implements Feedback {
    private final boolean quiet;

    BarsFeedback(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    public Task task(String name, long total) {
        TerminalProgress bars = TerminalProgress.start(name, total, "steps", quiet);
        return new Task() {
            @Override
            public void update(long done, long all) {
                bars.update(done, all);
            }

            @Override
            public void close() {
                bars.close();
            }
        };
    }
}
