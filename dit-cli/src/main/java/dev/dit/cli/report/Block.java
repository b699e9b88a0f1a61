package dev.dit.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/** One piece of report content that renders itself as HTML. */
sealed interface Block {

    /**
     * Appends this block's HTML.
     *
     * @param out the document so far
     * @param baseDir directory of the report file, for relative links
     */
    void render(StringBuilder out, Path baseDir);

    record Heading(String text) implements Block {
        @Override
        public void render(StringBuilder out, Path baseDir) {
            out.append("<h2>").append(Html.escape(text)).append("</h2>\n");
        }
    }

    record Paragraph(String text) implements Block {
        @Override
        public void render(StringBuilder out, Path baseDir) {
            out.append("<p>").append(Html.escape(text)).append("</p>\n");
        }
    }

    /**
     * A table inside a horizontally scrolling container. {@code NaN} and {@link NoValue} cells are
     * shown as {@code —} with a numbered footnote (one number per distinct reason) below the table.
     *
     * @param caption what the table holds, or null
     * @param note a line shown under the table (e.g. the files holding it), or null
     * @param noValueReason the footnote of a {@code NaN} cell
     */
    record Table(String caption, List<String> header, List<List<Object>> rows, String note, String noValueReason)
            implements Block {

        /** Copies and checks the rows: each needs one cell per column. */
        static Table of(String caption, List<String> header, List<? extends List<?>> rows, String note,
                        String noValueReason) {
            List<List<Object>> copy = new ArrayList<>(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                List<?> row = rows.get(r);
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("table row " + r + " has " + row.size()
                            + " cells, the header has " + header.size());
                }
                copy.add(Collections.unmodifiableList(new ArrayList<Object>(row)));
            }
            return new Table(caption, List.copyOf(header), copy, note,
                    noValueReason == null ? NoValue.UNDEFINED : noValueReason);
        }

        @Override
        public void render(StringBuilder out, Path baseDir) {
            List<String> reasons = new ArrayList<>();
            out.append("<div class=\"scroll\"><table>\n<thead><tr>");
            for (String h : header) {
                out.append("<th>").append(Html.escape(h)).append("</th>");
            }
            out.append("</tr></thead>\n<tbody>\n");
            for (List<Object> row : rows) {
                out.append("<tr>");
                for (Object cell : row) {
                    String reason = missing(cell);
                    if (reason != null) {
                        int note = reasons.indexOf(reason);
                        if (note < 0) {
                            reasons.add(reason);
                            note = reasons.size() - 1;
                        }
                        out.append("<td class=\"none\">\u2014<sup>").append(note + 1).append("</sup></td>");
                    } else {
                        out.append(Html.numeric(cell) ? "<td class=\"num\">" : "<td>")
                                .append(Html.escape(Html.cell(cell))).append("</td>");
                    }
                }
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table></div>\n");
            if (!reasons.isEmpty()) {
                out.append("<ol class=\"notes\">");
                for (String r : reasons) {
                    out.append("<li>").append(Html.escape(r)).append("</li>");
                }
                out.append("</ol>\n");
            }
            if (note != null) {
                out.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
            }
        }

        /** The footnote of a cell without a number, or null if it has one. */
        private String missing(Object cell) {
            if (cell instanceof NoValue nv) {
                return nv.reason();
            }
            if ((cell instanceof Double || cell instanceof Float) && !Double.isFinite(((Number) cell).doubleValue())) {
                return noValueReason;
            }
            return null;
        }
    }

    /** One coloured box per window with its verdict and reasons. */
    record TrustPanel(String caption, List<dev.dit.influence.diagnose.Verdict> verdicts) implements Block {
        @Override
        public void render(StringBuilder out, Path baseDir) {
            out.append("<p><b>").append(Html.escape(caption)).append("</b></p>\n<div class=\"trust\">\n");
            for (dev.dit.influence.diagnose.Verdict v : verdicts) {
                out.append("<div class=\"trust-").append(v.level().id()).append("\"><b>").append(Html.escape(v.window().label()))
                        .append(": ").append(v.level().id()).append("</b>");
                for (String r : v.reasons()) {
                    out.append("<small>").append(Html.escape(r)).append("</small>");
                }
                out.append("</div>\n");
            }
            out.append("</div>\n");
        }
    }

    /** A table collapsed under its caption. */
    record Collapsed(Table table) implements Block {
        @Override
        public void render(StringBuilder out, Path baseDir) {
            out.append("<details>\n<summary>").append(Html.escape(table.caption() == null ? "table" : table.caption()))
                    .append(" (").append(table.rows().size()).append(table.rows().size() == 1 ? " row" : " rows")
                    .append(")</summary>\n");
            table.render(out, baseDir);
            out.append("</details>\n");
        }
    }

    /** The summary a report opens with. */
    record Glance(Summary summary) implements Block {
        @Override
        public void render(StringBuilder out, Path baseDir) {
            out.append("<section class=\"summary\" id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"glance\">\n");
            for (java.util.Map.Entry<Summary.Topic, Summary.Entry> e : summary.entries().entrySet()) {
                out.append("<dt>").append(Html.escape(e.getKey().label())).append("</dt>\n<dd>");
                if (!e.getValue().text().isEmpty()) {
                    out.append("<p>").append(Html.escape(e.getValue().text())).append("</p>");
                }
                if (e.getValue().table() != null) {
                    e.getValue().table().render(out, baseDir);
                }
                out.append("</dd>\n");
            }
            out.append("</dl>\n</section>\n");
        }
    }

    record Figure(Path png, String caption, int number) implements Block {
        @Override
        public void render(StringBuilder out, Path baseDir) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(png);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot embed figure " + png + ": " + e.getMessage(), e);
            }
            String name = Html.escape(png.getFileName().toString());
            String href = Html.escape(link(baseDir));
            out.append("<figure>\n<img src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(bytes))
                    .append("\" data-file=\"").append(name)
                    .append("\" alt=\"").append(name).append(": ").append(Html.escape(caption)).append("\">\n")
                    .append("<figcaption>Figure ").append(number).append(". ").append(Html.escape(caption))
                    .append(" <a href=\"").append(href).append("\">").append(name).append("</a></figcaption>\n")
                    .append("</figure>\n");
        }

        /** Path of the PNG relative to the report, with forward slashes; absolute if unrelated. */
        private String link(Path baseDir) {
            Path target = png.toAbsolutePath().normalize();
            try {
                Path rel = baseDir.toAbsolutePath().normalize().relativize(target);
                return rel.toString().replace('\\', '/').replace(" ", "%20");
            } catch (IllegalArgumentException e) {
                return target.toUri().toString();
            }
        }
    }
}
