import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the bundled Fashion-MNIST subset used by the spec {@code fashion-mnist-mini}: the
 * first 300 pullovers and the first 300 coats (original labels 2 and 4) of the official training
 * file, and the first 150 of each of the official test file, in file order, as gzipped IDX files
 * with the original labels. The selection is deterministic and gzip output carries no timestamp,
 * so rerunning it reproduces the same bytes.
 *
 * <p>Run with {@code java scripts/MakeBundledFashionMnist.java SRC_DIR OUT_DIR}; see
 * make-bundled-fashion-mnist.sh.
 */
public class MakeBundledFashionMnist {

    static final int PULLOVER = 2;
    static final int COAT = 4;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java MakeBundledFashionMnist.java SRC_DIR OUT_DIR");
            System.exit(2);
        }
        Path src = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        subset(src, "train", 300, out, "fashion-mnist-mini-train");
        subset(src, "t10k", 150, out, "fashion-mnist-mini-test");
    }

    static void subset(Path src, String part, int perClass, Path out, String prefix) throws IOException {
        byte[] images = gunzip(src.resolve(part + "-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(src.resolve(part + "-labels-idx1-ubyte.gz"));
        ByteBuffer ib = ByteBuffer.wrap(images);
        ByteBuffer lb = ByteBuffer.wrap(labels);
        check(ib.getInt(), 0x803, "images magic");
        check(lb.getInt(), 0x801, "labels magic");
        int count = ib.getInt();
        int rows = ib.getInt();
        int cols = ib.getInt();
        check(lb.getInt(), count, "label count");
        int size = rows * cols;
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int pullovers = 0;
        int coats = 0;
        for (int i = 0; i < count && (pullovers < perClass || coats < perClass); i++) {
            int y = labels[8 + i] & 0xff;
            boolean take = (y == PULLOVER && pullovers < perClass) || (y == COAT && coats < perClass);
            if (take) {
                pullovers += y == PULLOVER ? 1 : 0;
                coats += y == COAT ? 1 : 0;
                pixels.write(images, 16 + i * size, size);
                kept.write(y);
            }
        }
        check(pullovers, perClass, "pullovers found");
        check(coats, perClass, "coats found");
        int n = kept.size();
        writeGz(out.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {0x803, n, rows, cols}, pixels.toByteArray());
        writeGz(out.resolve(prefix + "-labels-idx1-ubyte.gz"), new int[] {0x801, n}, kept.toByteArray());
        System.out.println(prefix + ": " + n + " images (" + pullovers + " pullovers, " + coats + " coats)");
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static void writeGz(Path file, int[] header, byte[] payload) throws IOException {
        try (OutputStream fo = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new GZIPOutputStream(fo))) {
            for (int h : header) {
                out.writeInt(h);
            }
            out.write(payload);
        }
    }

    static void check(int actual, int expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }
}
