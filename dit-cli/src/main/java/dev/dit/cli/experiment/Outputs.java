package dev.dit.cli.experiment;

import dev.dit.cli.Json;
import dev.dit.cli.report.HtmlReport;
import dev.dit.cli.report.Summary;
import dev.dit.models.io.AtomicFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An experiment's output directory: every file written atomically, tables as CSV + JSON,
 * figures as PNG, all of them gathered into {@code report.html}.
 */
final class Outputs {
    private final Path dir;
    private final HtmlReport.Builder report;
    private final List<String> files = new ArrayList<>();

    Outputs(Path dir, String title) {
        this.dir = dir;
        this.report = HtmlReport.builder(title);
    }

    Path dir() {
        return dir;
    }

    /** A file name made safe: anything but letters, digits, '.', '_' and '-' becomes '-'. */
    static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+$", "");
    }

    /**
     * A model's part of a file name: its {@link #slug}, cut to 60 characters plus 8 hex digits of
     * a hash of the spec when longer than 80 (a layer list can exceed a file name's 255 bytes).
     */
    static String modelTag(String spec) {
        String slug = slug(spec);
        if (slug.length() <= 80) {
            return slug;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(spec.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return slug.substring(0, 60) + "-" + String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
    }

    void section(String heading) {
        report.section(heading);
    }

    void paragraph(String text) {
        report.paragraph(text);
    }

    /** Sets the summary the report opens with. */
    void summary(Summary summary) {
        report.summary(summary);
    }

    /**
     * Writes {@code NAME.csv} and {@code NAME.json} and shows the table, collapsed under
     * {@code caption}, among the report's full tables.
     */
    void table(String name, String caption, Table t) {
        data(name, t);
        report.table(caption, t.header(), t.reportRows(), "Files: " + name + ".csv, " + name + ".json", null);
    }

    /** Shows a table in the report without writing files (for a table saved with {@link #data}). */
    void show(String caption, Table t, String note) {
        report.table(caption, t.header(), t.reportRows(), note, null);
    }

    /** Writes {@code NAME.csv} and {@code NAME.json} without showing the table (long tables). */
    void data(String name, Table t) {
        AtomicFile.writeString(dir.resolve(name + ".csv"), t.csv());
        Json.write(dir.resolve(name + ".json"), t.json());
        files.add(name + ".csv");
        files.add(name + ".json");
    }

    /** A file written by someone else (for example an influence matrix CSV), mentioned in the report's file list. */
    Path file(String name) {
        files.add(name);
        return dir.resolve(name);
    }

    /** Shows a trust panel (one coloured box per window) in the report. */
    void trust(String caption, List<dev.dit.influence.diagnose.Verdict> verdicts) {
        report.trust(caption, verdicts);
    }

    /** Draws {@code NAME.png} and adds it to the report. */
    void figure(String name, String caption, Consumer<Path> draw) {
        Path png = dir.resolve(slug(name) + ".png");
        draw.accept(png);
        files.add(png.getFileName().toString());
        report.figure(png, caption);
    }

    /** Writes {@code config.json}. */
    void config(Map<String, Object> config) {
        Json.write(dir.resolve("config.json"), config);
        files.add("config.json");
    }

    /** Writes {@code report.html} (with a list of the files) and returns its path. */
    Path finish() {
        report.appendix("Files", String.join(", ", files) + ", report.html");
        Path html = dir.resolve("report.html");
        report.build().write(html);
        return html;
    }
}
