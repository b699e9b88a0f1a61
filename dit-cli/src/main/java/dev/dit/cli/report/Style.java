package dev.dit.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.Function;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The look shared by all figures: white background, light grid, readable fonts. */
final class Style {

    /** Colour of highlighted points and of the first series. */
    static final Color ACCENT = new Color(0xD6, 0x27, 0x28);
    /** Colour of ordinary points. */
    static final Color MUTED = new Color(0x1F, 0x77, 0xB4, 0xA0);
    /** Colour of reference lines. */
    static final Color REFERENCE = new Color(0x55, 0x55, 0x55);

    private Style() {
    }

    static void apply(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.LIGHT_GRAY);
        styler.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setAntiAlias(true);
    }

    /** Rotates crowded category labels so they stay readable. */
    static void categoryLabels(AxesChartStyler styler, int count) {
        if (count > 12) {
            styler.setXAxisLabelRotation(90);
        } else if (count > 6) {
            styler.setXAxisLabelRotation(45);
        }
    }

    /**
     * Tick labels for an axis whose data reach {@code maxAbs} in magnitude: up to 6 significant
     * digits without floating-point noise, scientific notation for extreme magnitudes, and "0" for
     * ticks that are zero up to rounding relative to the data.
     */
    static Function<Double, String> ticks(double maxAbs) {
        double zero = Double.isFinite(maxAbs) && maxAbs > 0 ? maxAbs * 1e-9 : 0;
        return v -> {
            double a = Math.abs(v);
            if (a <= zero) {
                return "0";
            }
            if (a < 1e-4 || a >= 1e7) {
                return String.format(java.util.Locale.ROOT, "%.3g", v);
            }
            return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        };
    }

    /** Largest finite magnitude among the values, 0 if none. */
    static double maxAbs(double[]... arrays) {
        double m = 0;
        for (double[] a : arrays) {
            for (double v : a) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, Math.abs(v));
                }
            }
        }
        return m;
    }

    /** Short fixed-precision form of a statistic, "n/a" when undefined. */
    static String stat(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
