package dev.dit.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts: series over categories, series over numbers, and free x/y curves. */
final class LineFigures {

    private LineFigures() {
    }

    static CategoryChart overCategories(String title, String xLabel, String yLabel, String[] x,
                                        Map<String, double[]> series) {
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        Style.categoryLabels(chart.getStyler(), x.length);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        // all series share the category positions instead of being offset side by side
        chart.getStyler().setOverlapped(true);
        List<String> categories = Arrays.asList(x);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            chart.addSeries(e.getKey(), categories, boxed(e.getValue()));
        }
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Style.ticks(Style.maxAbs(values(series))));
        return chart;
    }

    static XYChart overNumbers(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        XYChart chart = xy(title, xLabel, yLabel, Style.maxAbs(x), Style.maxAbs(values(series)));
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            chart.addSeries(e.getKey(), x, e.getValue()).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    static XYChart curves(String title, String xLabel, String yLabel, Map<String, double[][]> xyByName) {
        double xMax = 0;
        double yMax = 0;
        for (double[][] xy : xyByName.values()) {
            xMax = Math.max(xMax, Style.maxAbs(xy[0]));
            yMax = Math.max(yMax, Style.maxAbs(xy[1]));
        }
        XYChart chart = xy(title, xLabel, yLabel, xMax, yMax);
        for (Map.Entry<String, double[][]> e : xyByName.entrySet()) {
            chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static XYChart xy(String title, String xLabel, String yLabel, double xMax, double yMax) {
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Style.ticks(xMax));
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Style.ticks(yMax));
        return chart;
    }

    private static double[][] values(Map<String, double[]> series) {
        return series.values().toArray(new double[0][]);
    }

    /** Values with non-finite entries as gaps ({@code null}). */
    static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? v : null);
        }
        return out;
    }
}
