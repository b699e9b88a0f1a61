package dev.dit.cli.experiment;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A result table: written as CSV, as JSON (a list of objects) and into the HTML report. */
final class Table {
    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table add(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns " + header);
        }
        rows.add(java.util.Arrays.asList(cells.clone()));
        return this;
    }

    List<String> header() {
        return header;
    }

    List<List<Object>> rows() {
        return rows;
    }

    /** CSV text with a header line; doubles as {@link Double#toString} (exact round trip). */
    String csv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            p.printRecord(header);
            for (List<Object> r : rows) {
                p.printRecord(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** One map per row, keyed by column. */
    List<Map<String, Object>> json() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                m.put(header.get(c), r.get(c));
            }
            out.add(m);
        }
        return out;
    }
}
