package dev.dit.cli;

import dev.dit.influence.estimate.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on stderr, or nothing when quiet or when the process has no terminal (output
 * redirected, tests, CI), so logs and captured output stay clean.
 */
final class TerminalProgress implements Progress, AutoCloseable {
    private final ProgressBar bar;

    private TerminalProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar named {@code task} counting to {@code total}, shown only on a terminal and unless {@code quiet}. */
    static TerminalProgress start(String task, long total, String unit, boolean quiet) {
        if (quiet || System.console() == null) {
            return new TerminalProgress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new TerminalProgress(bar);
    }

    /** Whether a bar is being drawn. */
    boolean visible() {
        return bar != null;
    }

    @Override
    public void update(long done, long total) {
        if (bar != null) {
            if (total != bar.getMax()) {
                bar.maxHint(total);
            }
            bar.stepTo(done);
        }
    }

    /**
     * Erases the bar's line so that a line printed next on the same terminal starts clean; the bar
     * is redrawn at its next update.
     */
    void clearLine() {
        if (bar != null) {
            System.err.print("\r\033[2K");
            System.err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
