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
 * One dataset as a file. Content, all little-endian: magic {@code \x89DITDATA}, u32 version 1,
 * u32 length L of a UTF-8 JSON header, the header (name, size, sampleShape, numClasses,
 * classNames, fingerprint), n·d f64 features row-major, n i32 labels, u32 CRC-32C of everything
 * before it. {@code dit train} writes this content as it is ({@code data/*.ds}): writing and
 * reading it cost what the disk costs. Run directories of older versions hold the same content
 * gzipped ({@code data/*.ds.gz}, chosen by the name's {@code .gz}); those are still read, the gzip
 * trailer adding its own CRC-32. The dataset fingerprint is checked after reading either.
 */
final class DatasetFile {
    static final byte[] MAGIC = {(byte) 0x89, 'D', 'I', 'T', 'D', 'A', 'T', 'A'};
    static final int VERSION = 1;
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

    /** The file's content: header, features, labels and their CRC-32C. */
    static void writeContent(OutputStream out, Dataset d) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] json = Json.compact(header(d));
        ByteBuffer head = le(MAGIC.length + 8).put(MAGIC).putInt(VERSION).putInt(json.length);
        crc.update(head.array());
        out.write(head.array());
        crc.update(json);
        out.write(json);
        int width = d.featureCount();
        double[] row = new double[width]; // row by row: no copy of the whole feature matrix
        ByteBuffer buf = le(Math.max(CHUNK, width * Double.BYTES));
        for (int i = 0; i < d.size(); i++) {
            if (buf.remaining() < width * Double.BYTES) {
                drain(buf, out, crc);
            }
            d.copyRow(i, row, 0);
            buf.asDoubleBuffer().put(row);
            buf.position(buf.position() + width * Double.BYTES);
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
            if (version != VERSION) {
                throw new RunDirectoryException(dir, rel, "unsupported dataset file version " + version);
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
            readDoubles(in, features, dir, rel);
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
            List<String> names = new ArrayList<>();
            h.path("classNames").forEach(x -> names.add(x.asText()));
            Dataset ds = new Dataset(f.textAt("name"), features, labels, shape, f.intAt("numClasses"), names);
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
