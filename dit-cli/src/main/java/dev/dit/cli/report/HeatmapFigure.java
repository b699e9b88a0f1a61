package dev.dit.cli.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * A samples-by-windows heat map on a diverging blue-white-red scale centred on zero. Only the
 * {@link Plots#HEATMAP_MAX_ROWS} rows with the largest maximum magnitude are drawn, strongest at the
 * top; the title says so when rows were dropped.
 */
final class HeatmapFigure {

    private static final Color[] DIVERGING = {
        new Color(0x21, 0x66, 0xAC), new Color(0x92, 0xC5, 0xDE), Color.WHITE,
        new Color(0xF4, 0xA5, 0x82), new Color(0xB2, 0x18, 0x2B)};

    private HeatmapFigure() {
    }

    static HeatMapChart build(String title, double[][] matrix, String[] colLabels) {
        int[] rows = topRows(matrix, Plots.HEATMAP_MAX_ROWS);
        String fullTitle = rows.length < matrix.length
                ? title + " (top " + rows.length + " of " + matrix.length + " rows by max |value|)"
                : title;
        HeatMapChart chart = new HeatMapChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(fullTitle).xAxisTitle("window").yAxisTitle("sample").build();
        Style.apply(chart.getStyler());
        Style.categoryLabels(chart.getStyler(), colLabels.length);

        List<String> yLabels = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        double scale = 0;
        // y categories are drawn bottom-up: add the weakest selected row first
        for (int r = rows.length - 1; r >= 0; r--) {
            int yIndex = yLabels.size();
            yLabels.add("#" + rows[r]);
            double[] row = matrix[rows[r]];
            for (int c = 0; c < row.length; c++) {
                if (Double.isFinite(row[c])) {
                    cells.add(new Number[] {c, yIndex, row[c]});
                    scale = Math.max(scale, Math.abs(row[c]));
                }
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("heat map has no finite value to draw");
        }
        // the colour-bar legend prints its ends raw: round the scale up to two significant digits
        scale = scale == 0 ? 1 : new java.math.BigDecimal(scale)
                .round(new java.math.MathContext(2, java.math.RoundingMode.UP)).doubleValue();
        chart.getStyler().setRangeColors(DIVERGING).setMin(-scale).setMax(scale)
                .setHeatMapDecimalValueFormatter(Style.ticks(scale));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.addSeries("value", Arrays.asList((Object[]) colLabels), yLabels, cells);
        return chart;
    }

    /** Indices of the {@code max} rows with the largest max |value| (NaN ignored), ties by index. */
    static int[] topRows(double[][] matrix, int max) {
        double[] magnitude = new double[matrix.length];
        for (int r = 0; r < matrix.length; r++) {
            double m = -1;
            for (double v : matrix[r]) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, Math.abs(v));
                }
            }
            magnitude[r] = m;
        }
        Integer[] order = new Integer[matrix.length];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer r) -> -magnitude[r]).thenComparingInt(r -> r));
        int keep = Math.min(max, order.length);
        int[] out = new int[keep];
        for (int i = 0; i < keep; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
