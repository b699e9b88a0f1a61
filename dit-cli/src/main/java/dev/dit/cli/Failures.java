package dev.dit.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns whatever a command threw into the one line {@code dit: error: ...} shows. */
final class Failures {
    private Failures() {
    }

    /** The line for {@code t}, without the {@code dit: error: } prefix. */
    static String message(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return outOfMemory(c);
            }
        }
        Throwable e = t;
        if (e instanceof UncheckedIOException && e.getCause() instanceof FileSystemException fs) {
            return fileSystem(fs);
        }
        // Otherwise an UncheckedIOException already says what it could not do; its cause only repeats that.
        if (e instanceof UncheckedIOException && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof FileSystemException fs) {
            return fileSystem(fs);
        }
        if (e instanceof InvalidPathException ip) {
            return "cannot use the path '" + ip.getInput() + "': " + ip.getReason()
                    + " (the platform cannot represent this name)";
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            if (e.getCause() != null) {
                return message(e.getCause());
            }
            // No message means a bug, not bad input: say so rather than print nothing.
            return "internal error (" + e.getClass().getSimpleName() + "); please report it with the command line";
        }
        return e.getMessage();
    }

    /** {@link OutOfMemoryError} says only "Java heap space": say what to do about it. */
    static String outOfMemory(Throwable oom) {
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        return "out of memory (" + oom.getMessage() + ", maximum heap " + mb + " MB); give the JVM more,"
                + " e.g. DIT_JAVA_OPTS=-Xmx" + Math.max(1, 2 * mb / 1024) + "g ./dit ..., or use smaller data or a larger"
                + " --checkpoint-every";
    }

    /** Their own messages are often just the path; name the problem too. */
    private static String fileSystem(FileSystemException e) {
        String file = e.getFile() + (e.getOtherFile() != null ? " -> " + e.getOtherFile() : "");
        if (e instanceof NoSuchFileException) {
            return file + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return file + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return file + ": already exists";
        }
        if (e instanceof NotDirectoryException) {
            return file + ": not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return file + ": directory not empty";
        }
        return e.getMessage();
    }
}
