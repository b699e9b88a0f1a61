package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.analysis.Stages;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.cli.report.Plots;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Correlation of influence between training stages (method.md §7, claim 2): the early / middle /
 * late thirds of the epochs as windows of their own, every pair of epochs, the early-vs-late
 * scatter, and heat maps.
 */
final class StageStudy {
    private StageStudy() {
    }

    /**
     * @param perEpoch per definition, the n × E per-epoch matrix
     * @param thirds per definition, the n × 3 matrix of the early, middle and late windows
     * @return per definition, Pearson, Spearman and Kendall between the early and the late window
     */
    static Map<Definition, double[]> run(Outputs out, Run run, Map<Definition, InfluenceMatrix> perEpoch,
                                         Map<Definition, InfluenceMatrix> thirds) {
        Map<Definition, double[]> earlyLate = new EnumMap<>(Definition.class);
        Table stages = new Table("definition", "window_a", "window_b", "pearson", "spearman", "kendall")
                .noValue((row, column) -> "undefined: the influence in one of the two stages is constant or not finite");
        String[] names = {"early", "middle", "late"};
        for (Map.Entry<Definition, InfluenceMatrix> e : thirds.entrySet()) {
            double[][] v = Influences.values(e.getValue());
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    double[] c = Stages.all(Stages.column(v, a), Stages.column(v, b));
                    stages.add(e.getKey().id(), names[a] + " " + e.getValue().windows().get(a),
                            names[b] + " " + e.getValue().windows().get(b), c[0], c[1], c[2]);
                    if (a == 0 && b == 2) {
                        earlyLate.put(e.getKey(), c);
                    }
                }
            }
        }
        out.paragraph("Stages: the epochs are cut into thirds (early, middle, late), each a window of its own under the "
                + "definition named; correlations over all training samples.");
        out.table("stage_correlation", "Correlation between the early, middle and late stages", stages);
        boolean[] bad = run.corruptedMask();
        for (Map.Entry<Definition, InfluenceMatrix> e : thirds.entrySet()) {
            String d = Influences.letter(e.getKey());
            double[][] v = Influences.values(e.getValue());
            double[] c = earlyLate.get(e.getKey());
            out.figure("scatter_early_vs_late_" + e.getKey().id(), String.format(Locale.ROOT,
                            "DIT-%s: influence in the early stage %s vs the late stage %s (flipped samples in accent colour); "
                                    + "Spearman %.3f", d, e.getValue().windows().get(0), e.getValue().windows().get(2), c[1]),
                    png -> Plots.scatter(png, "DIT-" + d + ": early vs late stage", "early-stage influence",
                            "late-stage influence", Stages.column(v, 0), Stages.column(v, 2), bad));
        }
        for (Map.Entry<Definition, InfluenceMatrix> e : perEpoch.entrySet()) {
            String d = Influences.letter(e.getKey());
            double[][] v = Influences.values(e.getValue());
            String[] labels = Influences.labels(e.getValue());
            double[][] rho = Stages.matrix(v, Stages.Measure.SPEARMAN);
            double[][] r = Stages.matrix(v, Stages.Measure.PEARSON);
            double[][] tau = Stages.matrix(v, Stages.Measure.KENDALL);
            Table pairs = new Table("definition", "window_a", "window_b", "pearson", "spearman", "kendall");
            for (int a = 0; a < labels.length; a++) {
                for (int b = a + 1; b < labels.length; b++) {
                    pairs.add(e.getKey().id(), labels[a], labels[b], r[a][b], rho[a][b], tau[a][b]);
                }
            }
            out.data("epoch_correlation_" + e.getKey().id(), pairs);
            out.figure("heatmap_epoch_correlation_" + e.getKey().id(), "Spearman correlation between the epochs' DIT-" + d
                            + " influence vectors (row #i is epoch i+1; columns left to right)",
                    png -> Plots.heatmap(png, "Epoch x epoch Spearman, DIT-" + d, rho, labels));
            out.figure("heatmap_samples_epochs_" + e.getKey().id(), "Samples x epochs, DIT-" + d
                            + " (the samples with the largest |influence| in any epoch)",
                    png -> Plots.heatmap(png, "Influence per epoch (DIT-" + d + ")", v, labels));
        }
        return earlyLate;
    }
}
