package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.cli.Json;
import dev.dit.cli.report.Plots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Checks on a report directory's content. */
final class ReportAssert {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ReportAssert() {
    }

    /** Every file name in {@code dir}. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** No temp files, every PNG valid and shown in report.html, the JSON twin of every table CSV parses. */
    static void wellFormed(Path dir) throws IOException {
        List<String> names = files(dir);
        assertTrue(names.contains("report.html"), "report.html missing: " + names);
        assertTrue(names.contains("config.json"));
        assertFalse(names.stream().anyMatch(n -> n.endsWith(".tmp")), "temp file left: " + names);
        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        int pngs = 0;
        for (String n : names) {
            if (n.endsWith(".png")) {
                png(dir.resolve(n));
                assertTrue(html.contains("data-file=\"" + n + "\""), "report.html does not show " + n);
                pngs++;
            }
        }
        assertTrue(pngs > 0, "no figures");
        assertTrue(html.contains("<table"), "report without a table");
        dev.dit.cli.report.ReportHtml.assertReadable(dir);
        assertTrue(html.contains("config.json"), "report does not list config.json");
    }

    /** A real 800×600 PNG with content. */
    static void png(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 5_000, png + ": suspiciously small PNG " + bytes.length);
        assertArrayEquals(SIGNATURE, Arrays.copyOf(bytes, 8), png + ": PNG signature");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "ImageIO cannot decode " + png);
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
    }

    /** The CSV's records, after checking its header is exactly {@code columns}. */
    static List<CSVRecord> csv(Path file, String... columns) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            assertEquals(List.of(columns), p.getHeaderNames(), file + " header");
            List<CSVRecord> rows = new ArrayList<>(p.getRecords());
            JsonNode json = Json.MAPPER.readTree(file.resolveSibling(file.getFileName().toString().replace(".csv", ".json")).toFile());
            assertEquals(rows.size(), json.size(), file + ": CSV and JSON row counts");
            return rows;
        }
    }

    /** Column {@code c} of a record as a number that must be finite. */
    static double finite(CSVRecord r, String c) {
        double v = Double.parseDouble(r.get(c));
        assertTrue(Double.isFinite(v), c + " = " + v + " in " + r);
        return v;
    }

    /** config.json as a tree, after checking it holds the given key-value pairs. */
    static JsonNode config(Path dir, Map<String, Object> expected) throws IOException {
        JsonNode c = Json.MAPPER.readTree(dir.resolve("config.json").toFile());
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertTrue(c.has(e.getKey()), "config.json lacks " + e.getKey());
            assertEquals(String.valueOf(e.getValue()), c.get(e.getKey()).isTextual() ? c.get(e.getKey()).asText()
                    : c.get(e.getKey()).toString(), "config " + e.getKey());
        }
        return c;
    }

    /** Tiny shared settings on synthetic blobs: 40 / 20 / 20 samples, 4 epochs, batch 10. */
    static Setup tiny() {
        return new Setup("blobs:n=200,d=5,seed=3", null, 40, 20, 20, 1, 7, 4, 10, 0.2,
                dev.dit.models.train.LearningRate.SQRT, 1e-3, "val-loss", 2, 50, 0, "test",
                dev.dit.models.data.FeatureScaling.NONE);
    }
}
