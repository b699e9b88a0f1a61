package dev.dit.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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

    record Table(List<String> header, List<List<Object>> rows) implements Block {
        @Override
        public void render(StringBuilder out, Path baseDir) {
            out.append("<table>\n<thead><tr>");
            for (String h : header) {
                out.append("<th>").append(Html.escape(h)).append("</th>");
            }
            out.append("</tr></thead>\n<tbody>\n");
            for (List<Object> row : rows) {
                out.append("<tr>");
                for (Object cell : row) {
                    out.append(Html.numeric(cell) ? "<td class=\"num\">" : "<td>")
                            .append(Html.escape(Html.cell(cell))).append("</td>");
                }
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n");
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
