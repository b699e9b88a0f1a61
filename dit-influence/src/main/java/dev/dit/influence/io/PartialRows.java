package dev.dit.influence.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
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
    private final Writer out;

    private PartialRows(Path partial, Writer out) {
        this.partial = partial;
        this.out = out;
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
     * partial file. A partial file with another header (other settings) is refused.
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
            String text = Files.readString(p, StandardCharsets.UTF_8);
            if (!text.startsWith(header)) {
                throw new IllegalArgumentException(p + " was written with other settings; delete it or use another --out");
            }
            InfluenceCsv.Table t = InfluenceCsv.parse(p.toString(), new BufferedReader(new java.io.StringReader(text)), true);
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

    /**
     * Opens the partial file for appending, rewriting it with {@code header} and the rows in
     * {@code done} so that a torn last line from a killed run is dropped.
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
            Files.createDirectories(p.toAbsolutePath().getParent());
            StringBuilder b = new StringBuilder(header);
            done.keySet().stream().sorted().forEach(j -> b.append(InfluenceCsv.row(j, labels[j], corrupted[j], done.get(j))));
            Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
            Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new PartialRows(p, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one finished row and flushes it.
     *
     * @param row a CSV line from {@link InfluenceCsv#row}
     */
    public synchronized void append(String row) {
        try {
            out.write(row);
            out.flush();
        } catch (IOException e) {
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
