package dev.dit.models.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} file (format versions 1.0 to 3.0, C order) of one of the element types
 * {@code <f8}, {@code <f4}, {@code <i8} or {@code <i4}, as {@code numpy.save} and {@link NpyWriter}
 * write them. The header is checked on open and the file's length against it, so a truncated file
 * is refused at once; values are read on demand by positional reads (a large 2-D array row by
 * row). Every problem is an {@link IOException} whose message names the file.
 */
public final class NpyFile implements AutoCloseable {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final Path file;
    private final FileChannel channel;
    private final String dtype;
    private final long[] shape;
    private final long dataStart;

    private NpyFile(Path file, FileChannel channel, String dtype, long[] shape, long dataStart) {
        this.file = file;
        this.channel = channel;
        this.dtype = dtype;
        this.shape = shape;
        this.dataStart = dataStart;
    }

    /**
     * Opens {@code file} and checks its header and length.
     *
     * @param file the {@code .npy} file
     * @return the open file; close it when done
     * @throws IOException if it is missing, not an {@code .npy} file, of an unsupported type or
     *                     order, or shorter or longer than its header says
     */
    public static NpyFile open(Path file) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": missing");
        }
        try {
            return parse(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static NpyFile parse(Path file, FileChannel ch) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0);
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw new IOException(file + ": not a NumPy .npy file (magic bytes differ)");
            }
        }
        int major = pre.get(6);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = pre.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLen = pre.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new IOException(file + ": .npy format version " + major + " is not supported (1 to 3 are)");
        }
        if (headerLen > 1 << 20 || headerStart + headerLen > ch.size()) {
            throw new IOException(file + ": .npy header of " + headerLen + " bytes does not fit the file");
        }
        ByteBuffer h = ByteBuffer.allocate((int) headerLen);
        readFully(ch, h, headerStart);
        String dict = new String(h.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String dtype = group(file, DESCR, dict, "descr");
        if (!dtype.equals("<f8") && !dtype.equals("<f4") && !dtype.equals("<i8") && !dtype.equals("<i4")) {
            throw new IOException(file + ": dtype '" + dtype + "' is not supported (<f8, <f4, <i8 or <i4: float64,"
                    + " float32, int64, int32, little-endian)");
        }
        if (group(file, ORDER, dict, "fortran_order").equals("True")) {
            throw new IOException(file + ": Fortran-ordered arrays are not supported; save with"
                    + " numpy.ascontiguousarray");
        }
        String[] dims = group(file, SHAPE, dict, "shape").split(",");
        int rank = 0;
        for (String d : dims) {
            rank += d.isBlank() ? 0 : 1;
        }
        long[] shape = new long[rank];
        int k = 0;
        long count = 1;
        for (String d : dims) {
            if (!d.isBlank()) {
                try {
                    shape[k] = Long.parseLong(d.trim().replace("L", ""));
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": shape entry '" + d.trim() + "' is not a number");
                }
                count = Math.multiplyExact(count, shape[k++]);
            }
        }
        long dataStart = headerStart + headerLen;
        long expected = dataStart + count * Integer.parseInt(dtype.substring(2));
        if (ch.size() != expected) {
            throw new IOException(file + ": " + ch.size() + " bytes, but its header (" + dtype + ", shape "
                    + shapeString(shape) + ") needs " + expected + (ch.size() < expected ? " (truncated)" : ""));
        }
        return new NpyFile(file, ch, dtype, shape, dataStart);
    }

    private static String group(Path file, Pattern p, String dict, String key) throws IOException {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new IOException(file + ": .npy header lacks '" + key + "': " + dict.strip());
        }
        return m.group(1);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        b.flip();
    }

    /** {@return the file} */
    public Path file() {
        return file;
    }

    /** {@return the element type as numpy writes it, e.g. {@code <f8}} */
    public String dtype() {
        return dtype;
    }

    /** {@return whether the elements are floating point ({@code <f8} or {@code <f4})} */
    public boolean isFloat() {
        return dtype.charAt(1) == 'f';
    }

    /** {@return the array's dimensions} */
    public long[] shape() {
        return shape.clone();
    }

    /** {@return the shape in numpy's notation, e.g. {@code (3, 2)}} */
    public String shapeString() {
        return shapeString(shape);
    }

    private static String shapeString(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** {@return the number of elements} */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Reads {@code len} elements from element {@code start} on, converted to double (exactly, for
     * {@code <f4}, {@code <i4}, and {@code <i8} up to 2⁵³).
     *
     * @param start the first element, row-major
     * @param dst receives the values
     * @param off where in {@code dst}
     * @param len how many
     * @throws IOException if reading fails
     */
    public void readDoubles(long start, double[] dst, int off, int len) throws IOException {
        ByteBuffer b = read(start, len);
        for (int i = 0; i < len; i++) {
            dst[off + i] = switch (dtype) {
                case "<f8" -> b.getDouble();
                case "<f4" -> b.getFloat();
                case "<i8" -> b.getLong();
                default -> b.getInt();
            };
        }
    }

    /**
     * Reads every element as a long; only for integer arrays.
     *
     * @return the values, row-major
     * @throws IOException if the array is not an integer array, too large, or reading fails
     */
    public long[] longs() throws IOException {
        if (isFloat()) {
            throw new IOException(file + ": dtype " + dtype + ", but integers (<i8 or <i4) are needed");
        }
        int n = smallCount();
        ByteBuffer b = read(0, n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = dtype.equals("<i8") ? b.getLong() : b.getInt();
        }
        return out;
    }

    /**
     * Reads every element as a double.
     *
     * @return the values, row-major
     * @throws IOException if the array is too large or reading fails
     */
    public double[] doubles() throws IOException {
        int n = smallCount();
        double[] out = new double[n];
        readDoubles(0, out, 0, n);
        return out;
    }

    private int smallCount() throws IOException {
        long n = elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": " + n + " elements are more than one Java array holds");
        }
        return (int) n;
    }

    private ByteBuffer read(long start, int len) throws IOException {
        int size = Integer.parseInt(dtype.substring(2));
        if (start < 0 || len < 0 || start + len > elements()) {
            throw new IndexOutOfBoundsException("elements [" + start + ", " + (start + len) + ") of " + elements());
        }
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(len, size)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, b, dataStart + start * size);
        return b;
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
