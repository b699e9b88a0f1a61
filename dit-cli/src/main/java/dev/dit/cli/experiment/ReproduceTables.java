package dev.dit.cli.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables one reproduction unit produces (one dataset × model × seed), their columns, and their
 * summary over seeds. A table's first {@link #keys} columns say what a row is about; the others are
 * numbers, summarised as mean and 95 % interval over seeds ({@link SeedStats}).
 */
final class ReproduceTables {
    /** A table's key and value columns. */
    record Columns(List<String> keys, List<String> values) {
        List<String> all() {
            List<String> c = new ArrayList<>(keys);
            c.addAll(values);
            return c;
        }
    }

    static final Map<String, Columns> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("training", new Columns(List.of("rate", "flipped"), List.of("train_accuracy", "val_accuracy",
                "test_accuracy")));
        TABLES.put("correlation", new Columns(List.of("definition", "method", "summary", "window", "n"), List.of("pearson",
                "spearman", "kendall", "jaccard_top30pct")));
        TABLES.put("patterns", new Columns(List.of("pattern"), List.of("share_pct")));
        TABLES.put("stages", new Columns(List.of("definition"), List.of("pearson", "spearman", "kendall")));
        TABLES.put("detection", new Columns(List.of("rate", "k", "ranking", "method", "definition", "window"),
                List.of("precision_at_k", "recall_at_k", "roc_auc")));
        TABLES.put("retraining", new Columns(List.of("rate", "ranking", "action"), List.of("test_accuracy")));
    }

    /** The table names, in report order. */
    static final List<String> NAMES = List.copyOf(TABLES.keySet());

    /** The columns that lead every row of a table over units. */
    static final List<String> UNIT = List.of("dataset", "model", "seed");

    private ReproduceTables() {
    }

    /** The per-seed table: the unit's key, then the unit's row. */
    static Table perSeed(String name, List<Unit> units) {
        List<String> header = new ArrayList<>(UNIT);
        header.addAll(TABLES.get(name).all());
        Table t = new Table(header.toArray(String[]::new));
        for (Unit u : units) {
            for (List<Object> row : u.tables().get(name)) {
                List<Object> r = new ArrayList<>(List.of(u.dataset(), u.model(), u.seed()));
                r.addAll(row);
                t.add(r.toArray());
            }
        }
        return t;
    }

    /** Rows of a table grouped by dataset, model and key columns (first-seen order), each a value matrix [seed][value]. */
    static Map<List<Object>, List<double[]>> groups(String name, List<Unit> units) {
        Columns c = TABLES.get(name);
        Map<List<Object>, List<double[]>> g = new LinkedHashMap<>();
        for (Unit u : units) {
            for (List<Object> row : u.tables().get(name)) {
                List<Object> key = new ArrayList<>(List.of(u.dataset(), u.model()));
                key.addAll(row.subList(0, c.keys().size()));
                double[] v = new double[c.values().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = num(row.get(c.keys().size() + i));
                }
                g.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            }
        }
        return g;
    }

    /** The summary over seeds: dataset, model, keys, n_seeds, then mean / lo / hi of each value. */
    static Table summary(String name, List<Unit> units) {
        Columns c = TABLES.get(name);
        List<String> header = new ArrayList<>(List.of("dataset", "model"));
        header.addAll(c.keys());
        header.add("n_seeds");
        for (String v : c.values()) {
            header.add(v + "_mean");
            header.add(v + "_lo");
            header.add(v + "_hi");
        }
        Table t = new Table(header.toArray(String[]::new))
                .noValue((row, column) -> "undefined: fewer than two seeds, or constant values");
        for (Map.Entry<List<Object>, List<double[]>> e : groups(name, units).entrySet()) {
            List<Object> row = new ArrayList<>(e.getKey());
            row.add(e.getValue().size());
            for (int i = 0; i < c.values().size(); i++) {
                SeedStats s = stats(e.getValue(), i);
                row.add(s.mean());
                row.add(s.lo());
                row.add(s.hi());
            }
            t.add(row.toArray());
        }
        return t;
    }

    /** Value {@code i} of every seed, summarised. */
    static SeedStats stats(List<double[]> seeds, int i) {
        double[] v = new double[seeds.size()];
        for (int s = 0; s < v.length; s++) {
            v[s] = seeds.get(s)[i];
        }
        return SeedStats.over(v);
    }

    /** A stored cell as a double: a number, or the string Jackson writes for NaN and infinities. */
    static double num(Object cell) {
        return cell instanceof Number n ? n.doubleValue() : Double.parseDouble(cell.toString());
    }

    /** One unit's result. */
    record Unit(String dataset, String model, long seed, Map<String, List<List<Object>>> tables) {
    }
}
