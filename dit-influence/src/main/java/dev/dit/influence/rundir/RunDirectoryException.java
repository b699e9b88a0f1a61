package dev.dit.influence.rundir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A run directory is missing, incomplete or damaged. The message names the directory and the
 * file, e.g. {@code run directory runs/a: data/train.ds: content does not match run.json}.
 */
public final class RunDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param dir     the run directory
     * @param file    the file inside it, relative, or {@code null} for the directory itself
     * @param problem what is wrong
     */
    public RunDirectoryException(Path dir, String file, String problem) {
        super(message(dir, file, problem));
    }

    /**
     * As {@link #RunDirectoryException(Path, String, String)}, with the underlying cause.
     *
     * @param dir the run directory
     * @param file the file inside it, relative, or {@code null} for the directory itself
     * @param problem what is wrong
     * @param cause the underlying failure
     */
    public RunDirectoryException(Path dir, String file, String problem, Throwable cause) {
        super(message(dir, file, problem), cause);
    }

    private static String message(Path dir, String file, String problem) {
        return "run directory " + dir + ": " + (file == null ? "" : file + ": ") + problem;
    }
}
