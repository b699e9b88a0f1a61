package dev.dit.cli.experiment;

import dev.dit.influence.analysis.Retraining;
import dev.dit.influence.analysis.Sampling;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.query.Queries;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dit experiment correlation}: DIT and the registry's baselines against leave-one-out
 * ground truth (method.md §5, §7 claim 4), for several models, windows and training seeds, under
 * both definitions.
 */
public final class CorrelationExperiment {
    /**
     * @param setup shared settings
     * @param models model specs
     * @param windows window spec, e.g. {@code full,first,middle,last}
     * @param seeds training seeds
     * @param corrupt fraction of training labels flipped (usually 0)
     * @param looSamples training samples given ground truth (≤ 0 or ≥ n: all)
     * @param looSeed seed choosing them (and of the random baseline)
     */
    public record Settings(Setup setup, List<String> models, String windows, List<Long> seeds, double corrupt,
                           int looSamples, long looSeed) {
    }

    private CorrelationExperiment() {
    }

    /**
     * Splits a model list into canonical specs, each checked. With a {@code ;} anywhere the items are
     * separated by {@code ;} and each is any model, a layer list or {@code @model.json} included:
     * {@code logreg;flatten,layernorm,dense(16),gelu,dense}. Without one, the older comma list of
     * {@code logreg}, {@code mlp:…}, {@code cnn:…} and {@code @FILE} items, where an item that starts
     * with a digit continues the previous spec (layer sizes contain commas): {@code
     * logreg,mlp:16:tanh,cnn:4,8} gives {@code logreg}, {@code mlp:16:tanh} and {@code cnn:4,8}; a
     * layer there is refused with a hint to use {@code ;}. The same model twice is refused.
     *
     * @param list the list as typed
     * @return the canonical specs, in order
     * @throws IllegalArgumentException for a malformed list or spec, in one line
     */
    public static List<String> models(String list) {
        List<String> items = new ArrayList<>();
        if (list.contains(";")) {
            for (String raw : list.split(";", -1)) {
                items.add(item(list, raw));
            }
        } else {
            for (String raw : list.split(",", -1)) {
                String item = item(list, raw);
                String lower = item.toLowerCase(java.util.Locale.ROOT);
                if (Character.isDigit(item.charAt(0))) {
                    if (items.isEmpty()) {
                        throw new IllegalArgumentException("model list '" + list + "' starts with a number");
                    }
                    items.set(items.size() - 1, items.get(items.size() - 1) + "," + item);
                } else if (lower.startsWith("logreg") || lower.startsWith("mlp") || lower.startsWith("cnn")
                        || item.startsWith("@")) {
                    items.add(item);
                } else {
                    throw new IllegalArgumentException("model list '" + list + "': '" + item + "' is not logreg, mlp:…,"
                            + " cnn:… or @FILE; separate the models with ';' when one is a layer list (e.g."
                            + " 'logreg;flatten,dense(16),gelu,dense'), or give each with --model");
                }
            }
        }
        return canonical(items);
    }

    /**
     * Checks each of the models given one by one ({@code --model SPEC}, repeated) and returns their
     * canonical specs.
     *
     * @param specs one spec each: an alias, a layer list or {@code @model.json}
     * @return the canonical specs, in order
     * @throws IllegalArgumentException for a malformed spec or the same model twice
     */
    public static List<String> models(List<String> specs) {
        List<String> items = new ArrayList<>();
        for (String s : specs) {
            items.add(item(s, s));
        }
        return canonical(items);
    }

    private static String item(String list, String raw) {
        String item = raw.trim();
        if (item.isEmpty()) {
            throw new IllegalArgumentException("empty item in model list '" + list + "'");
        }
        return item;
    }

    private static List<String> canonical(List<String> items) {
        List<String> out = new ArrayList<>();
        for (String item : items) {
            String spec = dev.dit.models.ModelSpec.parse(item).toString();
            if (out.contains(spec)) {
                throw new IllegalArgumentException("model " + spec + " is listed twice"
                        + (spec.equals(item) ? "" : " (as " + item + ")"));
            }
            for (String o : out) {
                if (Outputs.modelTag(o).equals(Outputs.modelTag(spec))) {
                    throw new IllegalArgumentException("models " + o + " and " + spec + " would share the file names "
                            + "*_" + Outputs.modelTag(spec) + "_s*; list one of them in another experiment");
                }
            }
            out.add(spec);
        }
        return out;
    }

