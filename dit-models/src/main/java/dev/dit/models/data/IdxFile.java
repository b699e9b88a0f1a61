package dev.dit.models.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One parsed IDX file of unsigned bytes (the MNIST format): a 4-byte big-endian magic number
 * {@code 0x000008NN} where NN is the number of dimensions, NN big-endian 4-byte dimension sizes,
 * then the product of the dimensions in bytes. Gzipped files are recognised by their first two
 * bytes {@code 1f 8b} and decompressed; byte offsets in error messages then refer to the
 * decompressed content.
 */
final class IdxFile {

    /** Magic number of an IDX file of unsigned-byte images (3 dimensions: count, rows, columns). */
    static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension: count). */
    static final int LABELS_MAGIC = 0x00000801;

    final String source;
    final int[] dims;
    /** The whole (decompressed) file; the payload of {@code product(dims)} bytes starts at {@link #dataOffset}. */
    private final byte[] bytes;
    private final int dataOffset;

    private IdxFile(String source, int[] dims, byte[] bytes, int dataOffset) {
        this.source = source;
        this.dims = dims;
        this.bytes = bytes;
        this.dataOffset = dataOffset;
    }

    int count() {
        return dims[0];
    }

    /** Bytes per item: the product of all dimensions but the first. */
    int itemSize() {
        int s = 1;
        for (int k = 1; k < dims.length; k++) {
            s *= dims[k];
        }
        return s;
    }

    /** The payload byte at {@code offset} (counted from the end of the header) as 0..255. */
    int unsigned(int offset) {
        return bytes[dataOffset + offset] & 0xff;
    }

    static IdxFile read(Path file, int expectedMagic) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), expectedMagic);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static IdxFile read(InputStream raw, String source, int expectedMagic) {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        boolean gz = startsWithGzipMagic(in, source);
        byte[] bytes = readAll(in, gz, source);
        String where = source + (gz ? " (decompressed)" : "");
        if (bytes.length < 4) {
            throw new DataFormatException(where + ": truncated at byte offset " + bytes.length
                    + ": expected a 4-byte magic number, found " + bytes.length + " bytes");
        }
        int magic = readInt(bytes, 0);
        if (magic != expectedMagic) {
            throw new DataFormatException(where + ": byte offset 0: wrong magic number " + hex(magic)
                    + ", expected " + hex(expectedMagic) + " (" + describe(expectedMagic) + ")"
                    + (magic == IMAGES_MAGIC || magic == LABELS_MAGIC ? "; this is an IDX file of " + describe(magic) : ""));
        }
        int ndims = magic & 0xff;
        int headerBytes = 4 + 4 * ndims;
        if (bytes.length < headerBytes) {
            throw new DataFormatException(where + ": truncated header: expected " + headerBytes
                    + " bytes, found " + bytes.length);
        }
        int[] dims = new int[ndims];
        long expectedData = 1;
        for (int k = 0; k < ndims; k++) {
            dims[k] = readInt(bytes, 4 + 4 * k);
            if (dims[k] < 0) {
                throw new DataFormatException(where + ": byte offset " + (4 + 4 * k) + ": negative dimension " + dims[k]);
            }
            expectedData *= dims[k];
            if (expectedData > Integer.MAX_VALUE - 64) {
                throw new DataFormatException(where + ": byte offset " + (4 + 4 * k) + ": dimensions too large");
            }
        }
        long actualData = bytes.length - headerBytes;
        if (actualData < expectedData) {
            throw new DataFormatException(where + ": truncated at byte offset " + bytes.length + ": expected "
                    + expectedData + " data bytes after the " + headerBytes + "-byte header (dimensions "
                    + Arrays.toString(dims) + "), found " + actualData);
        }
        if (actualData > expectedData) {
            throw new DataFormatException(where + ": byte offset " + (headerBytes + expectedData) + ": "
                    + (actualData - expectedData) + " unexpected trailing bytes after the " + expectedData
                    + " data bytes declared by the header (dimensions " + Arrays.toString(dims) + ")");
        }
        return new IdxFile(source, dims, bytes, headerBytes);
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in, String source) {
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            return b0 == 0x1f && b1 == 0x8b;
        } catch (IOException e) {
            throw new DataFormatException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(InputStream in, boolean gz, String source) {
        try {
            if (!gz) {
                return in.readAllBytes();
            }
            try (InputStream z = new GZIPInputStream(in, 1 << 16)) {
                return z.readAllBytes();
            }
        } catch (EOFException e) {
            throw new DataFormatException(source + ": truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new DataFormatException(source + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataFormatException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }

    private static String describe(int magic) {
        switch (magic) {
            case IMAGES_MAGIC:
                return "IDX unsigned-byte images, 3 dimensions";
            case LABELS_MAGIC:
                return "IDX unsigned-byte labels, 1 dimension";
            default:
                return "IDX";
        }
    }
}
