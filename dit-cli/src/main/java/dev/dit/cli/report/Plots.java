package dev.dit.cli.report;

import java.nio.file.Path;
import java.util.Map;

/**
 * Data in, PNG out: static functions that draw one figure from plain arrays and write it to a PNG
 * file of {@value #WIDTH}×{@value #HEIGHT} pixels.
 *
 * <p>Rendering draws into off-screen images only, so it needs no display; the {@code dit} command
 * runs with {@code java.awt.headless=true}, set in its {@code main}, not here. Each file is written atomically through
 * {@link dev.dit.models.io.AtomicFile}; the path is used exactly as given (no extension is added)
 * and missing parent directories are created. Non-finite values are left out of the drawing (gaps
 * in lines and bars, missing points and cells). Arrays of mismatched lengths or empty data throw
 * {@link IllegalArgumentException}; I/O failures throw {@link java.io.UncheckedIOException}.
 */
public final class Plots {

    /** Width of every figure in pixels. */
    public static final int WIDTH = 800;
    /** Height of every figure in pixels. */
    public static final int HEIGHT = 600;
    /** Maximum number of rows {@link #heatmap} draws. */
    public static final int HEATMAP_MAX_ROWS = 50;

    private Plots() {
    }

    /**
     * A scatter plot, for example DIT estimate (x) against leave-one-out truth (y). The legend
     * carries n, Pearson r, Spearman ρ and Kendall τ-b of the finite points; a least-squares line
     * is drawn over the x range and a dashed y = x diagonal over the range both axes share.
     *
     * @param png target file
     * @param title chart title
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param x x coordinates
     * @param y y coordinates, aligned with {@code x}
     * @param highlightOrNull points to draw in the accent colour (e.g. corrupted samples), or null
     */
    public static void scatter(Path png, String title, String xLabel, String yLabel,
                               double[] x, double[] y, boolean[] highlightOrNull) {
        sameLength(x.length, y.length, "x and y");
        if (highlightOrNull != null) {
            sameLength(x.length, highlightOrNull.length, "x and highlight");
        }
        Png.write(ScatterFigure.build(title, xLabel, yLabel, x, y, highlightOrNull), png);
    }

    /**
     * Line series over categories, for example the influence of the top samples across windows.
     * Series are drawn in the map's iteration order (use a {@link java.util.LinkedHashMap} to fix
     * it).
     *
     * @param png target file
     * @param title chart title
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param xCategories category labels along x, at least one
     * @param series name to values, each aligned with {@code xCategories}; at least one
     */
    public static void lines(Path png, String title, String xLabel, String yLabel,
                             String[] xCategories, Map<String, double[]> series) {
        nonEmpty(xCategories.length, "categories");
        checkSeries(xCategories.length, series);
        Png.write(LineFigures.overCategories(title, xLabel, yLabel, xCategories, series), png);
    }

    /**
     * Line series over a numeric x axis, drawn with markers.
     *
     * @param png target file
     * @param title chart title
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param x x coordinates, at least one
     * @param series name to y values, each aligned with {@code x}; at least one
     */
    public static void lines(Path png, String title, String xLabel, String yLabel,
                             double[] x, Map<String, double[]> series) {
        nonEmpty(x.length, "x");
        checkSeries(x.length, series);
        Png.write(LineFigures.overNumbers(title, xLabel, yLabel, x, series), png);
    }

    /**
     * A samples × windows heat map on a diverging blue-white-red scale symmetric around zero.
     * When there are more than {@value #HEATMAP_MAX_ROWS} rows, only the {@value #HEATMAP_MAX_ROWS}
     * with the largest maximum |value| across windows are drawn (ties by row index) and the title
     * says so. Rows are labelled {@code #index} with their original index, strongest at the top.
     *
     * @param png target file
     * @param title chart title
     * @param matrix rows = samples, columns = windows; rectangular, at least 1×1, with at least one
     *     finite value
     * @param colLabels one label per column
     */
    public static void heatmap(Path png, String title, double[][] matrix, String[] colLabels) {
        nonEmpty(matrix.length, "matrix rows");
        nonEmpty(colLabels.length, "columns");
        for (double[] row : matrix) {
            sameLength(row.length, colLabels.length, "matrix rows and column labels");
        }
        Png.write(HeatmapFigure.build(title, matrix, colLabels), png);
    }

    /**
     * A bar chart, for example the share of each influence pattern.
     *
     * @param png target file
     * @param title chart title
     * @param categories bar labels, at least one
     * @param values bar heights, aligned with {@code categories}
     */
    public static void bars(Path png, String title, String[] categories, double[] values) {
        nonEmpty(categories.length, "categories");
        sameLength(categories.length, values.length, "categories and values");
        Png.write(BarFigure.build(title, categories, values), png);
    }

    /**
     * Free x/y curves, for example precision@k or recall@k by window. Each entry maps a curve name
     * to {@code {x, y}}: two aligned arrays of at least one point. Curves are drawn without
     * markers, in the map's iteration order.
     *
     * @param png target file
     * @param title chart title
     * @param xLabel x axis title
     * @param yLabel y axis title
     * @param xyByName name to {@code {x, y}}; at least one
     */
    public static void curves(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> xyByName) {
        nonEmpty(xyByName.size(), "curves");
        for (Map.Entry<String, double[][]> e : xyByName.entrySet()) {
            double[][] xy = e.getValue();
            if (xy.length != 2) {
                throw new IllegalArgumentException("curve " + e.getKey() + " must be {x, y}, got " + xy.length + " arrays");
            }
            nonEmpty(xy[0].length, "curve " + e.getKey());
            sameLength(xy[0].length, xy[1].length, "x and y of curve " + e.getKey());
        }
        Png.write(LineFigures.curves(title, xLabel, yLabel, xyByName), png);
    }

    private static void checkSeries(int length, Map<String, double[]> series) {
        nonEmpty(series.size(), "series");
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            sameLength(length, e.getValue().length, "x and series " + e.getKey());
        }
    }

    private static void sameLength(int a, int b, String what) {
        if (a != b) {
            throw new IllegalArgumentException(what + " have different lengths: " + a + " and " + b);
        }
    }

    private static void nonEmpty(int n, String what) {
        if (n == 0) {
            throw new IllegalArgumentException("no " + what + " to plot");
        }
    }
}