    /** Runs the experiment into {@code dir}; returns a short summary, one line per element. */
    public static List<String> run(Settings s, Path dir, Feedback feedback) {
        Setup setup = s.setup();
        Map<String, Object> config = Experiments.config("correlation", setup);
        config.put("models", s.models());
        config.put("windows", s.windows());
        config.put("seeds", s.seeds());
        config.put("corrupt_fraction", s.corrupt());
        config.put("loo_samples", Sampling.effectiveCount(setup.nTrain(), s.looSamples())); // as used, not as asked
        config.put("loo_seed", s.looSeed());
        config.put("definitions", List.of("global", "local"));
        config.put("methods", List.copyOf(Experiments.methods(s.looSeed()).keySet()));
        Outputs out = new Outputs(dir, "DIT vs leave-one-out: correlation");
        out.config(config);
        Dataset pool = setup.pool();
        String[] lead = {"model", "seed"};
        List<String> columns = new ArrayList<>(List.of(lead));
        columns.addAll(List.of(AgreementStudy.COLUMNS));
        Table all = new Table(columns.toArray(String[]::new));
        Table training = new Table("model", "seed", "parameters", "train_accuracy", "val_accuracy", "test_accuracy");
        List<String> summary = new ArrayList<>();
        List<AgreementStudy.Entry> ditEntries = new ArrayList<>();
        Map<AgreementStudy.Entry, String> runOf = new java.util.IdentityHashMap<>();
        StringBuilder accuracies = new StringBuilder("Test accuracy:");
        Setup.Trained last = null;
        out.section("Setup");
        out.paragraph("Each estimate is compared with exact leave-one-out retraining of its own definition (G: sample removed "
                + "from the whole run; L: removed only inside the window) on the same samples. Agreement: Pearson r, Spearman rho, "
                + "Kendall tau-b, Jaccard overlap of the top-10% by |influence|, each with a " + setup.bootstrap()
                + "-resample bootstrap 95% interval.");
        for (String model : s.models()) {
            for (long seed : s.seeds()) {
                Setup.Trained t = setup.train(pool, model, seed, s.corrupt(), feedback);
                double testAcc = new Retraining(t.run(), t.spec(), t.config()).originalTestAccuracy();
                String tag = Outputs.modelTag(t.spec().toString()) + "_s" + seed;
                List<Window> windows = Windows.parse(s.windows(), t.run().trajectory().epochBoundaries());
                int[] samples = Sampling.choose(t.run().n(), s.looSamples(), s.looSeed());
                AgreementStudy.Result r = AgreementStudy.run(out, tag, t.run(),
                        Queries.parse(setup.query(), t.run().val(), t.run().test()), windows, Experiments.methods(s.looSeed()),
                        samples, setup, feedback);
                Table one = new Table(AgreementStudy.COLUMNS).noValue(AgreementStudy.noValue(t.run().trajectory().steps()));
                all.noValue(AgreementStudy.noValue(t.run().trajectory().steps()));
                last = t;
                accuracies.append(String.format(Locale.ROOT, " %s seed %d %.3f;", t.spec(), seed, testAcc));
                for (AgreementStudy.Entry e : r.entries()) {
                    if (e.method().equals("dit")) {
                        ditEntries.add(e);
                        runOf.put(e, Glance.estimate(e) + ", " + t.spec() + " seed " + seed);
                    }
                }
                for (AgreementStudy.Entry e : r.entries()) {
                    Object[] cells = AgreementStudy.cells(e);
                    one.add(cells);
                    Object[] row = new Object[cells.length + 2];
                    row[0] = t.spec().toString();
                    row[1] = seed;
                    System.arraycopy(cells, 0, row, 2, cells.length);
                    all.add(row);
                }
                training.add(t.spec().toString(), seed, t.run().model().parameterCount(),
                        t.log().get(t.log().size() - 1).trainAccuracy(), t.log().get(t.log().size() - 1).valAccuracy(), testAcc);
                out.section("Model " + t.spec() + ", seed " + seed);
                out.paragraph(Experiments.describe(setup, t, s.corrupt(), testAcc) + " Leave-one-out on " + samples.length
                        + " samples (seed " + s.looSeed() + ").");
                out.data("agreement_" + tag, one);
                out.show("Agreement of every method, " + t.spec() + " seed " + seed, one,
                        "Files: agreement_" + tag + ".csv, agreement_" + tag + ".json");
                r.draw(out);
                TrustStudy.run(out, tag, " (" + t.spec() + ", seed " + seed + ")", t.run(),
                        Queries.parse(setup.query(), t.run().val(), t.run().test()), windows, TrustStudy.DEFAULT_K, s.looSeed(),
                        setup.threads(), feedback);
                summary.add(headline(t.spec() + " seed " + seed, r.entries(), windows));
            }
        }
        out.section("All agreement rows");
        out.table("agreement", "All agreement rows", all);
        out.table("training", "Accuracy of every trained model", training);
        out.summary(new Glance()
                .data(setup.data(), setup.nTrain(), setup.nVal(), setup.nTest(), last.run().corrupted().length, setup.query())
                .model(String.format(Locale.ROOT, "%s; seeds %s; %d epochs of %s, batch %d, lr %s with %s decay, L2 %s.",
                        String.join(", ", s.models()),
                        String.join(", ", s.seeds().stream().map(String::valueOf).toList()), setup.epochs(), setup.optimizerName(), setup.batch(), setup.lr(), setup.decay().id(),
                        setup.l2()))
                .training(accuracies.substring(0, accuracies.length() - 1) + ".")
                .agreementBySpearman("Spearman \u03C1 of DIT against exact leave-one-out retraining of the same "
                        + "definition (G: the sample removed from the whole run; L: only inside the window) on " + s.looSamples()
                        + " seeded samples per run (all if that is not below n), by window; 95% bootstrap intervals in "
                        + "brackets. Pearson, Kendall and the baselines are in the full tables.", ditEntries, runOf::get)
                .build());
        Path html = out.finish();
        summary.add("report: " + html);
        return summary;
    }

    /** e.g. {@code logreg seed 1: DIT-G full r=0.99 rho=0.98 tau=0.91 | DIT-L last r=...}. */
    static String headline(String what, List<AgreementStudy.Entry> entries, List<Window> windows) {
        StringBuilder b = new StringBuilder(what).append(':');
        for (Definition d : Definition.values()) {
            for (Window w : windows) {
                AgreementStudy.Entry e = AgreementStudy.find(entries, d, "dit", w.label());
                if (e != null) {
                    b.append(String.format(Locale.ROOT, " %s-%s %s/%s/%s", Influences.letter(d), w.label(),
                            Experiments.f3(e.agreement().pearson().value()), Experiments.f3(e.agreement().spearman().value()),
                            Experiments.f3(e.agreement().kendall().value())));
                }
            }
        }
        return b.append("  (DIT vs LOO, r/rho/tau)").toString();
    }
}
