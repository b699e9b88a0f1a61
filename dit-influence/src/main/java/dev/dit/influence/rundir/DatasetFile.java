package dev.dit.influence.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.models.data.Dataset;
import dev.dit.models.io.AtomicFile;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One dataset as a file. Content of version 2, all little-endian: magic {@code \x89DITDATA}, u32
 * version 2, u32 length L of a UTF-8 JSON header, the header (name, size, sampleShape, numClasses,
 * classNames, fingerprint), u32 code width w (1, 2 or 8 bytes per feature), u32 palette size P,
 * P u64 palette values (raw IEEE 754 bits, in totalOrder), n·d features row-major (u8 or u16 codes
 * into the palette, or, for w = 8 and P = 0, the f64 values themselves), n i32 labels, u32 CRC-32C
 * of everything before it. {@link FeaturePalette} chooses the encoding with the fewest bytes:
 * Fashion-MNIST's pixels (256 values k/255) take one byte each instead of eight, 47 MB instead of
 * 376 MB for the 60 000 training images; data with many distinct values stays raw. Decoding gives
 * every bit back ({@code -0.0} included). {@code dit train} writes this uncompressed
 * ({@code data/*.ds}).
 *
 * <p>Version 1, which older run directories hold, is read as well: the same content without the
 * w, P and palette fields, the features as f64, either as it is ({@code data/*.ds}) or gzipped
 * ({@code data/*.ds.gz}, chosen by the name's {@code .gz}; the gzip trailer adds its own CRC-32).
 * The dataset fingerprint is checked after reading any of them.
 */
final class DatasetFile {
    static final byte[] MAGIC = {(byte) 0x89, 'D', 'I', 'T', 'D', 'A', 'T', 'A'};
    /** The version written. */
    static final int VERSION = 2;
    /** The version of older run directories: raw f64 features, no palette; still read. */
    static final int VERSION_1 = 1;
    /** The suffix of the gzipped files of older run directories. */
    static final String GZIP_SUFFIX = ".gz";
    private static final int MAX_HEADER = 1 << 20;
    private static final int CHUNK = 1 << 16;
    private static final int GZIP_HEADER = 10;

    private DatasetFile() {
    }

    /** Writes {@code d} to {@code file} atomically, uncompressed. */
    static void write(Path file, Dataset d) {
        AtomicFile.write(file, out -> writeContent(out, d));
    }

    /** The file's content: header, encoding and palette, features, labels and their CRC-32C. */
    static void writeContent(OutputStream out, Dataset d) throws IOException {
        FeaturePalette palette = FeaturePalette.of(d); // one pass over the features, another to write
        CRC32C crc = new CRC32C();
        byte[] json = headerJson(d);
        long[] values = palette.values();
        ByteBuffer head = le(MAGIC.length + 8).put(MAGIC).putInt(VERSION).putInt(json.length);
        ByteBuffer encoding = le(8 + values.length * Long.BYTES).putInt(palette.width()).putInt(values.length);
        encoding.asLongBuffer().put(values);
        for (byte[] b : List.of(head.array(), json, encoding.array())) {
            crc.update(b);
            out.write(b);
        }
        int rowBytes = d.featureCount() * palette.width();
        ByteBuffer buf = le(Math.max(CHUNK, rowBytes)); // row by row: no copy of the feature matrix
        for (int i = 0; i < d.size(); i++) {
            if (buf.remaining() < rowBytes) {
                drain(buf, out, crc);
            }
            palette.encodeRow(i, buf);
        }
        for (int y : d.labels()) {
            if (buf.remaining() < Integer.BYTES) {
                drain(buf, out, crc);
            }
            buf.putInt(y);
        }
        drain(buf, out, crc);
        out.write(le(4).putInt((int) crc.getValue()).array());
    }

    /** The JSON header of {@code d}'s file, the same in versions 1 and 2. */
    static byte[] headerJson(Dataset d) {
        return Json.compact(header(d));
    }

    private static ObjectNode header(Dataset d) {
        ObjectNode h = Json.object();
        h.put("name", d.name());
        h.put("size", d.size());
        ArrayNode shape = h.putArray("sampleShape");
        for (int s : d.sampleShape()) {
            shape.add(s);
        }
        h.put("numClasses", d.numClasses());
        ArrayNode names = h.putArray("classNames");
        d.classNames().forEach(names::add);
        h.put("fingerprint", fingerprint(d));
        return h;
    }

    /** The fingerprint as written in files: {@code sha256:} and the dataset's content hash. */
    static String fingerprint(Dataset d) {
        return "sha256:" + d.fingerprint();
    }

    /**
     * Reads and verifies a dataset file; {@code dir} and {@code rel} name it in errors.
     *
     * @throws RunDirectoryException if it is missing, damaged or inconsistent
     */
    static Dataset read(Path dir, String rel) throws RunDirectoryException {
        Path file = dir.resolve(rel);
        try (InputStream raw = rel.endsWith(GZIP_SUFFIX) ? new GZIPInputStream(checkedGzipHeader(file, dir, rel), CHUNK)
                : new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
            CRC32C crc = new CRC32C();
            CheckedInputStream in = new CheckedInputStream(raw, crc);
            ByteBuffer head = le(MAGIC.length + 8).put(exactly(in, MAGIC.length + 8, dir, rel)).flip();
            byte[] magic = new byte[MAGIC.length];
            head.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new RunDirectoryException(dir, rel, "not a dit dataset file (bad magic)");
            }
            int version = head.getInt();
            if (version != VERSION && version != VERSION_1) {
                throw new RunDirectoryException(dir, rel, "unsupported dataset file version " + version
                        + " (this dit reads versions " + VERSION_1 + " and " + VERSION + ")");
            }
            int jsonLength = head.getInt();
            if (jsonLength < 2 || jsonLength > MAX_HEADER) {
                throw new RunDirectoryException(dir, rel, "implausible header length " + jsonLength);
            }
            JsonNode h = Json.parse(exactly(in, jsonLength, dir, rel), dir, rel);
            Json.Fields f = new Json.Fields(h, dir, rel);
            int n = f.intAt("size");
            int[] shape = f.intsAt("sampleShape");
            long d = 1;
            for (int s : shape) {
                d *= s;
            }
            if (n < 0 || shape.length == 0 || d < 1 || d * n > Integer.MAX_VALUE - 8 || n > Integer.MAX_VALUE / 8) {
                throw new RunDirectoryException(dir, rel, "implausible size " + n + " × " + Arrays.toString(shape));
            }
            double[] features = new double[(int) (d * n)];
            String badContent = null;
            if (version == VERSION_1) {
                readDoubles(in, features, dir, rel);
            } else {
                badContent = readFeatures(in, features, (int) d, dir, rel);
            }
            int[] labels = new int[n];
            le(4 * n).put(exactly(in, 4 * n, dir, rel)).flip().asIntBuffer().get(labels);
            int expected = (int) crc.getValue();
            int stored = le(4).put(exactly(raw, 4, dir, rel)).getInt(0);
            if (stored != expected) {
                throw new RunDirectoryException(dir, rel, "checksum mismatch: file is damaged");
            }
            if (raw.read() != -1) {
                throw new RunDirectoryException(dir, rel, "unexpected data after the checksum");
            }
            if (badContent != null) { // the checksum holds: written so, not damaged since
                throw new RunDirectoryException(dir, rel, badContent);
            }
            List<String> names = new ArrayList<>();
            h.path("classNames").forEach(x -> names.add(x.asText()));
            Dataset ds = Dataset.wrap(f.textAt("name"), features, labels, shape, f.intAt("numClasses"), names);
            String fp = f.textAt("fingerprint");
            if (!fp.equals(fingerprint(ds))) {
                throw new RunDirectoryException(dir, rel, "content fingerprint " + fingerprint(ds)
                        + " differs from the one in its header " + fp);
            }
            return ds;
        } catch (RunDirectoryException e) {
            throw e;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RunDirectoryException(dir, rel, "file is missing", e);
        } catch (ZipException e) {
            throw new RunDirectoryException(dir, rel, "damaged gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new RunDirectoryException(dir, rel, "truncated", e);
        } catch (IOException e) {
            throw new RunDirectoryException(dir, rel, "cannot read: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new RunDirectoryException(dir, rel, "invalid dataset: " + e.getMessage(), e);
        }
    }

    /**
     * The file opened at its start, after checking the 10-byte gzip header that {@code write}
     * produces (no optional fields, modification time 0), whose bytes no checksum covers.
     */
    private static InputStream checkedGzipHeader(Path file, Path dir, String rel) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK);
        try {
            in.mark(GZIP_HEADER);
            byte[] h = in.readNBytes(GZIP_HEADER);
            in.reset();
            boolean ok = h.length == GZIP_HEADER && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b && h[2] == 8;
            for (int i = 3; ok && i < GZIP_HEADER - 1; i++) {
                ok = h[i] == 0;
            }
            // the OS byte: 0 from older JDKs, 255 ("unknown") from newer ones
            if (!ok || (h[GZIP_HEADER - 1] != 0 && h[GZIP_HEADER - 1] != (byte) 0xff)) {
                throw new RunDirectoryException(dir, rel, "damaged gzip header");
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads the encoding fields, the palette and the features of a version-2 file into
     * {@code dst}. A palette out of order or a code outside it is returned as the problem to
     * report once the checksum is known to hold (else the file is damaged, which says more).
     *
     * @return the problem, or null
     */
    private static String readFeatures(InputStream in, double[] dst, int featureCount, Path dir, String rel)
            throws IOException {
        ByteBuffer enc = le(8).put(exactly(in, 8, dir, rel)).flip();
        int width = enc.getInt();
        int size = enc.getInt();
        if (!FeaturePalette.isValid(width, size)) {
            throw new RunDirectoryException(dir, rel, "unknown feature encoding: code width " + width
                    + " with a palette of " + Integer.toUnsignedString(size) + " values");
        }
        if (width == FeaturePalette.RAW) {
            readDoubles(in, dst, dir, rel);
            return null;
        }
        long[] values = new long[size];
        le(size * Long.BYTES).put(exactly(in, size * Long.BYTES, dir, rel)).flip().asLongBuffer().get(values);
        double[] palette = new double[size];
        for (int c = 0; c < size; c++) {
            palette[c] = Double.longBitsToDouble(values[c]);
        }
        long bad = FeaturePalette.decode(in, width, palette, dst);
        int unordered = FeaturePalette.firstUnordered(values);
        if (unordered >= 0) {
            return "palette value " + unordered + " does not come after the one before it (the palette must be"
                    + " distinct values in order)";
        }
        if (bad >= 0) {
            return "the code of the feature at row " + bad / featureCount + ", column " + bad % featureCount
                    + " is outside the palette of " + size + " values";
        }
        return null;
    }

    private static void readDoubles(InputStream in, double[] dst, Path dir, String rel) throws IOException {
        ByteBuffer buf = le(CHUNK);
        byte[] bytes = buf.array();
        int done = 0;
        while (done < dst.length) {
            int count = Math.min(CHUNK / Double.BYTES, dst.length - done);
            if (in.readNBytes(bytes, 0, count * Double.BYTES) != count * Double.BYTES) {
                throw new RunDirectoryException(dir, rel, "truncated");
            }
            buf.clear().limit(count * Double.BYTES);
            buf.asDoubleBuffer().get(dst, done, count);
            done += count;
        }
    }

    private static byte[] exactly(InputStream in, int n, Path dir, String rel) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new RunDirectoryException(dir, rel, "truncated");
        }
        return b;
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void drain(ByteBuffer buf, OutputStream out, CRC32C crc) throws IOException {
        crc.update(buf.array(), 0, buf.position());
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }
}
