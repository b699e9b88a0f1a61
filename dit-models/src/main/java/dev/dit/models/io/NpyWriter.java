package dev.dit.models.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes NumPy {@code .npy} files (format version 1.0, little-endian, C order) atomically: the
 * target appears complete or not at all. Supported element types are {@code <f8} (double),
 * {@code <i4} (int) and {@code <i8} (long), in any number of dimensions. For a large 2-D array
 * that should not be held in memory, use {@link #openRows(java.nio.file.Path, int, int)}.
 *
 * <p>Output is deterministic (same array, same bytes) and readable by {@code numpy.load}; the
 * header is padded to the minimal multiple of 64 bytes (recent NumPy versions add extra spare
 * spaces, so the bytes may differ from {@code numpy.save}'s, not the meaning).
 */
public final class NpyWriter {
    static final int CHUNK = 1 << 16;

    private NpyWriter() {
    }

    /**
     * Writes {@code data} as a {@code <f8} array of the given shape (product must equal its length).
     *
     * @param file the file to create or replace
     * @param data the values, row-major
     * @param shape the array's dimensions
     * @throws IOException if writing fails
     */
    public static void write(java.nio.file.Path file, double[] data, int... shape) throws IOException {
        checkShape(data.length, shape);
        PendingFile out = PendingFile.create(file);
        try {
            out.write(header("<f8", shape));
            ByteBuffer buf = chunk();
            for (double v : data) {
                if (!buf.hasRemaining()) {
                    drain(out, buf);
                }
                buf.putDouble(v);
            }
            drain(out, buf);
            out.commit();
        } finally {
            out.abort();
        }
    }

    /**
     * Writes {@code data} as an {@code <i4} array of the given shape (product must equal its length).
     *
     * @param file the file to create or replace
     * @param data the values, row-major
     * @param shape the array's dimensions
     * @throws IOException if writing fails
     */
    public static void write(java.nio.file.Path file, int[] data, int... shape) throws IOException {
        checkShape(data.length, shape);
        PendingFile out = PendingFile.create(file);
        try {
            out.write(header("<i4", shape));
            ByteBuffer buf = chunk();
            for (int v : data) {
                if (!buf.hasRemaining()) {
                    drain(out, buf);
                }
                buf.putInt(v);
            }
            drain(out, buf);
            out.commit();
        } finally {
            out.abort();
        }
    }

    /**
     * Writes {@code data} as an {@code <i8} array of the given shape (product must equal its length).
     *
     * @param file the file to create or replace
     * @param data the values, row-major
     * @param shape the array's dimensions
     * @throws IOException if writing fails
     */
    public static void write(java.nio.file.Path file, long[] data, int... shape) throws IOException {
        checkShape(data.length, shape);
        PendingFile out = PendingFile.create(file);
        try {
            out.write(header("<i8", shape));
            ByteBuffer buf = chunk();
            for (long v : data) {
                if (!buf.hasRemaining()) {
                    drain(out, buf);
                }
                buf.putLong(v);
            }
            drain(out, buf);
            out.commit();
        } finally {
            out.abort();
        }
    }

    /**
     * Starts a {@code <f8} array of shape {@code (rows, cols)} written one row at a time; only one
     * row needs to be in memory. The file appears when {@link NpyRowWriter#close()} is called after
     * exactly {@code rows} rows.
     *
     * @param file the file to create or replace
     * @param rows the number of rows
     * @param cols values per row
     * @return the writer
     * @throws IOException if the temporary file cannot be created
     */
    public static NpyRowWriter openRows(java.nio.file.Path file, int rows, int cols) throws IOException {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative shape (" + rows + ", " + cols + ")");
        }
        PendingFile out = PendingFile.create(file);
        try {
            out.write(header("<f8", rows, cols));
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
        return new NpyRowWriter(out, rows, cols);
    }

    /**
     * The magic, version and padded header dictionary for an array: total length is a multiple of
     * 64 bytes and ends with a newline, as NumPy requires.
     */
    static ByteBuffer header(String descr, int... shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int preamble = 10;
        int unpadded = preamble + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        dict.append(" ".repeat(total - unpadded)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xFFFF) {
            throw new IllegalArgumentException("npy v1.0 header too long: " + text.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) text.length).put(text);
        return buf.flip();
    }

    static ByteBuffer chunk() {
        return ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void drain(PendingFile out, ByteBuffer buf) throws IOException {
        buf.flip();
        out.write(buf);
        buf.clear();
    }

    private static void checkShape(int length, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + java.util.Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape)
                    + " holds " + n + " elements but the data has " + length);
        }
    }
}
