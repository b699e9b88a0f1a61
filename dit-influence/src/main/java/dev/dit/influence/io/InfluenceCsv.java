package dev.dit.influence.io;

import dev.dit.influence.diagnose.Verdict;
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

    /** Header key of the verdicts line: one level per window, in the windows' order. */
    public static final String VERDICTS = "verdicts";
    /** Header key of the verdicts' reasons: per window, in order, reasons joined by "; ", windows by " | ". */
    public static final String VERDICT_REASONS = "verdict_reasons";
    private static final String WINDOW_SEPARATOR = " | ";

    /**
     * A matrix read back, with the per-row label and corrupted flag.
     *
     * @param matrix the values
     * @param labels the label of each training sample (indexed by sample)
     * @param corrupted whether each training sample's label was corrupted
     * @param header the {@code # key: value} lines
     */
    public record Table(InfluenceMatrix matrix, int[] labels, boolean[] corrupted, Map<String, String> header) {
        /**
         * The trust verdicts the file carries (method.md §10), one per window; empty for files
         * written without them (older files, or {@code dit loo}).
         *
         * @return the verdicts, in the windows' order
         */
        public List<Verdict> verdicts() {
            return InfluenceCsv.verdicts("influence file", matrix.windows(), header);
        }
    }

    /**
     * The header lines that carry {@code verdicts} (to pass as {@code extra} to {@link #write}).
     *
     * @param verdicts one per window of the matrix, in order
     * @return the {@value #VERDICTS} and {@value #VERDICT_REASONS} lines' values, in order
     */
    public static Map<String, String> verdictHeader(List<Verdict> verdicts) {
        StringBuilder levels = new StringBuilder();
        StringBuilder reasons = new StringBuilder();
        for (Verdict v : verdicts) {
            levels.append(levels.length() == 0 ? "" : " ").append(v.level().id());
            if (v != verdicts.get(0)) {
                reasons.append(WINDOW_SEPARATOR);
            }
            reasons.append(String.join("; ", v.reasons()).replace(WINDOW_SEPARATOR, " / ").replace('\n', ' '));
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put(VERDICTS, levels.toString());
        m.put(VERDICT_REASONS, reasons.toString());
        return m;
    }

    static List<Verdict> verdicts(String name, List<Window> windows, Map<String, String> header) {
        String levels = header.get(VERDICTS);
        if (levels == null) {
            return List.of();
        }
        String[] ls = levels.trim().split("\\s+");
        String reasons = header.getOrDefault(VERDICT_REASONS, "");
        String[] rs = reasons.split(java.util.regex.Pattern.quote(WINDOW_SEPARATOR), -1);
        if (ls.length != windows.size() || rs.length != windows.size()) {
            throw new IllegalArgumentException(name + ": header line '# " + VERDICTS + ":' has " + ls.length
                    + " verdicts and '# " + VERDICT_REASONS + ":' " + rs.length + " entries for " + windows.size() + " windows");
        }
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < ls.length; i++) {
            Verdict.Level level;
            try {
                level = Verdict.Level.valueOf(ls[i].toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": header line '# " + VERDICTS + ":': '" + ls[i]
                        + "' is not reliable, doubtful or unreliable");
            }
            List<String> why = rs[i].isBlank() ? List.of() : List.of(rs[i].trim().split("; "));
            out.add(new Verdict(windows.get(i), level, why));
        }
        return out;
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

    /** Header fields that say which training run a file was computed from. */
    private static final List<String> RUN_FIELDS = List.of("train_fingerprint", "steps", "train_samples");

    /**
     * Refuses two files that cannot be compared: computed from different training runs (training
     * fingerprint, steps or training-set size differ, or only one of them records them) or for
     * another definition, query or windows (labels and bounds in steps). The message names both
     * files and the first field that differs.
     *
     * @param a  the first file's path, for messages
     * @param ta the first file's content
     * @param b  the second file's path, for messages
     * @param tb the second file's content
     * @throws IllegalArgumentException naming both files and the field that differs
     */
    public static void requireComparable(Path a, Table ta, Path b, Table tb) {
        for (String key : RUN_FIELDS) {
            String va = ta.header().get(key);
            String vb = tb.header().get(key);
            if (va != null || vb != null) {
                differ(a, b, key, va, vb);
            }
        }
        differ(a, b, "definition", ta.matrix().definition().id(), tb.matrix().definition().id());
        differ(a, b, "query", ta.matrix().query(), tb.matrix().query());
        differ(a, b, "windows", ta.header().get("windows"), tb.header().get("windows"));
    }

    private static void differ(Path a, Path b, String key, String va, String vb) {
        if (!java.util.Objects.equals(va, vb)) {
            throw new IllegalArgumentException(a + " and " + b + " cannot be compared: " + key + " is "
                    + (va == null ? "not recorded" : "'" + va + "'") + " in " + a + " but "
                    + (vb == null ? "not recorded" : "'" + vb + "'") + " in " + b
                    + (RUN_FIELDS.contains(key) ? " (they come from different training runs)" : ""));
        }
    }

    /**
     * Reads a file written by {@link #write}. A malformed one is refused naming the file and the
     * line: missing header lines, wrong column counts, non-numeric, NaN or infinite values,
     * negative, duplicate or (when the header gives {@code train_samples}) out-of-range sample ids,
     * labels below 0, corrupted flags other than 0/1, and files without any row.
     *
     * @param file the CSV file
     * @return its header fields and rows
     */
    public static Table read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Table t = parse(file.toString(), r);
            if (t.matrix().rows() == 0) {
                throw new IllegalArgumentException(file + ": no data rows after the column line");
            }
            return t;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a dit influence matrix (not UTF-8 text)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a whole stream strictly (a partial file's torn last line is cut off before, by {@link PartialRows}). */
    static Table parse(String name, BufferedReader r) throws IOException {
        String first = r.readLine();
        if (first == null) {
            throw new IllegalArgumentException(name + ": empty file, not a dit influence matrix");
        }
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
                throw new IllegalArgumentException(name + ": header has no '# " + key + ":' line");
            }
        }
        List<Window> windows = windows(name, header.get("windows"));
        Definition definition;
        try {
            definition = Definition.parse(header.get("definition"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": header line '# definition:': " + e.getMessage());
        }
        int trainSamples = header.containsKey("train_samples") ? headerInt(name, header, "train_samples") : Integer.MAX_VALUE;
        if (line == null || !line.startsWith("sample,label,corrupted")) {
            throw new IllegalArgumentException(name + ": line " + lineNo + ": expected the column line 'sample,label,corrupted,...'");
        }
        String[] cols = line.split(",", -1);
        if (cols.length != 3 + windows.size()) {
            throw new IllegalArgumentException(name + ": line " + lineNo + ": " + (cols.length - 3)
                    + " window columns but the header lists " + windows.size() + " windows");
        }
        for (int c = 0; c < windows.size(); c++) {
            if (!cols[3 + c].equals(windows.get(c).label())) {
                throw new IllegalArgumentException(name + ": line " + lineNo + ": column " + (4 + c) + " is '" + cols[3 + c]
                        + "' but the header's window " + (c + 1) + " is '" + windows.get(c).label() + "'");
            }
        }
        List<int[]> meta = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        Map<Integer, Integer> lineOfSample = new java.util.HashMap<>();
        String next = r.readLine();
        while (next != null) {
            lineNo++;
            String l = next;
            next = r.readLine();
            if (l.isEmpty() && next == null) {
                break; // a final empty line
            }
            String at = name + ": line " + lineNo + ": ";
            String[] f = l.split(",", -1);
            if (f.length != cols.length) {
                throw new IllegalArgumentException(at + f.length + " fields, expected " + cols.length + " (" + line + ")");
            }
            int sample = field(at, "sample", f[0]);
            int label = field(at, "label", f[1]);
            int corrupt = field(at, "corrupted", f[2]);
            if (sample < 0 || sample >= trainSamples) {
                throw new IllegalArgumentException(at + "sample " + sample + " is outside 0.." + (trainSamples == Integer.MAX_VALUE
                        ? "" : Integer.toString(trainSamples - 1) + " (the header says train_samples: " + trainSamples + ")"));
            }
            if (label < 0) {
                throw new IllegalArgumentException(at + "label " + label + " is negative");
            }
            if (corrupt != 0 && corrupt != 1) {
                throw new IllegalArgumentException(at + "corrupted must be 0 or 1, got " + corrupt);
            }
            Integer before = lineOfSample.putIfAbsent(sample, lineNo);
            if (before != null) {
                throw new IllegalArgumentException(at + "sample " + sample + " appears twice (also on line " + before + ")");
            }
            double[] v = new double[windows.size()];
            for (int c = 0; c < v.length; c++) {
                try {
                    v[c] = Double.parseDouble(f[3 + c]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(at + "column " + cols[3 + c] + ": '" + f[3 + c] + "' is not a number");
                }
                if (!Double.isFinite(v[c])) {
                    throw new IllegalArgumentException(at + "column " + cols[3 + c] + ": " + f[3 + c]
                            + " is not a finite influence value");
                }
            }
            meta.add(new int[] {sample, label, corrupt});
            values.add(v);
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
        InfluenceMatrix matrix = new InfluenceMatrix(header.get("method"), definition,
                header.get("query"), windows, samples, values.toArray(new double[0][]));
        verdicts(name, windows, header); // a malformed verdict line is refused now, naming the file
        return new Table(matrix, labels, corrupted, header);
    }

    private static List<Window> windows(String name, String spec) {
        List<Window> windows = new ArrayList<>();
        for (String item : spec.trim().split("\\s+")) {
            Matcher m = WINDOW.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException(name + ": header line '# windows:': '" + item
                        + "' is not a window LABEL[START,END)");
            }
            try {
                windows.add(new Window(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": header line '# windows:': " + e.getMessage());
            }
        }
        return windows;
    }

    private static int headerInt(String name, Map<String, String> header, String key) {
        try {
            return Integer.parseInt(header.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": header line '# " + key + ":': '" + header.get(key) + "' is not an integer");
        }
    }

    private static int field(String at, String column, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + column + " '" + text + "' is not an integer");
        }
    }
}
