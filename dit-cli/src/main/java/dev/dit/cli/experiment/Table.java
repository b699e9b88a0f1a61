package dev.dit.cli.experiment;

import dev.dit.cli.report.NoValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A result table: written as CSV, as JSON (a list of objects) and into the HTML report. The files
 * keep {@code NaN} cells as they are; the report shows them as "—" with the footnote that
 * {@link #noValue} gives (a generic one if none was set).
 */
final class Table {
    /** Why a row's cell in a column has no value. */
    @FunctionalInterface
    interface NoValueReason {
        String why(List<Object> row, String column);
    }

    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();
    private NoValueReason reason = (row, column) -> NoValue.UNDEFINED;

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

    /** Sets the footnote of the report's cells without a value. */
    Table noValue(NoValueReason why) {
        this.reason = why;
        return this;
    }

    /** The rows for the report: every non-finite number replaced by a {@link NoValue} with its reason. */
    List<List<Object>> reportRows() {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            List<Object> copy = new ArrayList<>(r);
            for (int c = 0; c < copy.size(); c++) {
                if (copy.get(c) instanceof Double d && !Double.isFinite(d)) {
                    copy.set(c, new NoValue(reason.why(r, header.get(c))));
                }
            }
            out.add(copy);
        }
        return out;
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
