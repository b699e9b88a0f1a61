package dev.dit.influence.cli;

import dev.dit.influence.estimate.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, shown only when a person is watching (a terminal) and not quiet. */
final class Bars implements Progress, AutoCloseable {
    private final ProgressBar bar;

    private Bars(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code task}, or a silent one when stderr is not a terminal or {@code quiet}. */
    static Bars open(String task, long total, boolean quiet) {
        if (quiet || System.console() == null) {
            return new Bars(null);
        }
        ProgressBar b = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, total))
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200).build();
        return new Bars(b);
    }

    @Override
    public void update(long done, long total) {
        if (bar != null) {
            bar.maxHint(Math.max(1, total));
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
