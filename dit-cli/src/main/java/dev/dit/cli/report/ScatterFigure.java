package dev.dit.cli.report;

import dev.dit.influence.metrics.Correlation;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A scatter plot with correlation statistics, a least-squares line and the diagonal y = x. */
final class ScatterFigure {

    private ScatterFigure() {
    }

    static XYChart build(String title, String xLabel, String yLabel, double[] x, double[] y, boolean[] highlight) {
        List<Integer> plain = new ArrayList<>();
        List<Integer> marked = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                (highlight != null && highlight[i] ? marked : plain).add(i);
            }
        }
        double[] fx = pick(x, plain, marked);
        double[] fy = pick(y, plain, marked);
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Style.ticks(Style.maxAbs(fx)));
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Style.ticks(Style.maxAbs(fy)));

        String stats = "n=" + fx.length + "  r=" + Style.stat(Correlation.pearson(fx, fy))
                + "  \u03C1=" + Style.stat(Correlation.spearman(fx, fy))
                + "  \u03C4=" + Style.stat(Correlation.kendallTauB(fx, fy));
        // the statistics ride on the first legend entry
        if (!plain.isEmpty()) {
            points(chart, stats, x, y, plain).setMarkerColor(Style.MUTED);
        }
        if (!marked.isEmpty()) {
            String name = (plain.isEmpty() ? stats + "  " : "") + "highlighted (" + marked.size() + ")";
            points(chart, name, x, y, marked).setMarkerColor(Style.ACCENT);
        }
        if (fx.length >= 2) {
            references(chart, fx, fy);
        }
        return chart;
    }

    private static XYSeries points(XYChart chart, String name, double[] x, double[] y, List<Integer> rows) {
        double[] px = new double[rows.size()];
        double[] py = new double[rows.size()];
        for (int i = 0; i < px.length; i++) {
            px[i] = x[rows.get(i)];
            py[i] = y[rows.get(i)];
        }
        XYSeries s = chart.addSeries(name, px, py);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }

    /** Least-squares line over the x range; y = x over the part of the plot both ranges share. */
    private static void references(XYChart chart, double[] x, double[] y) {
        double[] xr = range(x);
        double[] yr = range(y);
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        if (sxx > 0) {
            double slope = sxy / sxx;
            double icept = my - slope * mx;
            line(chart, String.format(java.util.Locale.ROOT, "fit: y = %.3g + %.3g x", icept, slope),
                    xr[0], icept + slope * xr[0], xr[1], icept + slope * xr[1]).setLineColor(Style.ACCENT);
        }
        double lo = Math.max(xr[0], yr[0]);
        double hi = Math.min(xr[1], yr[1]);
        if (lo < hi) {
            XYSeries diagonal = line(chart, "y = x", lo, lo, hi, hi);
            diagonal.setLineColor(Style.REFERENCE);
            diagonal.setLineStyle(SeriesLines.DASH_DASH);
        }
    }

    private static XYSeries line(XYChart chart, String name, double x0, double y0, double x1, double y1) {
        XYSeries s = chart.addSeries(name, new double[] {x0, x1}, new double[] {y0, y1});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    private static double[] pick(double[] v, List<Integer> a, List<Integer> b) {
        double[] out = new double[a.size() + b.size()];
        int k = 0;
        for (int i : a) {
            out[k++] = v[i];
        }
        for (int i : b) {
            out[k++] = v[i];
        }
        return out;
    }

    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        return new double[] {lo, hi};
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
