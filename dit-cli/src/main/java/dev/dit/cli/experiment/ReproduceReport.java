package dev.dit.cli.experiment;

import dev.dit.cli.report.Plots;
import dev.dit.cli.report.Summary;
import dev.dit.influence.analysis.Pattern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reproduction's report directory: {@code report.html} opening with the claims table, then the
 * figures and tables per claim; {@code config.json}; every number as CSV and JSON (per seed, and
 * summarised over seeds). Built only from the stored units, so the bytes do not depend on how the
 * units were computed (workers, interruptions).
 */
final class ReproduceReport {
    private ReproduceReport() {
    }

    static List<String> write(ReproduceExperiment.Settings s, List<ReproduceTables.Unit> units, Path dir) {
        String label = s.quick() ? "QUICK run (reduced protocol: " + s.seeds().size() + " seeds, " + s.epochs() + " epochs, "
                + s.looSamples() + " leave-one-out samples, rates " + s.rates() + "); not the authors' full protocol. "
                : "Full protocol, " + s.seeds().size() + " seeds. ";
        Outputs out = new Outputs(dir, "Does the DIT paper reproduce?" + (s.quick() ? " (quick run)" : ""));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", "reproduce");
        config.putAll(s.protocolJson());
        config.put("seeds", s.seeds());
        config.put("seed_store", ".seeds/ inside the output directory (one JSON file per dataset x model x seed)");
        out.config(config);
        List<Claims.Claim> claims = Claims.evaluate(s, units);
        List<List<Object>> head = new ArrayList<>();
        Table claimTable = new Table("claim", "statement", "paper", "ours", "verdict", "rule");
        Table cellTable = new Table("claim", "dataset", "model", "ours", "verdict");
        Table numbers = new Table("claim", "dataset", "model", "quantity", "paper", "mean", "lo", "hi", "n_seeds")
                .noValue((row, column) -> column.equals("paper") ? "the paper gives no number" : "fewer than two seeds");
        for (Claims.Claim c : claims) {
            String ours = Claims.counts(c);
            head.add(List.of(c.id(), c.statement(), c.paper(), ours, c.verdict().label, c.rule() + " " + c.combination()));
            claimTable.add(c.id(), c.statement(), c.paper(), ours, c.verdict().label, c.rule() + " " + c.combination());
            for (Claims.Cell cell : c.cells()) {
                cellTable.add(c.id(), cell.dataset(), cell.model(), cell.ours(), cell.verdict().label);
                for (Claims.Number n : cell.numbers()) {
                    numbers.add(c.id(), cell.dataset(), cell.model(), n.quantity(), n.paper(), n.ours().mean(), n.ours().lo(),
                            n.ours().hi(), n.ours().n());
                }
            }
        }
        out.summary(Summary.builder().table(Summary.Topic.RESULT, label + "Verdict per claim of the DIT paper (method.md §7); "
                + "'ours' counts the dataset x model cells by verdict, whose numbers (mean over seeds [95% interval]) follow.",
                claimTable.header(), head, "undefined").build());
        out.section("Claims per dataset and model");
        out.paragraph("Each cell: mean over " + s.seeds().size() + " seeds with its 95% Student-t interval in brackets. "
                + "The rules are in the claims table; claims.csv, claims.json hold the verdicts, claim_numbers.csv, "
                + "claim_numbers.json the numbers behind them.");
        out.table("claim_cells", "Verdict per claim, dataset and model", cellTable);
        out.data("claims", claimTable);
        out.data("claim_numbers", numbers);
        protocol(out, s);
        figures(out, s, units, claims);
        out.section("Every number");
        out.paragraph("Per table: NAME_per_seed.csv/json (one row per dataset, model, seed and key) and NAME.csv/json "
                + "(mean, lo, hi over seeds). correlation: DIT, TracIn and influence functions against exact leave-one-out "
                + "of the same definition; summary 'window' = one window, 'epoch' = one epoch, 'global' = influence summed over "
                + "the epochs vs leave-one-out summed likewise, 'local' = mean over epochs of the per-epoch correlation; "
                + "Jaccard of the top 30% by |influence|. detection: ascending influence on the validation loss, k = number "
                + "flipped. retraining: test accuracy after removing, or swapping the label of, the k flagged samples.");
        for (String name : ReproduceTables.NAMES) {
            out.data(name + "_per_seed", ReproduceTables.perSeed(name, units));
            Table t = ReproduceTables.summary(name, units);
            if (name.equals("correlation")) {
                out.data(name, t);
            } else {
                out.table(name, "Summary over seeds: " + name, t);
            }
        }
        Path html = out.finish();
        List<String> lines = new ArrayList<>();
        for (Claims.Claim c : claims) {
            lines.add(String.format(Locale.ROOT, "claim %d: %s (%s)", c.id(), c.verdict().label, Claims.counts(c)));
        }
        lines.add("report: " + html);
        return lines;
    }

