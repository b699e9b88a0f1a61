package dev.dit.cli.report;

import dev.dit.influence.diagnose.Verdict;
import dev.dit.models.io.AtomicFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A single self-contained HTML report, laid out for a reader in a hurry: the title, then the
 * {@link Summary} (what to take in at a glance), then the sections' paragraphs and figures in the
 * order they were added, then every table under "Full tables", each collapsed in a
 * {@code <details>} element, and last any appendix (such as the list of files).
 *
 * <p>The page never overflows its width: tables scroll inside their own container and images
 * shrink to fit. No cell reads "NaN": a missing number is shown as {@code —} with a footnote
 * saying why (see {@link NoValue}).
 *
 * <p>Figures are PNG files embedded as base64 {@code data:} URIs, so the report opens on its own;
 * each {@code <img>} carries the PNG's file name in {@code data-file} and {@code alt}, and its
 * caption links to the PNG itself (relative to the report). The PNGs are read when the report is
 * written, not when they are added. All text is HTML-escaped; styling is a small inline style
 * sheet. Instances are immutable.
 *
 * <pre>{@code
 * HtmlReport.builder("DIT on MNIST-1k")
 *     .summary(Summary.builder().text(Summary.Topic.DATA, "1000 MNIST digits").build())
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
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1080px;margin:2em auto;\
            padding:0 1em;color:#222;line-height:1.45}
            h1{border-bottom:2px solid #ddd;padding-bottom:.3em}
            h2{margin-top:1.8em;border-bottom:1px solid #eee}
            h1,h2,p,li,dd,figcaption,summary{overflow-wrap:anywhere}
            .scroll{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
            th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;overflow-wrap:normal}
            td{white-space:nowrap}
            th{background:#f3f3f3}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            td.none{text-align:center;color:#777}
            sup{line-height:0;font-size:.75em}
            tbody tr:nth-child(even){background:#fafafa}
            ol.notes{font-size:.85em;color:#555;margin:.2em 0 .8em}
            p.note{font-size:.85em;color:#555;margin:.2em 0}
            section.summary{background:#f7f9fc;border:1px solid #dde4ee;border-radius:6px;padding:.2em 1em .8em}
            section.summary h2{margin-top:.6em}
            dl.glance{display:grid;grid-template-columns:9em minmax(0,1fr);gap:.5em 1.2em;margin:0}
            dl.glance dt{font-weight:600}
            dl.glance dd{margin:0;min-width:0}
            dl.glance p{margin:0 0 .3em}
            dl.glance table{font-size:.88em}
            @media (max-width:900px){dl.glance{grid-template-columns:minmax(0,1fr);gap:.2em}dl.glance dd{margin-bottom:.6em}}
            details{margin:.6em 0;border:1px solid #ddd;border-radius:4px;padding:.3em .8em}
            details>summary{cursor:pointer;font-weight:600}
            figure{margin:1.2em 0}
            img{max-width:100%;height:auto}
            figure img{border:1px solid #eee}
            figcaption{font-size:.9em;color:#555}
            div.trust{display:flex;flex-wrap:wrap;gap:.5em;margin:.6em 0}
            div.trust div{border-radius:5px;padding:.35em .7em;min-width:12em;max-width:32em;border:1px solid}
            div.trust b{display:block}
            div.trust small{display:block;font-size:.82em}
            .trust-reliable{background:#e6f4ea;border-color:#8cc79a!important;color:#1e5130}
            .trust-doubtful{background:#fff4d6;border-color:#e0b84a!important;color:#6b4b00}
            .trust-unreliable{background:#fde7e7;border-color:#e08a8a!important;color:#7a1c1c}
            """;

    private final String title;
    private final Summary summary;
    private final List<Block> blocks;
    private final List<Block.Table> tables;
    private final List<Block> appendix;

    private HtmlReport(String title, Summary summary, List<Block> blocks, List<Block.Table> tables, List<Block> appendix) {
        this.title = title;
        this.summary = summary;
        this.blocks = List.copyOf(blocks);
        this.tables = List.copyOf(tables);
        this.appendix = List.copyOf(appendix);
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
        if (summary != null) {
            new Block.Glance(summary).render(out, baseDir);
        }
        for (int i = 0; i < blocks.size(); i++) {
            // a section whose only content was tables would be an empty heading here
            boolean emptySection = blocks.get(i) instanceof Block.Heading
                    && (i + 1 == blocks.size() || blocks.get(i + 1) instanceof Block.Heading);
            if (!emptySection) {
                blocks.get(i).render(out, baseDir);
            }
        }
        if (!tables.isEmpty()) {
            out.append("<h2 id=\"tables\">Full tables</h2>\n<p>Every number behind the summary and the figures; "
                    + "click a table to open it.</p>\n");
            for (Block.Table t : tables) {
                new Block.Collapsed(t).render(out, baseDir);
            }
        }
        for (Block block : appendix) {
            block.render(out, baseDir);
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    /** Collects report content in order. Not thread-safe. */
    public static final class Builder {

        private final String title;
        private final List<Block> blocks = new ArrayList<>();
        private final List<Block.Table> tables = new ArrayList<>();
        private final List<Block> appendix = new ArrayList<>();
        private Summary summary;
        private String currentSection;
        private int figures;

        private Builder(String title) {
            this.title = title;
        }

        /**
         * Sets the summary the page opens with (whenever it is set, it is shown first).
         *
         * @param summary the summary
         * @return this builder
         */
        public Builder summary(Summary summary) {
            this.summary = Objects.requireNonNull(summary, "summary");
            return this;
        }

        /**
         * Starts a new section.
         *
         * @param heading section heading
         * @return this builder
         */
        public Builder section(String heading) {
            blocks.add(new Block.Heading(Objects.requireNonNull(heading, "heading")));
            currentSection = heading;
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
         * Adds a table, captioned with the current section's heading. See
         * {@link #table(String, List, List, String, String)}.
         *
         * @param header column names
         * @param rows rows, each with exactly one cell per column
         * @return this builder
         * @throws IllegalArgumentException if a row has the wrong number of cells
         */
        public Builder table(List<String> header, List<? extends List<?>> rows) {
            return table(currentSection == null ? "Table" : currentSection, header, rows, null, null);
        }

        /**
         * Adds a table. Tables are shown after the sections' text and figures, under "Full
         * tables", each collapsed under its caption. Cells may be strings, numbers, null (an empty
         * cell) or {@link NoValue}; {@code Double} and {@code Float} cells are shown with 4
         * significant digits and right-aligned like all numbers; a {@code NaN} cell is shown as
         * {@code —} with {@code noValueReason} as its footnote.
         *
         * @param caption what the table holds
         * @param header column names
         * @param rows rows, each with exactly one cell per column
         * @param note a line under the table, or null
         * @param noValueReason the footnote of {@code NaN} cells, or null for {@link NoValue#UNDEFINED}
         * @return this builder
         * @throws IllegalArgumentException if a row has the wrong number of cells
         */
        public Builder table(String caption, List<String> header, List<? extends List<?>> rows, String note,
                             String noValueReason) {
            tables.add(Block.Table.of(Objects.requireNonNull(caption, "caption"), header, rows, note, noValueReason));
            return this;
        }

        /**
         * Adds a trust panel (docs/method.md §10): one box per window, coloured by its verdict
         * (green reliable, amber doubtful, red unreliable), with the reasons.
         *
         * @param caption what the panel judges (e.g. "DIT-L"), shown before the boxes
         * @param verdicts the verdicts, in window order
         * @return this builder
         */
        public Builder trust(String caption, List<Verdict> verdicts) {
            blocks.add(new Block.TrustPanel(Objects.requireNonNull(caption, "caption"), List.copyOf(verdicts)));
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
         * Adds a closing section shown after the tables, for example the list of files.
         *
         * @param heading its heading
         * @param text its paragraph
         * @return this builder
         */
        public Builder appendix(String heading, String text) {
            appendix.add(new Block.Heading(Objects.requireNonNull(heading, "heading")));
            appendix.add(new Block.Paragraph(Objects.requireNonNull(text, "text")));
            return this;
        }

        /**
         * Freezes the content collected so far.
         *
         * @return the report
         */
        public HtmlReport build() {
            return new HtmlReport(title, summary, blocks, tables, appendix);
        }
    }
}
