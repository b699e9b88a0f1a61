package dev.dit.cli.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** HTML escaping and the text form of table cells. */
final class Html {

    private Html() {
    }

    /** Escapes text for use in element content and in double- or single-quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Text of a table cell: empty for null, 4 significant digits for floating-point numbers
     * (scientific notation outside [1e-4, 1e9)), {@code toString} otherwise.
     */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            return decimal(((Number) value).doubleValue());
        }
        return value.toString();
    }

    static boolean numeric(Object value) {
        return value instanceof Number;
    }

    static String decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a < 1e-4 || a >= 1e9) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
