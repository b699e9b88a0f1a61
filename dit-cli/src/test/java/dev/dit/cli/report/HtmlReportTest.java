package dev.dit.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void embedsFiguresEscapesTextAndKeepsTableShape() throws Exception {
        Path first = tinyPng(dir.resolve("scatter.png"));
        Path second = tinyPng(dir.resolve("figs/heat map.png"));
        Path html = dir.resolve("report.html");
        HtmlReport.builder("DIT <report> & more")
                .paragraph("preamble")
                .section("Agreement")
                .paragraph("rho < tau? \"quoted\" <script>alert(1)</script>")
                .table(List.of("window", "rho", "note"), List.of(
                        List.of("w0", 0.123456, "a<b"),
                        List.of("w1", Double.NaN, 7),
                        java.util.Arrays.asList("w2", 1e-6, null)))
                .figure(first, "DIT vs LOO")
                .section("Dynamics")
                .table(List.of("only"), List.of(List.of("x")))
                .figure(second, "heat <map>")
                .build()
                .write(html);
        String text = Files.readString(html);

        assertTrue(text.startsWith("<!DOCTYPE html>"));
        assertTrue(text.trim().endsWith("</html>"));
        assertTrue(text.contains("<title>DIT &lt;report&gt; &amp; more</title>"));
        assertFalse(text.contains("<script>"));
        assertTrue(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(text.contains("&quot;quoted&quot;"));
        assertTrue(text.contains("<td>a&lt;b</td>"));
        assertTrue(text.contains("<td class=\"num\">0.1235</td>"));
        assertTrue(text.contains("<td class=\"none\">\u2014<sup>1</sup></td>"), "NaN shown as a dash with a footnote");
        assertTrue(text.contains("<li>" + NoValue.UNDEFINED + "</li>"));
        assertFalse(text.contains("NaN"));
        assertTrue(text.contains("<td class=\"num\">1.000e-06</td>"));
        assertTrue(text.contains("<td class=\"num\">7</td>"));

        assertTrue(text.contains("data-file=\"scatter.png\""));
        assertTrue(text.contains("data-file=\"heat map.png\""));
        assertTrue(text.contains("alt=\"heat map.png: heat &lt;map&gt;\""));
        assertTrue(text.contains("<a href=\"scatter.png\">scatter.png</a>"));
        assertTrue(text.contains("<a href=\"figs/heat%20map.png\">heat map.png</a>"));
        assertTrue(text.contains("Figure 2. heat &lt;map&gt;"));
        assertTrue(text.contains("data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(first))));

        List<String> tables = tables(text);
        assertEquals(2, tables.size());
        assertEquals(1 + 3, count(tables.get(0), "<tr>"));
        assertEquals(3 * 3, count(tables.get(0), "<td"));
        assertEquals(1 + 1, count(tables.get(1), "<tr>"));
        assertEquals(count(text, "<figure>"), count(text, "</figure>"));
        assertEquals(2, count(text, "<img "));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void summaryFirstThenFiguresThenCollapsedTablesThenAppendix() throws Exception {
        Path png = tinyPng(dir.resolve("fig.png"));
        String text = HtmlReport.builder("t")
                .section("Agreement")
                .table("agreement rows", List.of("window", "rho"), List.of(List.of("w0", Double.NaN),
                        List.of("w1", new NoValue("only the full window has a value")), List.of("w2", Double.NaN)),
                        "Files: agreement.csv", "degenerate window")
                .paragraph("body text")
                .figure(png, "the figure")
                .section("Only tables here")
                .table(List.of("a"), List.of(List.of(1)))
                .appendix("Files", "a.csv, report.html")
                .summary(Summary.builder()
                        .text(Summary.Topic.TRAINING, "accuracy 0.9")
                        .text(Summary.Topic.DATA, "blobs")
                        .table(Summary.Topic.AGREEMENT, "rho per window", List.of("window", "rho"),
                                List.of(List.of("full", Double.NaN)), "no truth for this window")
                        .build())
                .build().render(dir);
        int summary = text.indexOf("<section class=\"summary\"");
        int figure = text.indexOf("<figure>");
        int tables = text.indexOf("<h2 id=\"tables\">Full tables</h2>");
        int files = text.indexOf("<h2>Files</h2>");
        assertTrue(summary > 0 && summary < text.indexOf("body text") && text.indexOf("body text") < figure
                && figure < tables && tables < files, "summary, body, figures, tables, appendix in that order");
        // the data entry comes before the training entry whatever the order they were added in
        assertTrue(text.indexOf("<dt>Data</dt>") < text.indexOf("<dt>Training</dt>"));
        assertTrue(text.indexOf("<dt>Training</dt>") < text.indexOf("<dt>Agreement with retraining</dt>"));
        assertFalse(text.contains("<h2>Only tables here</h2>"), "a section left empty by its tables is not shown");
        assertEquals(2, count(text, "<details>"));
        assertTrue(text.contains("<details>\n<summary>agreement rows (3 rows)</summary>"));
        assertTrue(text.contains("<details>\n<summary>Only tables here (1 row)</summary>"));
        String agreement = text.substring(text.indexOf("agreement rows (3 rows)"));
        // two distinct reasons, two footnotes; the third row reuses the first
        assertEquals(2, count(agreement.substring(0, agreement.indexOf("</details>")), "<sup>1</sup>"));
        assertTrue(agreement.contains("<ol class=\"notes\"><li>degenerate window</li><li>only the full window has a value</li></ol>"));
        assertTrue(agreement.contains("<p class=\"note\">Files: agreement.csv</p>"));
        assertTrue(text.contains("<li>no truth for this window</li>"));
        assertFalse(text.contains("NaN"));
        // every table sits in a scrolling container, so the page itself never gets wider
        assertEquals(count(text, "<table>"), count(text, "<div class=\"scroll\"><table>"));
    }

    @Test
    void summaryTopicsAreUniqueAndNoValueNeedsAReason() {
        Summary.Builder b = Summary.builder().text(Summary.Topic.DATA, "a");
        assertThrows(IllegalStateException.class, () -> b.text(Summary.Topic.DATA, "b"));
        assertThrows(IllegalArgumentException.class, () -> new NoValue(" "));
    }

    @Test
    void embeddedImageDecodesToTheOriginal() throws Exception {
        Path png = tinyPng(dir.resolve("a.png"));
        String text = HtmlReport.builder("t").figure(png, "c").build().render(dir);
        Matcher m = Pattern.compile("base64,([A-Za-z0-9+/=]+)\"").matcher(text);
        assertTrue(m.find());
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertEquals(7, decoded.getWidth());
        assertEquals(0xFF336699, decoded.getRGB(3, 3));
    }

    @Test
    void raggedTableRejectedAndMissingFigureLeavesNoReport() {
        assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.builder("t").table(List.of("a", "b"), List.of(List.of("1"))));
        Path html = dir.resolve("report.html");
        HtmlReport report = HtmlReport.builder("t").figure(dir.resolve("missing.png"), "gone").build();
        assertThrows(UncheckedIOException.class, () -> report.write(html));
        assertFalse(Files.exists(html));
    }

    @Test
    void decimalFormatting() {
        assertEquals("0.5", Html.decimal(0.5));
        assertEquals("3", Html.decimal(3.0));
        assertEquals("-0.001235", Html.decimal(-0.00123456));
        assertEquals("1.000e-05", Html.decimal(1e-5));
        assertEquals("0", Html.decimal(0.0));
        assertEquals("&lt;&gt;&amp;&quot;&#39;", Html.escape("<>&\"'"));
    }

    private static Path tinyPng(Path target) throws Exception {
        Files.createDirectories(target.getParent());
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                image.setRGB(x, y, 0xFF336699);
            }
        }
        ImageIO.write(image, "png", target.toFile());
        return target;
    }

    private static List<String> tables(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<table>(.*?)</table>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String text, String needle) {
        int c = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            c++;
        }
        return c;
    }
}
