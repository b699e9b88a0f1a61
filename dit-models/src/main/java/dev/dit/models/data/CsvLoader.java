package dev.dit.models.data;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Loads a tabular dataset from a UTF-8 CSV file with a header line (RFC 4180 quoting, blank
 * lines ignored, spaces around values ignored). One column holds the labels; every other column
 * is a numeric feature. Labels may be any strings. If all of them are decimal numbers, they are
 * read by value ({@code 1}, {@code 1.0} and {@code 1e0} are one class) and sorted numerically;
 * otherwise the distinct strings are sorted as strings. They become classes 0..K-1, named by their
 * value. Samples have shape {@code {d}}.
 */
public final class CsvLoader {

    /** The label column used when none is given. */
    public static final String DEFAULT_LABEL_COLUMN = "label";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .get();

    private CsvLoader() {
    }

    /**
     * Loads a CSV file.
     *
     * @param file        the CSV file
     * @param labelColumn the label column's header name, or its 0-based index as a decimal
     *                    number (a header name that happens to be a number wins), or
     *                    {@code null} for {@value #DEFAULT_LABEL_COLUMN}
     * @return the dataset, named {@code csv:FILE}
     * @throws DataFormatException if the file is missing or unreadable, the label column does not
     *                             exist, a row has a missing, extra, non-numeric or non-finite
     *                             value (the message names the line and column), or all labels
     *                             are the same class (a one-class problem is no classification task)
     */
    public static Dataset load(Path file, String labelColumn) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = parse(reader, file)) {
            return read(parser, file, labelColumn == null ? DEFAULT_LABEL_COLUMN : labelColumn);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static CSVParser parse(Reader reader, Path file) throws IOException {
        try {
            return FORMAT.parse(reader);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file + ", line 1 (header): " + e.getMessage(), e);
        }
    }

    private static Dataset read(CSVParser parser, Path file, String labelColumn) {
        List<String> header = parser.getHeaderNames();
        if (header.isEmpty()) {
            throw new DataFormatException(file + ", line 1: empty file, expected a header line");
        }
        int labelIndex = labelIndex(header, labelColumn, file);
        int d = header.size() - 1;
        if (d < 1) {
            throw new DataFormatException(file + ", line 1: no feature columns besides the label column '"
                    + header.get(labelIndex) + "'");
        }
        DoubleArrayList features = new DoubleArrayList();
        List<String> rawLabels = new ArrayList<>();
        Iterator<CSVRecord> it = parser.iterator();
        while (true) {
            CSVRecord record;
            try {
                if (!it.hasNext()) {
                    break;
                }
                record = it.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new DataFormatException(file + ", line " + (parser.getCurrentLineNumber() + 1)
                        + ": malformed CSV: " + e.getMessage(), e);
            }
            long line = parser.getCurrentLineNumber();
            if (record.size() != header.size()) {
                throw new DataFormatException(file + ", line " + line + ": expected " + header.size()
                        + " values (one per header column), found " + record.size()
                        + (record.size() < header.size() ? "; missing value in column '" + header.get(record.size()) + "'" : ""));
            }
            for (int c = 0; c < header.size(); c++) {
                String value = record.get(c);
                if (c == labelIndex) {
                    if (value.isEmpty()) {
                        throw new DataFormatException(file + ", line " + line + ", column '" + header.get(c)
                                + "': missing label");
                    }
                    rawLabels.add(value);
                } else {
                    features.add(number(value, file, line, header.get(c)));
                }
            }
        }
        LabelEncoding encoding = LabelEncoding.of(rawLabels);
        if (rawLabels.isEmpty()) {
            throw new DataFormatException(file + ": no data rows after the header");
        }
        if (encoding.classNames().size() < 2) {
            throw new DataFormatException(file + ", column '" + header.get(labelIndex) + "': every label is '"
                    + encoding.classNames().get(0) + "' (numbers count by value); a classification task needs at"
                    + " least 2 classes");
        }
        return Dataset.wrap("csv:" + file, features.toDoubleArray(), encoding.encode(rawLabels), new int[] {d},
                encoding.classNames().size(), encoding.classNames());
    }

    private static int labelIndex(List<String> header, String labelColumn, Path file) {
        int byName = header.indexOf(labelColumn);
        if (byName >= 0) {
            return byName;
        }
        if (labelColumn.matches("\\d{1,9}")) {
            int index = Integer.parseInt(labelColumn);
            if (index < header.size()) {
                return index;
            }
            throw new DataFormatException(file + ", line 1: label column index " + index + " is out of range: the header has "
                    + header.size() + " columns " + header);
        }
        throw new DataFormatException(file + ", line 1: no label column '" + labelColumn + "' in header " + header
                + "; pass label=NAME or label=INDEX");
    }

    private static double number(String value, Path file, long line, String column) {
        String where = file + ", line " + line + ", column '" + column + "'";
        if (value.isEmpty()) {
            throw new DataFormatException(where + ": missing value");
        }
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new DataFormatException(where + ": not a number: '" + value + "'", e);
        }
        if (!Double.isFinite(v)) {
            throw new DataFormatException(where + ": value must be finite, found '" + value + "'");
        }
        return v;
    }
}
