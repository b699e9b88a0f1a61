package dev.dit.cli.report;

import dev.dit.models.io.AtomicFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A single self-contained HTML report: a title followed by sections of paragraphs, tables and
 * figures, in the order they were added.
 *
 * <p>Figures are PNG files embedded as base64 {@code data:} URIs, so the report opens on its own;
 * each {@code <img>} carries the PNG's file name in {@code data-file} and {@code alt}, and its
 * caption links to the PNG itself (relative to the report). The PNGs are read when the report is
 * written, not when they are added. All text is HTML-escaped; styling is a small inline style
 * sheet. Instances are immutable.
 *
 * <pre>{@code
 * HtmlReport.builder("DIT on MNIST-1k")
 *     .section("Agreement with leave-one-out")
 *     .paragraph("Spearman rho per window, 95 % bootstrap intervals.")
 *     .table(List.of("window", "rho", "lo", "hi"), rows)
 *     .figure(dir.resolve("scatter.png"), "DIT vs LOO, last window")
 *     .build()
 *     .write(dir.resolve("report.html"));
 * }</pre>
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:960px;margin:2em auto;\
            padding:0 1em;color:#222;line-height:1.45}
            h1{border-bottom:2px solid #ddd;padding-bottom:.3em}
            h2{margin-top:1.8em;border-bottom:1px solid #eee}
            table{border-collapse:collapse;margin:1em 0;font-size:.92em}
            th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
            th{background:#f3f3f3}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            tbody tr:nth-child(even){background:#fafafa}
            figure{margin:1.2em 0}
            figure img{max-width:100%;border:1px solid #eee}
            figcaption{font-size:.9em;color:#555}
            """;

    private final String title;
    private final List<Block> blocks;

    private HtmlReport(String title, List<Block> blocks) {
        this.title = title;
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Starts a report.
     *
     * @param title the page title and top heading
     * @return a builder
     */
    public static Builder builder(String title) {
        return new Builder(Objects.requireNonNull(title, "title"));
    }

    /**
     * Writes the report atomically to {@code html} (usually {@code report.html}), embedding every
     * figure.
     *
     * @param html target file; its directory is the base for the figures' links
     * @throws java.io.UncheckedIOException if a figure cannot be read or the file cannot be written
     */
    public void write(Path html) {
        String text = render(html.toAbsolutePath().getParent());
        AtomicFile.writeString(html, text);
    }

    /** The whole document, with figure links relative to {@code baseDir}. */
    String render(Path baseDir) {
        StringBuilder out = new StringBuilder(1 << 16);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(Html.escape(title)).append("</h1>\n");
        for (Block block : blocks) {
            block.render(out, baseDir);
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    /** Collects report content in order. Not thread-safe. */
    public static final class Builder {

        private final String title;
        private final List<Block> blocks = new ArrayList<>();
        private int figures;

        private Builder(String title) {
            this.title = title;
        }

        /**
         * Starts a new section.
         *
         * @param heading section heading
         * @return this builder
         */
        public Builder section(String heading) {
            blocks.add(new Block.Heading(Objects.requireNonNull(heading, "heading")));
            return this;
        }

        /**
         * Adds a paragraph of plain text (escaped, not interpreted as HTML).
         *
         * @param text the paragraph
         * @return this builder
         */
        public Builder paragraph(String text) {
            blocks.add(new Block.Paragraph(Objects.requireNonNull(text, "text")));
            return this;
        }

        /**
         * Adds a table. Cells may be strings, numbers or null (an empty cell); {@code Double} and
         * {@code Float} cells are shown with 4 significant digits and right-aligned like all
         * numbers.
         *
         * @param header column names
         * @param rows rows, each with exactly one cell per column
         * @return this builder
         * @throws IllegalArgumentException if a row has the wrong number of cells
         */
        public Builder table(List<String> header, List<? extends List<?>> rows) {
            List<List<Object>> copy = new ArrayList<>(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                List<?> row = rows.get(r);
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("table row " + r + " has " + row.size()
                            + " cells, the header has " + header.size());
                }
                copy.add(java.util.Collections.unmodifiableList(new ArrayList<Object>(row)));
            }
            blocks.add(new Block.Table(List.copyOf(header), copy));
            return this;
        }

        /**
         * Adds a figure. The PNG is read when the report is written.
         *
         * @param png the figure file
         * @param caption its caption
         * @return this builder
         */
        public Builder figure(Path png, String caption) {
            blocks.add(new Block.Figure(Objects.requireNonNull(png, "png"),
                    Objects.requireNonNull(caption, "caption"), ++figures));
            return this;
        }

        /**
         * Freezes the content collected so far.
         *
         * @return the report
         */
        public HtmlReport build() {
            return new HtmlReport(title, blocks);
        }
    }
}
