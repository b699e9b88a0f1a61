package dev.dit.models.trajectory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trajectory file is damaged, truncated or not a trajectory file at all. The message names the
 * file and the part of it that is wrong, e.g.
 * {@code trajectory run/traj.dit: checkpoint block for step 128 at byte 40960: checksum mismatch}.
 */
public final class TrajectoryFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A damaged or inconsistent trajectory file.
     *
     * @param file the file
     * @param where the block or region
     * @param problem what is wrong with it
     */
    public TrajectoryFormatException(Path file, String where, String problem) {
        super("trajectory " + file + ": " + where + ": " + problem);
    }

    /**
     * As {@link #TrajectoryFormatException(Path, String, String)}, with the underlying cause.
     *
     * @param file the file
     * @param where the block or region
     * @param problem what is wrong with it
     * @param cause the underlying failure
     */
    public TrajectoryFormatException(Path file, String where, String problem, Throwable cause) {
        super("trajectory " + file + ": " + where + ": " + problem, cause);
    }
}