    private static void protocol(Outputs out, ReproduceExperiment.Settings s) {
        out.section("Protocol");
        out.paragraph(String.format(Locale.ROOT, "Data: %s (binary; split and flipped labels drawn anew for every seed). "
                        + "Models: %s. %d training, %d validation, %d test samples; %d epochs of SGD, batch %d, lr per model %s, decayed "
                        + "as lr/sqrt(t+1), L2 %s; query: mean validation loss (influence = F(without j) - F(with j), "
                        + "negative = harmful). Leave-one-out ground truth on %d seeded training samples per run, for both "
                        + "definitions (G: removed from the whole run; L: removed inside the window only). Patterns: DIT-G per "
                        + "epoch, signed, z-scored per epoch, Highly Fluctuating at >= 45%% sign changes, slope test p < 0.05. "
                        + "Stages: DIT over the first, middle and last third of the epochs. Detection: flip rates %s, DIT-G and "
                        + "DIT-L over full, first, middle, last and last:%d (the convergence window), against TracIn, TracIn "
                        + "self-influence, influence functions, training loss and random (full run); %s",
                String.join(", ", s.datasets()), String.join(", ", s.models()), s.nTrain(), s.nVal(), s.nTest(), s.epochs(),
                s.batch(), s.lr(), s.l2(), s.looSamples(), s.rates(), s.lastK(), s.retrain()
                        ? "then retraining after removing, and separately after swapping the labels of, the k flagged samples."
                        : "no retraining."));
    }

    private static void figures(Outputs out, ReproduceExperiment.Settings s, List<ReproduceTables.Unit> units,
                                List<Claims.Claim> claims) {
        out.section("Figures");
        // Claim 1: the paper's shares next to ours (mean over cells).
        List<String> cats = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        Claims.Claim c1 = claims.get(0);
        for (Pattern p : Pattern.values()) {
            double mean = 0;
            for (Claims.Cell cell : c1.cells()) {
                mean += cell.numbers().get(p.ordinal()).ours().mean() / c1.cells().size();
            }
            cats.add(p.label() + " (paper)");
            vals.add(ClaimRules.PAPER_SHARES[p.ordinal()]);
            cats.add(p.label() + " (ours)");
            vals.add(mean);
        }
        out.figure("claim1_pattern_shares", "Claim 1: share of samples per pattern (%), the paper's and ours (mean over "
                        + "dataset x model cells and seeds)",
                png -> Plots.bars(png, "Influence patterns: paper vs ours (%)", cats.toArray(String[]::new),
                        vals.stream().mapToDouble(Double::doubleValue).toArray()));
        // Claim 2: Kendall tau early vs late per cell and definition.
        List<String> cells = new ArrayList<>();
        List<Double> taus = new ArrayList<>();
        for (Claims.Cell cell : claims.get(1).cells()) {
            for (Claims.Number n : cell.numbers()) {
                cells.add(Outputs.slug(cell.dataset()) + " " + cell.model() + (n.quantity().endsWith("global") ? " G" : " L"));
                taus.add(finiteOr0(n.ours().mean()));
            }
        }
        out.figure("claim2_early_late_kendall", "Claim 2: Kendall tau between the early and the late third, per dataset, "
                        + "model and definition (mean over seeds; weak = |tau| < 0.3)",
                png -> Plots.bars(png, "Early vs late: Kendall tau", cells.toArray(String[]::new),
                        taus.stream().mapToDouble(Double::doubleValue).toArray()));
        // Claim 3: precision@k by rate for the retrained rankings, mean over cells and seeds.
        double[] rates = s.rates().stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        Map<List<Object>, List<double[]>> det = ReproduceTables.groups("detection", units);
        for (String ranking : ReproduceUnit.retrained(s.lastK())) {
            double[] y = new double[rates.length];
            for (int r = 0; r < rates.length; r++) {
                double sum = 0;
                int n = 0;
                for (Map.Entry<List<Object>, List<double[]>> e : det.entrySet()) {
                    if (ReproduceTables.num(e.getKey().get(2)) == rates[r] && e.getKey().get(4).equals(ranking)) {
                        for (double[] v : e.getValue()) {
                            sum += v[0];
                            n++;
                        }
                    }
                }
                y[r] = n == 0 ? 0 : sum / n;
            }
            series.put(ranking, y);
        }
        out.figure("claim3_precision_by_rate", "Claim 3: precision@k (k = number flipped) by flip rate, mean over dataset x "
                        + "model cells and seeds",
                png -> Plots.lines(png, "Flipped-label detection", "flip rate", "precision@k", rates, series));
        // Claim 4 and the correlation table: DIT-G and DIT-L vs leave-one-out per epoch, mean over cells and seeds.
        Map<List<Object>, List<double[]>> corr = ReproduceTables.groups("correlation", units);
        String[] epochs = new String[s.epochs()];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = "epoch" + (e + 1);
        }
        Map<String, double[]> perEpoch = new LinkedHashMap<>();
        for (String def : List.of("global", "local")) {
            for (String method : List.of("dit", "tracin")) {
                double[] y = new double[epochs.length];
                for (int e = 0; e < epochs.length; e++) {
                    double sum = 0;
                    int n = 0;
                    for (Map.Entry<List<Object>, List<double[]>> en : corr.entrySet()) {
                        List<Object> k = en.getKey();
                        if (k.get(2).equals(def) && k.get(3).equals(method) && k.get(5).equals(epochs[e])) {
                            for (double[] v : en.getValue()) {
                                if (Double.isFinite(v[0])) {
                                    sum += v[0];
                                    n++;
                                }
                            }
                        }
                    }
                    y[e] = n == 0 ? 0 : sum / n;
                }
                perEpoch.put((method.equals("dit") ? "DIT" : "TracIn") + "-" + (def.equals("global") ? "G" : "L"), y);
            }
        }
        out.figure("claim4_pearson_per_epoch", "Pearson r against exact leave-one-out of the same definition, per epoch, "
                        + "mean over dataset x model cells and seeds",
                png -> Plots.lines(png, "Agreement with leave-one-out per epoch", "epoch", "Pearson r", epochs, perEpoch));
    }

    private static double finiteOr0(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
