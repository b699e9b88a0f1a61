package dev.dit.models.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file being written in several steps that must appear at its target path complete or not at
 * all. Bytes go to a temporary file in the target's directory; {@link #commit()} forces them to
 * disk and renames the temporary file over the target, {@link #abort()} deletes it. A killed
 * process leaves at most a hidden {@code .tmp} file next to the target, never a partial target.
 */
public final class PendingFile {
    private final Path target;
    private final Path tmp;
    private final FileChannel channel;
    private long position;
    private boolean finished;
    private boolean committed;

    private PendingFile(Path target, Path tmp, FileChannel channel) {
        this.target = target;
        this.tmp = tmp;
        this.channel = channel;
    }

    /**
     * Creates the temporary file for {@code target} (creating parent directories as needed).
     *
     * @param target the file to create or replace on {@link #commit()}
     * @return the pending file
     * @throws IOException if it cannot be created
     */
    public static PendingFile create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            AtomicFile.shareable(tmp);
            return new PendingFile(target, tmp, FileChannel.open(tmp, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** {@return the path the file will have once committed} */
    public Path target() {
        return target;
    }

    /** {@return the number of bytes written so far} */
    public long position() {
        return position;
    }

    /**
     * Appends all remaining bytes of {@code buf}.
     *
     * @param buf the bytes
     * @throws IOException if writing fails
     */
    public void write(ByteBuffer buf) throws IOException {
        if (finished) {
            throw new IllegalStateException("pending file for " + target + " is already finished");
        }
        while (buf.hasRemaining()) {
            position += channel.write(buf);
        }
    }

    /**
     * Forces the content to disk, closes it and renames it over the target.
     *
     * @throws IOException if forcing, closing or renaming fails
     */
    public void commit() throws IOException {
        if (finished) {
            throw new IllegalStateException("pending file for " + target + " is already finished");
        }
        finished = true;
        try {
            channel.force(true);
            channel.close();
            AtomicFile.moveIntoPlace(tmp, target);
            committed = true;
        } catch (IOException | RuntimeException e) {
            deleteTmp();
            throw e;
        }
    }

    /**
     * Discards everything written; the target is left untouched. Safe to call more than once, and
     * a no-op after a successful {@link #commit()}.
     */
    public void abort() {
        finished = true;
        if (!committed) {
            deleteTmp();
        }
    }

    private void deleteTmp() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting the file is what matters
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // nothing better to do: the leftover is a hidden .tmp file no reader accepts
        }
    }
}
