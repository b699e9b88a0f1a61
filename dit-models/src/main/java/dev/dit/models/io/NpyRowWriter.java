package dev.dit.models.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Streams a 2-D {@code <f8} {@code .npy} array one row at a time (see
 * {@link NpyWriter#openRows(java.nio.file.Path, int, int)}). Closing after exactly the promised
 * number of rows publishes the file; closing early, or {@link #abort()}, leaves no file behind.
 */
public final class NpyRowWriter implements AutoCloseable {
    private final PendingFile out;
    private final int rows;
    private final int cols;
    private final ByteBuffer buf = NpyWriter.chunk();
    private int written;
    private boolean done;

    NpyRowWriter(PendingFile out, int rows, int cols) {
        this.out = out;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Appends one row of exactly {@code cols} values.
     *
     * @param row the values
     * @throws IOException if writing fails
     */
    public void writeRow(double[] row) throws IOException {
        if (done) {
            throw new IllegalStateException("npy row writer for " + out.target() + " is closed");
        }
        if (row.length != cols) {
            throw new IllegalArgumentException("row has " + row.length + " values, expected " + cols);
        }
        if (written == rows) {
            throw new IllegalStateException("all " + rows + " rows of " + out.target() + " already written");
        }
        try {
            for (double v : row) {
                if (!buf.hasRemaining()) {
                    NpyWriter.drain(out, buf);
                }
                buf.putDouble(v);
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        written++;
    }

    /** {@return the number of rows written so far} */
    public int rowsWritten() {
        return written;
    }

    /**
     * Publishes the file if all rows were written; otherwise discards it and throws
     * {@link IllegalStateException}. Does nothing when already closed or aborted.
     */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        if (written != rows) {
            out.abort();
            throw new IllegalStateException("only " + written + " of " + rows + " rows written to "
                    + out.target() + "; no file written");
        }
        try {
            NpyWriter.drain(out, buf);
            out.commit();
        } finally {
            out.abort();
        }
    }

    /** Discards the file; the target path is left untouched. */
    public void abort() {
        done = true;
        out.abort();
    }
}
