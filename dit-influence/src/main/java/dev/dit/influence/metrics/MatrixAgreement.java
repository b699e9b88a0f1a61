package dev.dit.influence.metrics;

import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.window.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Agreement of an estimate with a ground truth, window by window, over the samples the truth
 * holds. Refuses to compare matrices of different definitions, queries or windows: those are
 * different quantities (method.md §3).
 */
public final class MatrixAgreement {

    /** One window's agreement. */
    public record Row(Window window, Agreement agreement) {
    }

    private MatrixAgreement() {
    }

    /**
     * Per-window agreement of {@code estimate} with {@code truth}.
     *
     * @param estimate the estimated influence, e.g. from a DIT sweep
     * @param truth the ground truth (leave-one-out) for the same definition, query and windows
     * @param bootstrap the resampling for the confidence intervals
     * @return one row per window, on the samples both matrices hold
     */
    public static List<Row> compare(InfluenceMatrix estimate, InfluenceMatrix truth, Bootstrap bootstrap) {
        requireComparable(estimate, truth);
        int[] samples = truth.samples();
        List<Row> rows = new ArrayList<>();
        for (int w = 0; w < truth.windows().size(); w++) {
            double[] t = truth.column(w);
            double[] e = estimate.column(w, samples);
            rows.add(new Row(truth.windows().get(w), Agreement.of(e, t, bootstrap)));
        }
        return rows;
    }

    /**
     * Throws unless both matrices hold the same definition, query and windows.
     *
     * @param a one matrix
     * @param b the other
     * @throws IllegalArgumentException naming the first difference
     */
    public static void requireComparable(InfluenceMatrix a, InfluenceMatrix b) {
        if (a.definition() != b.definition()) {
            throw new IllegalArgumentException("definitions differ: " + a.definition().id() + " vs " + b.definition().id()
                    + " (an estimate must be compared with the ground truth of its own definition)");
        }
        if (!a.query().equals(b.query())) {
            throw new IllegalArgumentException("queries differ: " + a.query() + " vs " + b.query());
        }
        if (!a.windows().equals(b.windows())) {
            throw new IllegalArgumentException("windows differ: " + a.windows() + " vs " + b.windows());
        }
    }

    /**
     * A plain-text table.
     *
     * @param rows the rows of {@link #compare}
     * @return one line per window, with a header line
     */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-16s %5s  %-26s %-26s %-26s %-26s%n",
                "window", "n", "pearson [95% CI]", "spearman [95% CI]", "kendall [95% CI]", "jaccard_top10pct [95% CI]"));
        for (Row r : rows) {
            Agreement a = r.agreement();
            b.append(String.format(Locale.ROOT, "%-16s %5d  %-26s %-26s %-26s %-26s%n", r.window().toString(), a.n(),
                    fmt(a.pearson()), fmt(a.spearman()), fmt(a.kendall()), fmt(a.jaccardTop10())));
        }
        return b.toString();
    }

    static String fmt(Estimate e) {
        return String.format(Locale.ROOT, "%.4f [%.3f, %.3f]", e.value(), e.lo(), e.hi());
    }
}
