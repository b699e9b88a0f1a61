package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.analysis.Detection;
import dev.dit.influence.analysis.Pattern;
import dev.dit.influence.analysis.Patterns;
import dev.dit.influence.analysis.Retraining;
import dev.dit.influence.analysis.Sampling;
import dev.dit.influence.analysis.Stages;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimator;
import dev.dit.influence.estimate.InfluenceFunctions;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.estimate.TracIn;
import dev.dit.influence.metrics.Correlation;
import dev.dit.influence.metrics.TopK;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.influence.truth.LeaveOneOut;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cell of the reproduction for one seed: a dataset, a model and a seed. Trains the clean run
 * and one run per flip rate, and measures everything the report needs from them with the existing
 * estimators, leave-one-out and studies; the result is a set of small tables
 * ({@link ReproduceTables}), which the reproduction stores as one file per unit.
 */
final class ReproduceUnit {
    /** The estimates compared with leave-one-out (DIT, then the baselines that estimate counterfactuals). */
    static final List<String> CORRELATION_METHODS = List.of("dit", TracIn.METHOD, InfluenceFunctions.METHOD);
    /**
     * The rankings retrained after removing / relabelling what they flag (names as {@link DetectionStudy.Ranking#name}):
     * DIT on the full run and on the convergence window {@code last:K}, and each baseline.
     */
    static List<String> retrained(int lastK) {
        List<String> out = new ArrayList<>(List.of("DIT-G full", "DIT-G last" + lastK, "DIT-L last" + lastK));
        for (String b : List.of(TracIn.METHOD, SelfInfluenceBaseline.NAME, InfluenceFunctions.METHOD, TrainingLossBaseline.NAME,
                RandomBaseline.NAME)) {
            out.add(b + " (full)");
        }
        return out;
    }

    private ReproduceUnit() {
    }

    /** Computes the unit's tables, keyed by {@link ReproduceTables} name, rows without the unit's key. */
    static Map<String, List<List<Object>>> compute(ReproduceExperiment.Settings s, String data, String model, long seed,
                                                   Feedback feedback) {
        Setup setup = s.setup(data, model, seed);
        Dataset pool = setup.pool();
        Map<String, List<List<Object>>> out = new LinkedHashMap<>();
        for (String t : ReproduceTables.NAMES) {
            out.put(t, new ArrayList<>());
        }
        Setup.Trained clean = setup.train(pool, model, seed, 0.0, feedback);
        training(out, 0.0, clean);
        Run run = clean.run();
        Query q = Queries.parse(setup.query(), run.val(), run.test());
        correlation(out, s, run, q, seed, feedback);
        patternsAndStages(out, setup, run, q);
        for (double rate : s.rates()) {
            Setup.Trained t = setup.train(pool, model, seed, rate, feedback);
            training(out, rate, t);
            detection(out, s, t, setup, rate, seed, feedback);
        }
        return out;
    }

    private static void training(Map<String, List<List<Object>>> out, double rate, Setup.Trained t) {
        var last = t.log().get(t.log().size() - 1);
        double test = new Retraining(t.run(), t.spec(), t.config()).originalTestAccuracy();
        out.get("training").add(List.of(rate, t.run().corrupted().length, last.trainAccuracy(), last.valAccuracy(), test));
    }

    /** DIT, TracIn and IF against leave-one-out, per window and in the two summaries over epochs. */
    private static void correlation(Map<String, List<List<Object>>> out, ReproduceExperiment.Settings s, Run run, Query q,
                                    long seed, Feedback feedback) {
        int[] bounds = run.trajectory().epochBoundaries();
        List<Window> windows = Windows.parse("full,epochs", bounds);
        int epochs = bounds.length - 1;
        int[] samples = Sampling.choose(run.n(), s.looSamples(), seed);
        Map<String, Estimator> all = Experiments.methods(seed);
        Map<String, Integer> named = new LinkedHashMap<>();
        named.put("full", 0);
        for (String w : List.of("first", "middle", "last")) {
            Window one = Windows.parse(w, bounds).get(0);
            named.put(w, 1 + Arrays.binarySearch(bounds, one.start()));
        }
        InfluenceMatrix influenceFunctions = null;
        for (Definition def : Definition.values()) {
            InfluenceMatrix truth;
            try (Feedback.Task task = feedback.task("leave-one-out " + Influences.letter(def), samples.length)) {
                truth = new LeaveOneOut(run, q, windows, def).compute(samples, 1, null, null, task);
            }
            for (String method : CORRELATION_METHODS) {
                // Influence functions describe the final model, the same under G and L: computed once.
                InfluenceMatrix est = method.equals(InfluenceFunctions.METHOD) && influenceFunctions != null
                        ? influenceFunctions : all.get(method).estimate(run, q, windows, def, Progress.NONE);
                if (method.equals(InfluenceFunctions.METHOD)) {
                    influenceFunctions = est;
                }
                for (Map.Entry<String, Integer> w : named.entrySet()) {
                    double[] a = est.column(w.getValue(), samples);
                    if (allFinite(a)) {
                        add(out, def, method, "window", w.getKey(), a, truth.column(w.getValue()));
                    }
                }
                if (method.equals(InfluenceFunctions.METHOD)) {
                    continue; // the final model only: no per-epoch values
                }
                double[] sumEst = new double[samples.length];
                double[] sumTrue = new double[samples.length];
                double[] local = new double[4];
                for (int e = 1; e <= epochs; e++) {
                    double[] a = est.column(e, samples);
                    double[] b = truth.column(e);
                    double[] m = metrics(a, b);
                    for (int k = 0; k < 4; k++) {
                        local[k] += m[k] / epochs;
                    }
                    for (int i = 0; i < a.length; i++) {
                        sumEst[i] += a[i];
                        sumTrue[i] += b[i];
                    }
                    row(out, def, method, "epoch", windows.get(e).label(), samples.length, m);
                }
                add(out, def, method, "global", "sum over epochs", sumEst, sumTrue);
                row(out, def, method, "local", "mean over epochs", samples.length, local);
            }
        }
    }

