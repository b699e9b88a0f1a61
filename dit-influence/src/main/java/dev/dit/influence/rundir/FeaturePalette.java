package dev.dit.influence.rundir;

import dev.dit.models.data.Dataset;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * How a {@link DatasetFile} of version 2 stores the features: as one code per feature into a
 * palette of the dataset's distinct values, when that takes fewer bytes than the doubles. Values
 * are told apart by their raw bits ({@link Double#doubleToRawLongBits}), so {@code -0.0} and
 * {@code 0.0} are two values and decoding gives every bit back. The palette lists them in IEEE 754
 * totalOrder of those bits ({@code -0.0} before {@code 0.0}), so the same dataset always gives the
 * same file. Codes are u8 for at most 256 values, u16 for at most 65 536; the encoding chosen is
 * the one with the fewest bytes (palette included), the raw doubles (code width 8, no palette) when
 * none is smaller. Pixels k/255 (256 values) take 1 byte per feature instead of 8.
 */
final class FeaturePalette {
    /** The code width, in bytes, of the raw encoding: the doubles themselves, no palette. */
    static final int RAW = Double.BYTES;
    /** The most values u8 codes address. */
    static final int MAX_U8 = 1 << 8;
    /** The most values u16 codes address. */
    static final int MAX_U16 = 1 << 16;
    private static final int CHUNK = 1 << 16;

    private final Dataset data;
    private final long[] values;
    private final int width;
    private final double[] row;
    /** u8: every feature's code in first-seen numbering, from the one pass over the data. */
    private final byte[] firstSeen;
    /** u8: first-seen code to palette index. */
    private final byte[] toPalette;
    /** u16: raw bits to palette index. */
    private final Long2IntOpenHashMap codes;
    private long lastBits;
    private int lastCode = -1;

    private FeaturePalette(Dataset data, long[] values, int width, byte[] firstSeen, byte[] toPalette,
                           Long2IntOpenHashMap codes) {
        this.data = data;
        this.values = values;
        this.width = width;
        this.row = new double[data.featureCount()];
        this.firstSeen = firstSeen;
        this.toPalette = toPalette;
        this.codes = codes;
    }

    /**
     * The encoding of {@code d} with the fewest bytes, from one pass over its features that keeps
     * their codes when they fit in a byte (n·d bytes, an eighth of the doubles): writing u8 then
     * needs no second lookup. u16 codes are looked up again as they are written.
     */
    static FeaturePalette of(Dataset d) {
        int n = d.size() * d.featureCount(); // fits: the dataset holds them in one array
        Long2IntOpenHashMap seen = new Long2IntOpenHashMap();
        seen.defaultReturnValue(-1);
        byte[] u8 = new byte[n];
        double[] row = new double[d.featureCount()];
        long last = 0;
        int code = -1;
        int k = 0;
        for (int i = 0; i < d.size(); i++) {
            d.copyRow(i, row, 0);
            for (double v : row) {
                long b = Double.doubleToRawLongBits(v);
                if (code < 0 || b != last) { // runs of one value (an image's background) hash once
                    code = seen.get(b);
                    if (code < 0) {
                        code = seen.size();
                        if (code == MAX_U16) {
                            return new FeaturePalette(d, new long[0], RAW, null, null, null);
                        }
                        seen.put(b, code);
                        u8 = code == MAX_U8 ? null : u8;
                    }
                    last = b;
                }
                if (u8 != null) {
                    u8[k] = (byte) code;
                }
                k++;
            }
        }
        long p = seen.size();
        long raw = RAW * (long) n;
        long u8Bytes = p <= MAX_U8 ? RAW * p + n : Long.MAX_VALUE;
        long u16Bytes = RAW * p + 2L * n;
        int width = u8Bytes < raw ? 1 : u16Bytes < raw ? 2 : RAW;
        if (width == RAW) {
            return new FeaturePalette(d, new long[0], RAW, null, null, null);
        }
        long[] values = seen.keySet().toLongArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = totalOrderKey(values[i]);
        }
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
            values[i] = totalOrderKey(values[i]); // the key map is its own inverse
        }
        if (width == 1) {
            byte[] toPalette = new byte[values.length];
            for (int c = 0; c < values.length; c++) {
                toPalette[seen.get(values[c])] = (byte) c;
            }
            return new FeaturePalette(d, values, 1, u8, toPalette, null);
        }
        Long2IntOpenHashMap codes = new Long2IntOpenHashMap(values.length);
        codes.defaultReturnValue(-1);
        for (int c = 0; c < values.length; c++) {
            codes.put(values[c], c);
        }
        return new FeaturePalette(d, values, 2, null, null, codes);
    }

    /**
     * A signed-long key whose order is IEEE 754 totalOrder of the raw bits: negative values have
     * their magnitude bits flipped, so larger magnitudes sort first among them.
     */
    static long totalOrderKey(long bits) {
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** @return bytes per feature: 1 or 2 (codes), or {@link #RAW} (doubles) */
    int width() {
        return width;
    }

    /** @return the palette's raw bits in totalOrder; empty for the raw encoding */
    long[] values() {
        return values.clone();
    }

    /** Appends the encoding of row {@code i} to {@code buf}, which has room for it. */
    void encodeRow(int i, ByteBuffer buf) {
        if (width == 1) {
            byte[] a = buf.array();
            int pos = buf.position();
            for (int k = i * row.length, end = k + row.length; k < end; k++) {
                a[pos++] = toPalette[firstSeen[k] & 0xff];
            }
            buf.position(pos);
            return;
        }
        data.copyRow(i, row, 0);
        if (width == RAW) {
            buf.asDoubleBuffer().put(row);
            buf.position(buf.position() + row.length * Double.BYTES);
        } else {
            for (double v : row) {
                buf.putShort((short) code(v));
            }
        }
    }

    private int code(double v) {
        long b = Double.doubleToRawLongBits(v);
        if (lastCode < 0 || b != lastBits) {
            lastCode = codes.get(b);
            lastBits = b;
            if (lastCode < 0) {
                throw new IllegalStateException("feature value " + v + " is not in the palette: the dataset changed");
            }
        }
        return lastCode;
    }

    /**
     * Whether a file's code width and palette size describe an encoding this class writes or
     * reads: raw doubles without a palette, or 1 to 256 values (u8), or 1 to 65 536 (u16).
     */
    static boolean isValid(int width, int size) {
        return width == RAW ? size == 0
                : (width == 1 || width == 2) && size >= 1 && size <= (width == 1 ? MAX_U8 : MAX_U16);
    }

    /** The index of the first palette entry not after the one before it in totalOrder, or -1. */
    static int firstUnordered(long[] palette) {
        for (int i = 1; i < palette.length; i++) {
            if (totalOrderKey(palette[i]) <= totalOrderKey(palette[i - 1])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads {@code dst.length} codes of {@code width} bytes (1 or 2) from {@code in} and decodes
     * them with {@code palette} into {@code dst}. A code outside the palette decodes as the first
     * value and reading goes on, so that the caller can first check the file's checksum: damage is
     * then reported as damage.
     *
     * @return the index in {@code dst} of the first code outside the palette, or -1
     * @throws EOFException if the stream ends early
     */
    static long decode(InputStream in, int width, double[] palette, double[] dst) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        byte[] a = buf.array();
        long bad = -1;
        int done = 0;
        while (done < dst.length) {
            int count = Math.min(CHUNK / width, dst.length - done);
            if (in.readNBytes(a, 0, count * width) != count * width) {
                throw new EOFException();
            }
            int first = width == 1 ? decodeU8(a, count, palette, dst, done) : decodeU16(buf, count, palette, dst, done);
            if (bad < 0 && first >= 0) {
                bad = done + (long) first;
            }
            done += count;
        }
        return bad;
    }

    /** Decodes {@code count} u8 codes into {@code dst[off ..]}; the first bad code's index or -1. */
    private static int decodeU8(byte[] codes, int count, double[] palette, double[] dst, int off) {
        int p = palette.length;
        int bad = -1;
        for (int k = 0; k < count; k++) {
            int c = codes[k] & 0xff;
            if (c >= p) {
                bad = bad < 0 ? k : bad;
                c = 0;
            }
            dst[off + k] = palette[c];
        }
        return bad;
    }

    /** Decodes {@code count} little-endian u16 codes into {@code dst[off ..]}; as {@link #decodeU8}. */
    private static int decodeU16(ByteBuffer codes, int count, double[] palette, double[] dst, int off) {
        int p = palette.length;
        int bad = -1;
        for (int k = 0; k < count; k++) {
            int c = codes.getShort(2 * k) & 0xffff;
            if (c >= p) {
                bad = bad < 0 ? k : bad;
                c = 0;
            }
            dst[off + k] = palette[c];
        }
        return bad;
    }
}
