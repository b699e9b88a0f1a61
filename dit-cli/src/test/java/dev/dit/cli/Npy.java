package dev.dit.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal .npy v1.0 reader for the tests: dtype, shape and the raw little-endian data. */
final class Npy {
    private static final Pattern DICT = Pattern.compile(
            "\\{'descr': '([<>|][a-z]\\d)', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    final String dtype;
    final int[] shape;
    final ByteBuffer data;

    private Npy(String dtype, int[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    static Npy read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if ((b.get(0) & 0xff) != 0x93 || b.get(6) != 1 || b.get(7) != 0) {
            throw new IOException(file + ": not an npy 1.0 file");
        }
        int headerLength = b.getShort(8) & 0xffff;
        String dict = new String(b.array(), 10, headerLength, StandardCharsets.US_ASCII);
        Matcher m = DICT.matcher(dict);
        if (!m.matches() || (10 + headerLength) % 64 != 0) {
            throw new IOException(file + ": unexpected header " + dict);
        }
        String[] dims = m.group(2).split(",");
        int count = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                count++;
            }
        }
        int[] shape = new int[count];
        int k = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                shape[k++] = Integer.parseInt(d.trim());
            }
        }
        ByteBuffer data = b.position(10 + headerLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Npy(m.group(1), shape, data);
    }

    long elements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    double f8(long i) {
        return data.getDouble((int) (8 * i));
    }

    int i4(long i) {
        return data.getInt((int) (4 * i));
    }

    long i8(long i) {
        return data.getLong((int) (8 * i));
    }
}
