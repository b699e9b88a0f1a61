package dev.dit.influence.rundir;

import dev.dit.influence.Run;
import java.io.IOException;

/**
 * A run together with its description. When read from a run directory, the run's checkpoints
 * stay on disk in a {@link TrajectoryFile}; {@link #close()} releases that file (and is a no-op
 * for runs held in memory).
 *
 * @param run  the run
 * @param info how it was made
 */
public record LoadedRun(Run run, RunInfo info) implements AutoCloseable {

    /** Closes the trajectory file behind the run's checkpoints, if there is one. */
    @Override
    public void close() throws IOException {
        if (run.trajectory().checkpoints() instanceof TrajectoryFile f) {
            f.close();
        }
    }
}
