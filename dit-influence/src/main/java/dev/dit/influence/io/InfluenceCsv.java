package dev.dit.influence.io;

import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.window.Window;
import dev.dit.models.io.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CSV form of an {@link InfluenceMatrix}: a few {@code # key: value} header lines saying what
 * the file holds (method, definition, query, windows with their bounds in steps), then one row
 * per training sample: {@code sample,label,corrupted,<one column per window>}. Values are written
 * with {@link Double#toString}, which reads back to the identical double.
 */
public final class InfluenceCsv {
    /** First line of every file. */
    public static final String MAGIC = "# dit influence matrix v1";
    private static final Pattern WINDOW = Pattern.compile("([^\\s\\[]+)\\[(\\d+),(\\d+)\\)");

    private InfluenceCsv() {
    }

    /** A matrix read back, with the per-row label and corrupted flag. */
    public record Table(InfluenceMatrix matrix, int[] labels, boolean[] corrupted, Map<String, String> header) {
    }

    /**
     * The header lines, ending with the column line.
     *
     * @param m the matrix
     * @param extra further {@code # key: value} provenance lines, in order
     * @return the header text, each line ending in a newline
     */
    public static String header(InfluenceMatrix m, Map<String, String> extra) {
        StringBuilder b = new StringBuilder(MAGIC).append('\n');
        b.append("# method: ").append(m.method()).append('\n');
        b.append("# definition: ").append(m.definition().id()).append('\n');
        b.append("# query: ").append(m.query()).append('\n');
        b.append("# windows:");
        for (Window w : m.windows()) {
            b.append(' ').append(w);
        }
        b.append('\n');
        b.append("# sign: influence = F(without sample) - F(with sample); negative on a loss query = harmful\n");
        for (Map.Entry<String, String> e : extra.entrySet()) {
            b.append("# ").append(e.getKey()).append(": ").append(e.getValue().replace('\n', ' ')).append('\n');
        }
        b.append("sample,label,corrupted");
        for (Window w : m.windows()) {
            b.append(',').append(w.label());
        }
        return b.append('\n').toString();
    }

    /**
     * One data row.
     *
     * @param sample the training sample
     * @param label its (possibly corrupted) label
     * @param corrupted whether its label was corrupted
     * @param values one value per window
     * @return the CSV line, ending in a newline
     */
    public static String row(int sample, int label, boolean corrupted, double[] values) {
        StringBuilder b = new StringBuilder();
        b.append(sample).append(',').append(label).append(',').append(corrupted ? 1 : 0);
        for (double v : values) {
            b.append(',').append(v);
        }
        return b.append('\n').toString();
    }

    /**
     * Writes {@code m} atomically; {@code labels}/{@code corrupted} are indexed by training sample.
     *
     * @param file the CSV file to create or replace
     * @param m the matrix
     * @param labels the label of every training sample
     * @param corrupted whether each training sample's label was corrupted
     * @param extra further provenance lines for the header
     */
    public static void write(Path file, InfluenceMatrix m, int[] labels, boolean[] corrupted, Map<String, String> extra) {
        AtomicFile.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(header(m, extra));
            int[] samples = m.samples();
            double[] vals = new double[m.windows().size()];
            for (int r = 0; r < samples.length; r++) {
                for (int c = 0; c < vals.length; c++) {
                    vals[c] = m.get(r, c);
                }
                int s = samples[r];
                w.write(row(s, labels[s], corrupted[s], vals));
            }
            w.flush();
        });
    }

    /**
     * Reads a file written by {@link #write}; a malformed one is refused naming the line.
     *
     * @param file the CSV file
     * @return its header fields and rows
     */
    public static Table read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), r, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a stream. With {@code lenientTail}, an incomplete last row (a killed writer) is
     * dropped instead of refused; used to resume from a partial file.
     */
    static Table parse(String name, BufferedReader r, boolean lenientTail) throws IOException {
        String first = r.readLine();
        if (!MAGIC.equals(first)) {
            throw new IllegalArgumentException(name + ": line 1: not a dit influence matrix (expected '" + MAGIC + "')");
        }
        Map<String, String> header = new LinkedHashMap<>();
        String line;
        int lineNo = 1;
        while ((line = r.readLine()) != null && line.startsWith("#")) {
            lineNo++;
            int colon = line.indexOf(':');
            if (colon > 0) {
                header.put(line.substring(1, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        lineNo++;
        for (String key : new String[] {"method", "definition", "query", "windows"}) {
            if (!header.containsKey(key)) {
                throw new IllegalArgumentException(name + ": header has no '" + key + "' line");
            }
        }
        List<Window> windows = new ArrayList<>();
        Matcher m = WINDOW.matcher(header.get("windows"));
        while (m.find()) {
            windows.add(new Window(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        }
        if (line == null || !line.startsWith("sample,label,corrupted")) {
            throw new IllegalArgumentException(name + ": line " + lineNo + ": expected the column line 'sample,label,corrupted,...'");
        }
        String[] cols = line.split(",", -1);
        if (cols.length != 3 + windows.size()) {
            throw new IllegalArgumentException(name + ": line " + lineNo + ": " + (cols.length - 3)
                    + " window columns but the header lists " + windows.size() + " windows");
        }
        List<int[]> meta = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        while ((line = r.readLine()) != null) {
            lines.add(line);
        }
        for (int i = 0; i < lines.size(); i++) {
            lineNo++;
            String l = lines.get(i);
            if (l.isEmpty() && i == lines.size() - 1) {
                break;
            }
            String[] f = l.split(",", -1);
            try {
                if (f.length != cols.length) {
                    throw new IllegalArgumentException(f.length + " fields, expected " + cols.length);
                }
                double[] v = new double[windows.size()];
                for (int c = 0; c < v.length; c++) {
                    v[c] = Double.parseDouble(f[3 + c]);
                }
                meta.add(new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])});
                values.add(v);
            } catch (IllegalArgumentException e) {
                if (lenientTail && i == lines.size() - 1) {
                    break;
                }
                throw new IllegalArgumentException(name + ": line " + lineNo + ": malformed row: " + e.getMessage());
            }
        }
        int n = meta.size();
        int[] samples = new int[n];
        int maxSample = -1;
        for (int i = 0; i < n; i++) {
            samples[i] = meta.get(i)[0];
            maxSample = Math.max(maxSample, samples[i]);
        }
        int[] labels = new int[maxSample + 1];
        boolean[] corrupted = new boolean[maxSample + 1];
        for (int[] mt : meta) {
            labels[mt[0]] = mt[1];
            corrupted[mt[0]] = mt[2] != 0;
        }
        InfluenceMatrix matrix = new InfluenceMatrix(header.get("method"), Definition.parse(header.get("definition")),
                header.get("query"), windows, samples, values.toArray(new double[0][]));
        return new Table(matrix, labels, corrupted, header);
    }
}
