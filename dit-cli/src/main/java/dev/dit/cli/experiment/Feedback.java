package dev.dit.cli.experiment;

import dev.dit.influence.estimate.Progress;

/** Where experiments report progress on long steps (the command line shows bars; tests stay silent). */
@FunctionalInterface
public interface Feedback {
    /** Silent feedback. */
    Feedback SILENT = (name, total) -> new Task() {
        @Override
        public void update(long done, long all) {
        }

        @Override
        public void close() {
        }
    };

    /** Starts a task of {@code total} units; close it when done. */
    Task task(String name, long total);

    /** A running task. */
    interface Task extends Progress, AutoCloseable {
        /** Ends the task (no checked exception). */
        @Override
        void close();
    }
}
