package dev.dit.cli.experiment;

import dev.dit.influence.analysis.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The four claims of method.md §7 evaluated on the reproduction's units: per dataset × model
 * cell, the numbers (mean and 95 % interval over seeds) and the verdict of {@link ClaimRules};
 * over cells, the combined verdict.
 */
final class Claims {
    /** One claim in one cell: the numbers behind it and the verdict. */
    record Cell(String dataset, String model, List<Number> numbers, ClaimRules.Verdict verdict, String ours) {
    }

    /** A number behind a verdict: what it is, the paper's value (NaN if none), ours. */
    record Number(String quantity, double paper, SeedStats ours) {
    }

    /** A claim: its statement, the paper's number, the rule, the cells and the verdict over them. */
    record Claim(int id, String statement, String paper, String rule, String combination, List<Cell> cells,
                 ClaimRules.Verdict verdict) {
    }

    private Claims() {
    }

    static List<Claim> evaluate(ReproduceExperiment.Settings s, List<ReproduceTables.Unit> units) {
        return List.of(patterns(s, units), stages(s, units), detection(s, units), correlation(s, units));
    }

    private static List<String[]> cells(ReproduceExperiment.Settings s) {
        List<String[]> c = new ArrayList<>();
        for (String d : s.datasets()) {
            for (String m : s.models()) {
                c.add(new String[] {d, m});
            }
        }
        return c;
    }

    /** Value {@code i} over seeds of the row of table {@code name} whose key is (dataset, model, keys...). */
    private static SeedStats stat(List<ReproduceTables.Unit> units, String name, int i, Object... key) {
        Map<List<Object>, List<double[]>> g = ReproduceTables.groups(name, units);
        List<double[]> rows = g.get(List.of(key));
        if (rows == null) {
            throw new IllegalStateException("no " + name + " row " + List.of(key));
        }
        return ReproduceTables.stats(rows, i);
    }

    private static Claim patterns(ReproduceExperiment.Settings s, List<ReproduceTables.Unit> units) {
        List<Cell> cells = new ArrayList<>();
        for (String[] c : cells(s)) {
            SeedStats[] shares = new SeedStats[4];
            List<Number> nums = new ArrayList<>();
            StringBuilder ours = new StringBuilder();
            for (Pattern p : Pattern.values()) {
                shares[p.ordinal()] = stat(units, "patterns", 0, c[0], c[1], p.id());
                nums.add(new Number(p.id() + "_share_pct", ClaimRules.PAPER_SHARES[p.ordinal()], shares[p.ordinal()]));
                ours.append(ours.length() == 0 ? "" : "; ").append(p.label()).append(' ').append(shares[p.ordinal()].text(1))
                        .append('%');
            }
            cells.add(new Cell(c[0], c[1], nums, ClaimRules.patterns(shares), ours.toString()));
        }
        return claim(1, "Samples differ in how their influence changes over time: stable / early / late / fluctuating "
                        + "(DIT-G per epoch, signed, z-scored; threshold 0.45, p < 0.05)",
                "66.6 / 10.3 / 20.6 / 2.5 %", ClaimRules.RULE_PATTERNS, cells);
    }

    private static Claim stages(ReproduceExperiment.Settings s, List<ReproduceTables.Unit> units) {
        List<Cell> cells = new ArrayList<>();
        for (String[] c : cells(s)) {
            SeedStats g = stat(units, "stages", 2, c[0], c[1], "global");
            SeedStats l = stat(units, "stages", 2, c[0], c[1], "local");
            cells.add(new Cell(c[0], c[1], List.of(new Number("kendall_early_late_global", Double.NaN, g),
                    new Number("kendall_early_late_local", Double.NaN, l)), ClaimRules.stages(g, l),
                    "G " + g.text(3) + "; L " + l.text(3)));
        }
        return claim(2, "Influence in early windows correlates only weakly with influence in late windows (Kendall tau, "
                + "first vs last third of the epochs)", "weak (no number given)", ClaimRules.RULE_STAGES, cells);
    }

