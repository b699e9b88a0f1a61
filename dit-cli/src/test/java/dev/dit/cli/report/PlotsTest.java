package dev.dit.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class PlotsTest {

    @TempDir
    Path dir;

    @Test
    void scatterWithHighlightsAndGaps() throws Exception {
        Random random = new Random(1);
        int n = 200;
        double[] x = new double[n];
        double[] y = new double[n];
        boolean[] marked = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
            y[i] = 0.8 * x[i] + 0.3 * random.nextGaussian();
            marked[i] = i % 17 == 0;
        }
        x[5] = Double.NaN;
        Path png = dir.resolve("sub/scatter.png");
        Plots.scatter(png, "DIT vs LOO", "DIT estimate", "LOO truth", x, y, marked);
        PngAssert.assertFigure(png);
        Plots.scatter(png, "no highlights", "x", "y", x, y, null);
        PngAssert.assertFigure(png);
    }

    @Test
    void scatterLegendCarriesCorrelations() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 6, 8, 10};
        XYChart chart = ScatterFigure.build("t", "x", "y", x, y, new boolean[] {false, false, false, false, true});
        String legend = String.join("|", chart.getSeriesMap().keySet());
        assertTrue(legend.contains("n=5  r=1.000  \u03C1=1.000  \u03C4=1.000"), legend);
        assertTrue(legend.contains("highlighted (1)"), legend);
        assertTrue(legend.contains("fit: y = "), legend);
        assertTrue(legend.contains("y = x"), legend);
    }

    @Test
    void linesOverCategoriesAndNumbers() throws Exception {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("#12", new double[] {-0.5, -0.2, Double.NaN, 0.1});
        series.put("#40", new double[] {0.3, 0.25, 0.2, 0.4});
        Path cat = dir.resolve("lines-cat.png");
        Plots.lines(cat, "Top samples across windows", "window", "influence", new String[] {"w0", "w1", "w2", "w3"}, series);
        PngAssert.assertFigure(cat);
        Path num = dir.resolve("lines-num.png");
        Plots.lines(num, "Top samples", "step", "influence", new double[] {0, 100, 200, 300}, series);
        PngAssert.assertFigure(num);
    }

    @Test
    void heatmapSubsamplesManyRows() throws Exception {
        Random random = new Random(2);
        double[][] m = new double[120][6];
        for (double[] row : m) {
            for (int c = 0; c < row.length; c++) {
                row[c] = random.nextGaussian();
            }
        }
        m[77][3] = 50;
        String[] cols = {"w0", "w1", "w2", "w3", "w4", "w5"};
        Path png = dir.resolve("heat.png");
        Plots.heatmap(png, "Influence by window", m, cols);
        PngAssert.assertFigure(png);
        String title = HeatmapFigure.build("Influence", m, cols).getTitle();
        assertEquals("Influence (top 50 of 120 rows by max |value|)", title);
        assertEquals(77, HeatmapFigure.topRows(m, 50)[0]);
    }

    @Test
    void topRowsByMaxMagnitudeTiesByIndex() {
        double[][] m = {{0.1, -0.2}, {3, 0}, {0, -3}, {Double.NaN, 1}, {Double.NaN, Double.NaN}};
        assertArrayEquals(new int[] {1, 2, 3}, HeatmapFigure.topRows(m, 3));
        assertArrayEquals(new int[] {1, 2, 3, 0, 4}, HeatmapFigure.topRows(m, 10));
    }

    @Test
    void tickLabelsDropFloatNoiseButKeepSmallScales() {
        assertEquals("0.3", Style.ticks(0.4).apply(0.30000000000000004));
        assertEquals("0", Style.ticks(1.0).apply(2.7e-17));
        assertEquals("2.00e-06", Style.ticks(5e-6).apply(2e-6));
        assertEquals("5.00e-14", Style.ticks(1e-13).apply(5e-14));
        assertEquals("-1250", Style.ticks(2000).apply(-1250.0));
    }

    @Test
    void barsAndCurves() throws Exception {
        Path bars = dir.resolve("bars.png");
        Plots.bars(bars, "Pattern shares", new String[] {"early", "late", "persistent", "transient"},
                new double[] {0.4, 0.1, 0.3, 0.2});
        PngAssert.assertFigure(bars);

        Map<String, double[][]> curves = new LinkedHashMap<>();
        curves.put("precision@k w0", new double[][] {{1, 2, 3, 4, 5}, {1, 0.5, 0.67, 0.5, 0.4}});
        curves.put("recall@k w0", new double[][] {{1, 2, 3, 4, 5}, {0.5, 0.5, 1, 1, 1}});
        Path png = dir.resolve("curves.png");
        Plots.curves(png, "Retrieval of corrupted labels", "k", "value", curves);
        BufferedImage image = PngAssert.assertFigure(png);
        assertEquals(Plots.WIDTH, image.getWidth());
    }

    @Test
    void mismatchedOrEmptyInputIsRejected() {
        Path png = dir.resolve("never.png");
        assertThrows(IllegalArgumentException.class,
                () -> Plots.scatter(png, "t", "x", "y", new double[3], new double[2], null));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.lines(png, "t", "x", "y", new String[] {"a", "b"}, Map.of("s", new double[3])));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.heatmap(png, "t", new double[][] {{1, 2}, {3}}, new String[] {"a", "b"}));
        assertThrows(IllegalArgumentException.class, () -> Plots.bars(png, "t", new String[0], new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.curves(png, "t", "x", "y", Map.of("c", new double[][] {{1, 2}})));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.heatmap(png, "t", new double[][] {{Double.NaN}}, new String[] {"w"}));
        assertTrue(!png.toFile().exists());
    }
}
