package dev.dit.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** The one-line message of a failed run: what went wrong and where, in the user's words. */
final class Failures {
    private Failures() {
    }

    /** The message for {@code ex}; file-system errors name the file, never the exception class. */
    static String describe(Throwable ex) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException && t.getCause() instanceof FileSystemException) {
            t = t.getCause();
        }
        if (t instanceof FileSystemException f) {
            String reason = t instanceof NoSuchFileException ? "no such file or directory"
                    : t instanceof AccessDeniedException ? "permission denied"
                    : f.getReason() != null ? f.getReason() : "file-system error";
            return (f.getFile() == null ? "" : f.getFile() + ": ") + reason
                    + (f.getOtherFile() == null ? "" : " (" + f.getOtherFile() + ")");
        }
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            // No message means a bug, not bad input: say so rather than print nothing.
            return "internal error (" + ex.getClass().getSimpleName() + "); please report it with the command line";
        }
        return m;
    }
}