    private static Claim detection(ReproduceExperiment.Settings s, List<ReproduceTables.Unit> units) {
        String last = "DIT-G last" + s.lastK();
        List<Cell> cells = new ArrayList<>();
        for (String[] c : cells(s)) {
            List<Number> nums = new ArrayList<>();
            List<SeedStats> diffs = new ArrayList<>();
            StringBuilder ours = new StringBuilder();
            for (double rate : s.rates()) {
                List<Double> d = new ArrayList<>();
                for (ReproduceTables.Unit u : units) {
                    if (u.dataset().equals(c[0]) && u.model().equals(c[1])) {
                        d.add(precision(u, rate, last) - precision(u, rate, "DIT-G full"));
                    }
                }
                SeedStats st = SeedStats.over(d.stream().mapToDouble(Double::doubleValue).toArray());
                diffs.add(st);
                nums.add(new Number(String.format(Locale.ROOT, "precision_last_minus_full_rate%.2f", rate), Double.NaN, st));
                ours.append(ours.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%.0f%%: ", 100 * rate))
                        .append(st.text(3));
            }
            cells.add(new Cell(c[0], c[1], nums, ClaimRules.detection(diffs), "d = " + ours));
        }
        return claim(3, "Ranking by influence in the convergence period (last " + s.lastK() + " epochs) finds flipped labels "
                        + "better than the full-training ranking (precision@k, k = number flipped)",
                "better (above 98% for larger models)", ClaimRules.RULE_DETECTION, cells);
    }

    private static double precision(ReproduceTables.Unit u, double rate, String ranking) {
        for (List<Object> row : u.tables().get("detection")) {
            if (ReproduceTables.num(row.get(0)) == rate && row.get(2).equals(ranking)) {
                return ReproduceTables.num(row.get(6));
            }
        }
        throw new IllegalStateException("no detection row " + ranking + " at rate " + rate);
    }

    private static Claim correlation(ReproduceExperiment.Settings s, List<ReproduceTables.Unit> units) {
        List<Cell> cells = new ArrayList<>();
        for (String[] c : cells(s)) {
            SeedStats r = null;
            for (Map.Entry<List<Object>, List<double[]>> e : ReproduceTables.groups("correlation", units).entrySet()) {
                List<Object> k = e.getKey();
                if (k.get(0).equals(c[0]) && k.get(1).equals(c[1]) && k.subList(2, 6).equals(List.of("global", "dit", "window",
                        "full"))) {
                    r = ReproduceTables.stats(e.getValue(), 0);
                }
            }
            if (r == null) {
                throw new IllegalStateException("no DIT-G full correlation for " + c[0] + " " + c[1]);
            }
            cells.add(new Cell(c[0], c[1], List.of(new Number("pearson_dit_g_full", ClaimRules.PAPER_CORRELATION, r)),
                    ClaimRules.correlation(r), "r = " + r.text(3)));
        }
        List<ClaimRules.Verdict> v = cells.stream().map(Cell::verdict).toList();
        return new Claim(4, "DIT's correlation with the ground truth (exact leave-one-out) reaches 0.99", "up to 0.99",
                ClaimRules.RULE_CORRELATION, ClaimRules.RULE_BEST, cells, ClaimRules.best(v));
    }

    private static Claim claim(int id, String statement, String paper, String rule, List<Cell> cells) {
        List<ClaimRules.Verdict> v = cells.stream().map(Cell::verdict).toList();
        return new Claim(id, statement, paper, rule, ClaimRules.RULE_COMBINE, cells, ClaimRules.combine(v));
    }

    /** e.g. {@code 2 reproduced, 3 partly, 1 not reproduced (of 6 cells)}. */
    static String counts(Claim c) {
        Map<ClaimRules.Verdict, Integer> n = new LinkedHashMap<>();
        for (ClaimRules.Verdict v : ClaimRules.Verdict.values()) {
            n.put(v, 0);
        }
        c.cells().forEach(cell -> n.merge(cell.verdict(), 1, Integer::sum));
        StringBuilder b = new StringBuilder();
        n.forEach((v, k) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v.label));
        return b + " (of " + c.cells().size() + " dataset x model cells)";
    }
}
