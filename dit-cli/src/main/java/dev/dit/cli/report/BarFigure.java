package dev.dit.cli.report;

import java.util.Arrays;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A single-series bar chart. */
final class BarFigure {

    private BarFigure() {
    }

    static CategoryChart build(String title, String[] categories, double[] values) {
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title(title).build();
        Style.apply(chart.getStyler());
        Style.categoryLabels(chart.getStyler(), categories.length);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(title.isEmpty() ? "value" : title, Arrays.asList(categories), LineFigures.boxed(values))
                .setFillColor(Style.MUTED);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Style.ticks(Style.maxAbs(values)));
        return chart;
    }
}
