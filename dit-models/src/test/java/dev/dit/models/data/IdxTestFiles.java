package dev.dit.models.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxTestFiles {

    private IdxTestFiles() {
    }

    /** An IDX images file: magic 0x803, count, rows, cols, then the pixels. */
    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return idx(new int[] {0x803, count, rows, cols}, pixels);
    }

    /** An IDX labels file: magic 0x801, count, then the labels. */
    static byte[] labels(int... labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) labels[i];
        }
        return idx(new int[] {0x801, labels.length}, b);
    }

    static byte[] idx(int[] header, byte[] payload) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int h : header) {
                out.writeInt(h);
            }
            out.write(payload);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    static Path writeGz(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
        return file;
    }

    /** Pixels 0, 1, 2, ... (mod 256) for {@code count} images of rows × cols. */
    static byte[] rampPixels(int count, int rows, int cols) {
        byte[] p = new byte[count * rows * cols];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }
}
