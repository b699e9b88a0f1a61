package dev.dit.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Checks that a written report reads as the README promises: summary first, figures, tables collapsed. */
public final class ReportHtml {
    private ReportHtml() {
    }

    /** The page without its embedded images and tags: what a reader sees as text. */
    public static String visibleText(String html) {
        return html.replaceAll("src=\"data:image/png;base64,[A-Za-z0-9+/=]+\"", "")
                .replaceAll("(?s)<style>.*?</style>", "")
                .replaceAll("<[^>]+>", " ");
    }

    /**
     * Summary first, then the figures, then every table (outside the summary) collapsed in a
     * {@code <details>}; every PNG of the directory shown; no "NaN" anywhere in the text.
     *
     * @return the page's HTML
     */
    public static String assertReadable(Path dir) throws IOException {
        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        int summary = html.indexOf("<section class=\"summary\" id=\"summary\">");
        int summaryEnd = html.indexOf("</section>", summary);
        int firstFigure = html.indexOf("<figure>");
        int tables = html.indexOf("<h2 id=\"tables\">Full tables</h2>");
        assertTrue(summary > 0, "report has no summary");
        assertEquals(html.indexOf("<h2>Summary</h2>"), html.indexOf("<h2"), "the summary is the first section");
        assertTrue(firstFigure < 0 || summaryEnd < firstFigure, "the figures come after the summary");
        assertTrue(tables > 0, "report has no full tables");
        assertTrue(firstFigure < tables && html.lastIndexOf("<figure>") < tables, "every figure comes before the tables");
        String summaryText = visibleText(html.substring(summary, summaryEnd));
        for (String topic : List.of("Data", "Model", "Training")) {
            assertTrue(summaryText.contains(topic), "summary lacks " + topic);
        }
        // every table after the summary sits inside a <details>
        String body = html.substring(summaryEnd);
        int open = count(body, "<table>");
        assertTrue(open > 0, "no tables");
        assertEquals(open, count(body, "</summary>\n<div class=\"scroll\"><table>"), "a table outside <details>");
        assertEquals(count(body, "<details>"), count(body, "</details>"));
        // every figure written is shown, every shown figure exists
        try (Stream<Path> files = Files.list(dir)) {
            List<String> pngs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).toList();
            assertFalse(pngs.isEmpty(), "no figures");
            for (String png : pngs) {
                assertTrue(html.contains("data-file=\"" + png + "\""), "report.html does not show " + png);
            }
            assertEquals(pngs.size(), count(html, "<img "), "images in the page vs PNG files");
        }
        Matcher nan = Pattern.compile("NaN|Infinity").matcher(visibleText(html));
        assertFalse(nan.find(), () -> "report shows '" + nan.group() + "'");
        return html;
    }

    static int count(String text, String needle) {
        int c = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            c++;
        }
        return c;
    }
}