    private static void add(Map<String, List<List<Object>>> out, Definition def, String method, String summary, String window,
                            double[] a, double[] b) {
        row(out, def, method, summary, window, a.length, metrics(a, b));
    }

    private static void row(Map<String, List<List<Object>>> out, Definition def, String method, String summary, String window,
                            int n, double[] m) {
        out.get("correlation").add(List.of(def.id(), method, summary, window, n, m[0], m[1], m[2], m[3]));
    }

    /** Pearson, Spearman, Kendall τ-b, Jaccard of the top 30 % by |value|. */
    static double[] metrics(double[] a, double[] b) {
        int k = TopK.kForFraction(a.length, 0.3);
        return new double[] {Correlation.pearson(a, b), Correlation.spearman(a, b), Correlation.kendallTauB(a, b),
            TopK.jaccardByMagnitude(a, b, k)};
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Claim 1 on DIT-G per epoch (method.md §7's operating point), claim 2 on the thirds under G and L. */
    private static void patternsAndStages(Map<String, List<List<Object>>> out, Setup setup, Run run, Query q) {
        int[] bounds = run.trajectory().epochBoundaries();
        InfluenceMatrix perEpoch = Estimator.DIT.estimate(run, q, Windows.parse("epochs", bounds), Definition.GLOBAL,
                Progress.NONE);
        Patterns.Result r = Patterns.classify(Influences.values(perEpoch), Patterns.Options.DEFAULT);
        for (Pattern p : Pattern.values()) {
            out.get("patterns").add(List.of(p.id(), 100 * r.share(p)));
        }
        List<Window> thirds = Windows.parse(Stages.thirdsSpec(setup.epochs()), bounds);
        for (Definition def : Definition.values()) {
            double[][] v = Influences.values(Estimator.DIT.estimate(run, q, thirds, def, Progress.NONE));
            double[] c = Stages.all(Stages.column(v, 0), Stages.column(v, 2));
            out.get("stages").add(List.of(def.id(), c[0], c[1], c[2]));
        }
    }

    /** Claim 3: every ranking's detection, then retraining without / with swapped labels for the chosen ones. */
    private static void detection(Map<String, List<List<Object>>> out, ReproduceExperiment.Settings s, Setup.Trained t,
                                  Setup setup, double rate, long seed, Feedback feedback) {
        Run run = t.run();
        Map<String, Estimator> baselines = new LinkedHashMap<>(Baselines.registry(seed));
        baselines.put(SelfInfluenceBaseline.NAME, new SelfInfluenceBaseline());
        String windows = "full,first,middle,last,last:" + s.lastK();
        List<DetectionStudy.Row> rows = DetectionStudy.evaluate(DetectionStudy.rankings(run,
                Queries.parse(setup.query(), run.val(), run.test()), windows, List.of(Definition.GLOBAL, Definition.LOCAL),
                baselines, feedback), run.corruptedMask());
        Map<String, int[]> flagged = new LinkedHashMap<>();
        for (DetectionStudy.Row r : rows) {
            Detection.Result d = r.result();
            String name = r.ranking().name();
            out.get("detection").add(List.of(rate, d.k(), name, r.ranking().method(), r.ranking().definition(),
                    r.ranking().window(), d.precisionAtK(), d.recallAtK(), d.rocAuc()));
            flagged.put(name, d.flagged());
        }
        if (!s.retrain()) {
            return;
        }
        Retraining rt = new Retraining(run, t.spec(), t.config());
        for (String name : retrained(s.lastK())) {
            int[] f = flagged.get(name);
            if (f == null) {
                throw new IllegalStateException("no ranking named " + name + " among " + flagged.keySet());
            }
            out.get("retraining").add(List.of(rate, name, "remove", rt.testAccuracyWithout(f)));
            out.get("retraining").add(List.of(rate, name, "relabel", rt.testAccuracyRelabelled(f)));
        }
    }
}
