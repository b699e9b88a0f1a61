package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.analysis.Pattern;
import dev.dit.influence.analysis.Patterns;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.cli.report.Plots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Temporal patterns of a per-epoch influence matrix: the classification per sample, the shares,
 * a bar chart, the top samples' influence over epochs, the mean z-score per pattern, a heat map.
 */
final class PatternStudy {
    private PatternStudy() {
    }

    /** With {@code heatmap = false} the samples x epochs heat map is left out (when another section draws it). */
    static Patterns.Result run(Outputs out, Run run, InfluenceMatrix perEpoch, Patterns.Options options, int top,
                               boolean heatmap) {
        double[][] values = Influences.values(perEpoch);
        String[] epochs = Influences.labels(perEpoch);
        Patterns.Result r = Patterns.classify(values, options);
        String what = "DIT-" + Influences.letter(perEpoch.definition()) + " per epoch, "
                + (options.magnitude() ? "|influence|" : "signed influence") + " z-scored per epoch";
        out.paragraph("Classification of " + values.length + " samples from " + what + ": Highly Fluctuating if the z-score "
                + "changes sign in >= " + options.fluctuationThreshold() + " of the " + (epochs.length - 1)
                + " consecutive epoch pairs, else Early Influencer / Late Bloomer if the OLS slope of the z-scores over epochs is "
                + "significantly negative / positive (two-sided t test, " + (epochs.length - 2) + " dof, p < " + options.alpha()
                + "), else Stable Influencer. " + (options.magnitude()
                ? "Magnitudes: 'early' means the sample's strength fades relative to the others."
                : "Signed values: 'early' means the influence decreases relative to the others (for a loss query, becomes "
                + "relatively more harmful), not that its magnitude fades; use --magnitude for that."));
        Table shares = new Table("pattern", "name", "count", "share");
        for (Pattern p : Pattern.values()) {
            shares.add(p.id(), p.label(), r.counts().get(p), r.share(p));
        }
        out.table("pattern_shares", "Share of samples per pattern", shares);
        Table per = new Table("sample", "label", "corrupted", "pattern", "slope", "p_value", "sign_changes", "change_fraction");
        boolean[] bad = run.corruptedMask();
        int[] samples = perEpoch.samples();
        for (int i = 0; i < samples.length; i++) {
            Patterns.Sample s = r.samples()[i];
            per.add(samples[i], run.train().label(samples[i]), bad[samples[i]] ? 1 : 0, s.pattern().id(), s.slope(), s.pValue(),
                    s.signChanges(), s.changeFraction());
        }
        out.data("patterns", per);
        out.paragraph("Per-sample classes, slopes and p-values: patterns.csv, patterns.json.");
        double[] pct = Arrays.stream(Pattern.values()).mapToDouble(p -> 100 * r.share(p)).toArray();
        String[] names = Arrays.stream(Pattern.values()).map(Pattern::label).toArray(String[]::new);
        out.figure("pattern_shares", "Share of samples per pattern (%), " + what,
                png -> Plots.bars(png, "Influence patterns (% of samples)", names, pct));
        int[] chosen = representatives(values, r, top);
        Map<String, double[]> lines = new LinkedHashMap<>();
        for (int i : chosen) {
            lines.put(String.format(Locale.ROOT, "#%d %s%s", samples[i], r.samples()[i].pattern().label(),
                    bad[samples[i]] ? " (flipped)" : ""), values[i]);
        }
        out.figure("top_samples_over_epochs", "Influence per epoch of " + lines.size() + " top samples (DIT-"
                + Influences.letter(perEpoch.definition()) + "): taken in turn from each pattern, the strongest (largest "
                + "summed |influence|) first",
                png -> Plots.lines(png, "Top samples' influence per epoch", "epoch", "influence on " + perEpoch.query(),
                        epochs, lines));
        Map<String, double[]> means = new LinkedHashMap<>();
        for (Pattern p : Pattern.values()) {
            if (r.counts().get(p) > 0) {
                double[] m = new double[epochs.length];
                for (int i = 0; i < values.length; i++) {
                    if (r.samples()[i].pattern() == p) {
                        for (int w = 0; w < m.length; w++) {
                            m[w] += r.z()[i][w] / r.counts().get(p);
                        }
                    }
                }
                means.put(p.label() + " (" + r.counts().get(p) + ")", m);
            }
        }
        out.figure("pattern_mean_z", "Mean z-score per epoch of each pattern's samples",
                png -> Plots.lines(png, "Mean z-score by pattern", "epoch", "z-score", epochs, means));
        if (!heatmap) {
            return r;
        }
        out.figure("heatmap_patterns_samples_epochs", "Samples x epochs, DIT-" + Influences.letter(perEpoch.definition())
                        + " (the samples with the largest |influence| in any epoch)",
                png -> Plots.heatmap(png, "Influence per epoch (DIT-" + Influences.letter(perEpoch.definition()) + ")", values,
                        epochs));
        return r;
    }

    /** Up to {@code top} rows: round-robin over the patterns, each pattern's strongest rows first. */
    static int[] representatives(double[][] values, Patterns.Result r, int top) {
        List<List<Integer>> byPattern = new ArrayList<>();
        for (Pattern p : Pattern.values()) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (r.samples()[i].pattern() == p) {
                    rows.add(i);
                }
            }
            rows.sort(Comparator.comparingDouble((Integer i) -> -sumAbs(values[i])).thenComparingInt(i -> i));
            byPattern.add(rows);
        }
        List<Integer> out = new ArrayList<>();
        for (int round = 0; out.size() < Math.min(top, values.length); round++) {
            for (List<Integer> rows : byPattern) {
                if (round < rows.size() && out.size() < top) {
                    out.add(rows.get(round));
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double sumAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m += Math.abs(x);
        }
        return m;
    }
}
