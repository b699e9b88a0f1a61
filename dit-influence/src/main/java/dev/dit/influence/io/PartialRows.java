package dev.dit.influence.io;

import dev.dit.models.io.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Rows appended one by one to {@code FILE.partial} while a long computation runs, so that a
 * re-run can skip what is done. The final file is written separately (atomically) when
 * everything is finished, and the partial file is then deleted: a killed run leaves only a file
 * whose name says it is incomplete.
 */
public final class PartialRows implements AutoCloseable {
    private final Path partial;
    private final FileChannel out;
    /** Length of the file up to its last complete row. */
    private long complete;
    private IOException failed;

    private PartialRows(Path partial, FileChannel out) throws IOException {
        this.partial = partial;
        this.out = out;
        this.complete = out.size();
    }

    /**
     * The partial file that belongs to {@code target}.
     *
     * @param target the CSV file being computed
     * @return {@code target} with {@code .partial} appended
     */
    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /**
     * Rows already done for {@code target} with the same {@code header}; empty when there is no
     * partial file. Only complete lines count: a last line without its newline (the writer was
     * killed, or the disk filled up, in the middle of it) is dropped, never parsed, and computed
     * again. A partial file written with other settings (another run, query, windows, definition
     * or sample choice: any header line differs) is refused, naming the first differing line.
     *
     * @param target the CSV file being computed
     * @param header the header the finished file will have
     * @return the finished rows by training sample
     */
    public static Map<Integer, double[]> resume(Path target, String header) {
        Path p = partialOf(target);
        Map<Integer, double[]> done = new HashMap<>();
        if (!Files.exists(p)) {
            return done;
        }
        try {
            byte[] bytes = Files.readAllBytes(p);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            if (header.startsWith(text)) {
                return done; // killed while writing the header: nothing was done
            }
            if (!text.startsWith(header)) {
                throw new IllegalArgumentException(p + " was written with other settings (" + firstDifference(text, header)
                        + "); delete it to start over, or use another --out");
            }
            InfluenceCsv.Table t = InfluenceCsv.parse(p.toString(), new BufferedReader(new java.io.StringReader(text)));
            int[] s = t.matrix().samples();
            for (int r = 0; r < s.length; r++) {
                double[] v = new double[t.matrix().windows().size()];
                for (int c = 0; c < v.length; c++) {
                    v[c] = t.matrix().get(r, c);
                }
                done.put(s[r], v);
            }
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** The first header line that differs, as "there: LINE, now: LINE". */
    private static String firstDifference(String text, String header) {
        String[] have = text.split("\n", -1);
        String[] want = header.split("\n", -1);
        for (int i = 0; i < want.length; i++) {
            String h = i < have.length ? have[i] : "";
            if (!h.equals(want[i])) {
                return "line " + (i + 1) + " is '" + h + "' there but '" + want[i] + "' for this run";
            }
        }
        return "its header differs";
    }

    /**
     * Opens the partial file for appending. The file is first rewritten, atomically, with
     * {@code header} and the rows in {@code done}, so that a dropped torn line is gone and a
     * failure while rewriting (a full disk) keeps the earlier partial file.
     *
     * @param target the CSV file being computed
     * @param header the header the finished file will have
     * @param done rows already finished, by training sample
     * @param labels the label of every training sample
     * @param corrupted whether each training sample's label was corrupted
     * @return the open partial file; close it when done
     */
    public static PartialRows open(Path target, String header, Map<Integer, double[]> done,
                                   int[] labels, boolean[] corrupted) {
        Path p = partialOf(target);
        try {
            StringBuilder b = new StringBuilder(header);
            done.keySet().stream().sorted().forEach(j -> b.append(InfluenceCsv.row(j, labels[j], corrupted[j], done.get(j))));
            AtomicFile.writeString(p, b.toString());
            return new PartialRows(p, FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one finished row. A failed write (a full disk) cuts the file back to its last
     * complete row where it can, and every later append fails too: nothing is ever retried
     * after a partial write, which could otherwise glue a row's beginning to a whole row.
     *
     * @param row a CSV line from {@link InfluenceCsv#row}
     */
    public synchronized void append(String row) {
        if (failed != null) {
            throw new UncheckedIOException("cannot append to " + partial + ": " + failed.getMessage(), failed);
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(row.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            complete = out.position();
        } catch (IOException e) {
            failed = e;
            try {
                out.truncate(complete);
            } catch (IOException ignored) {
                // the torn line stays; a resume drops it because it has no newline
            }
            throw new UncheckedIOException("cannot append to " + partial + ": " + e.getMessage(), e);
        }
    }

    /** Closes and deletes the partial file (call after the final file is in place). */
    public void finish() {
        close();
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + partial + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + partial + ": " + e.getMessage(), e);
        }
    }
}
