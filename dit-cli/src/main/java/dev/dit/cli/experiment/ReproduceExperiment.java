package dev.dit.cli.experiment;

import dev.dit.models.data.FashionMnist;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code dit experiment reproduce}: the DIT paper's protocol (method.md §7) on every dataset at
 * hand, for logistic regression, an MLP and a CNN, over several seeds, with a verdict per claim.
 * The work is cut into units (dataset × model × seed, {@link ReproduceUnit}); each finished unit
 * is stored at once in the seed directory ({@link SeedStore}), so a killed run restarts where it
 * stopped, and units run in parallel, one per worker. The report is built only from the stored
 * units, in a fixed order, so it does not depend on the number of workers or on interruptions.
 */
public final class ReproduceExperiment {
    /** The bundled Fashion-MNIST subset (pullover vs coat), always available. */
    public static final String BUNDLED = "fashion-mnist-mini";
    /** Epochs of the {@code --quick} protocol. */
    static final int QUICK_EPOCHS = 12;
    /** The Fashion-MNIST pairs added when the full data set is installed. */
    public static final List<String> PAIRS = List.of("fashion-mnist:tshirt,shirt", "fashion-mnist:sandal,sneaker");

    /**
     * The protocol and how to run it.
     *
     * @param datasets data specs
     * @param models model specs
     * @param seeds training seeds (each also seeds the split and the flipped labels)
     * @param quick whether this is the reduced {@code --quick} protocol (labelled so in the report)
     * @param nTrain training samples
     * @param nVal validation samples
     * @param nTest test samples
     * @param epochs epochs
     * @param batch batch size
     * @param lr base learning rate per model spec (decayed as η/√(t+1))
     * @param l2 L2 coefficient
     * @param looSamples training samples given leave-one-out ground truth
     * @param rates label-flip rates for claim 3
     * @param lastK the convergence window is the last K epochs
     * @param retrain whether to retrain after removing / relabelling the flagged samples
     * @param dataDir Fashion-MNIST directory, or null for the default
     * @param workers units computed at once
     * @param ditVersion the dit version
     */
    public record Settings(List<String> datasets, List<String> models, List<Long> seeds, boolean quick, int nTrain, int nVal,
                           int nTest, int epochs, int batch, Map<String, Double> lr, double l2, int looSamples, List<Double> rates,
                           int lastK, boolean retrain, Path dataDir, int workers, String ditVersion) {
        /** Checks the settings. */
        public Settings {
            if (seeds.size() < 2 || new java.util.HashSet<>(seeds).size() != seeds.size()) {
                throw new IllegalArgumentException("a reproduction needs at least 2 different seeds for its intervals, got "
                        + seeds);
            }
            if (lastK < 1 || lastK >= epochs) {
                throw new IllegalArgumentException("the convergence window needs 1 <= K < epochs, got K = " + lastK);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            for (String m : models) {
                if (!lr.containsKey(m)) {
                    throw new IllegalArgumentException("no learning rate for model " + m);
                }
            }
            lr = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lr));
            datasets = List.copyOf(datasets);
            models = List.copyOf(models);
            seeds = List.copyOf(seeds);
            rates = List.copyOf(rates);
        }

        /**
         * The authors' protocol (method.md §7): 256/256/256 samples, 21 epochs, batch 64, lr 0.1
         * with η/√(t+1), L2 1e-3, logistic regression, a one-hidden-layer ReLU MLP of width 8 and
         * a small CNN; flip rates 5/10/20/30 %. {@code quick} cuts epochs, leave-one-out samples and
         * rates so that the run takes minutes.
         *
         * @param seeds the training seeds
         * @param quick the reduced protocol
         * @param dataDir Fashion-MNIST directory, or null
         * @param workers units at once
         * @param version dit version
         * @return the settings
         */
        public static Settings protocol(List<Long> seeds, boolean quick, Path dataDir, int workers, String version) {
            List<String> data = new ArrayList<>(List.of(BUNDLED));
            Path dir = dataDir != null ? dataDir : FashionMnist.DEFAULT_DIR;
            if (Files.isDirectory(dir)) {
                data.addAll(quick ? PAIRS.subList(0, 1) : PAIRS);
            }
            List<Long> s = seeds;
            Map<String, Double> lr = new LinkedHashMap<>();
            lr.put("logreg", 0.1); // the authors' rate (method.md §7)
            lr.put("mlp:8", 0.1);
            lr.put("cnn:4,8", 0.5); // at 0.1 the CNN stayed at chance (train accuracy 0.50 after 21 epochs, seed 1)
            List<String> models = List.copyOf(lr.keySet());
            return quick
                    ? new Settings(data, models, s, true, 256, 256, 256, QUICK_EPOCHS, 64, lr, 1e-3, 16, List.of(0.1, 0.3), 3, true,
                    dataDir, workers, version)
                    : new Settings(data, models, s, false, 256, 256, 256, 21, 64, lr, 1e-3, 64, List.of(0.05, 0.1, 0.2, 0.3), 3,
                    true, dataDir, workers, version);
        }

        /** The shared settings of one unit's runs: split and flipped labels seeded by {@code seed}. */
        Setup setup(String data, String model, long seed) {
            return new Setup(data, dataDir, nTrain, nVal, nTest, seed, seed, epochs, batch, lr.get(model), LearningRate.SQRT, l2,
                    "val-loss", 1, 1, 0, ditVersion, FeatureScaling.NONE);
        }

        /** Everything but the seeds and the workers: what a stored unit must have been computed with. */
        Map<String, Object> protocolJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dit_version", ditVersion);
            m.put("quick", quick);
            m.put("datasets", datasets);
            m.put("data_dir", dataDir == null ? null : dataDir.toString());
            m.put("models", models);
            m.put("n_train", nTrain);
            m.put("n_val", nVal);
            m.put("n_test", nTest);
            m.put("epochs", epochs);
            m.put("batch", batch);
            m.put("lr", lr);
            m.put("decay", LearningRate.SQRT.id());
            m.put("l2", l2);
            m.put("optimizer", "sgd");
            m.put("query", "val-loss");
            m.put("split_and_corrupt_seed", "the training seed");
            m.put("loo_samples", looSamples);
            m.put("windows", "full,first,middle,last and every epoch");
            m.put("rates", rates);
            m.put("convergence_window", "last:" + lastK);
            // A LinkedHashMap, not Map.of: Map.of's order changes from one JVM to the next, and the fingerprint
            // (which decides whether a stored unit is reused) must not.
            Map<String, Object> patterns = new LinkedHashMap<>();
            patterns.put("definition", "global");
            patterns.put("signed", true);
            patterns.put("fluctuation_threshold", dev.dit.influence.analysis.Patterns.Options.DEFAULT.fluctuationThreshold());
            patterns.put("alpha", dev.dit.influence.analysis.Patterns.Options.DEFAULT.alpha());
            m.put("pattern_options", patterns);
            m.put("retrain", retrain);
            return m;
        }

        /** The fingerprint of {@link #protocolJson}. */
        String fingerprint() {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(dev.dit.cli.Json.text(protocolJson()).getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing", e); // every JVM has it
            }
        }
    }

    /** Called after each unit is stored (tests stop a run here to imitate a kill). */
    @FunctionalInterface
    interface UnitListener {
        void stored(String dataset, String model, long seed);
    }

    private ReproduceExperiment() {
    }

    /**
     * Runs the reproduction: computes the units not yet in {@code seedDir}, then writes the report
     * into {@code out}.
     *
     * @param s the settings
     * @param out the (staged) report directory
     * @param seedDir where finished units are kept across runs
     * @param feedback progress
     * @return summary lines
     */
    public static List<String> run(Settings s, Path out, Path seedDir, Feedback feedback) {
        return run(s, out, seedDir, feedback, (d, m, seed) -> {
        });
    }

    static List<String> run(Settings s, Path out, Path seedDir, Feedback feedback, UnitListener listener) {
        SeedStore store = new SeedStore(seedDir, s.fingerprint());
        List<ReproduceTables.Unit> units = computeAll(s, store, feedback, listener);
        return ReproduceReport.write(s, units, out);
    }

    /** Every unit, computed or loaded, in the fixed order dataset, model, seed. */
    private static List<ReproduceTables.Unit> computeAll(Settings s, SeedStore store, Feedback feedback,
                                                         UnitListener listener) {
        List<Object[]> todo = new ArrayList<>();
        for (String d : s.datasets()) {
            for (String m : s.models()) {
                for (long seed : s.seeds()) {
                    if (store.load(d, m, seed) == null) {
                        todo.add(new Object[] {d, m, seed});
                    }
                }
            }
        }
        if (!todo.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(s.workers(), todo.size()),
                    dev.dit.autodiff.kernel.Parallel.outerWorkers("dit-reproduce"));
            try (Feedback.Task task = feedback.task("reproduction units", todo.size())) {
                java.util.concurrent.CompletionService<Object[]> cs = new java.util.concurrent.ExecutorCompletionService<>(pool);
                for (Object[] u : todo) {
                    String d = (String) u[0];
                    String m = (String) u[1];
                    long seed = (Long) u[2];
                    cs.submit(() -> {
                        try {
                            store.save(d, m, seed, ReproduceUnit.compute(s, d, m, seed, Feedback.SILENT));
                        } catch (RuntimeException e) {
                            throw new IllegalStateException("unit " + d + " " + m + " seed " + seed + ": "
                                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
                        }
                        listener.stored(d, m, seed);
                        return u;
                    });
                }
                // Take units as they finish, so that a failing unit stops the run at once.
                for (int done = 1; done <= todo.size(); done++) {
                    cs.take().get();
                    task.update(done, todo.size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
            } finally {
                pool.shutdownNow();
                try {
                    pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        List<ReproduceTables.Unit> units = new ArrayList<>();
        for (String d : s.datasets()) {
            for (String m : s.models()) {
                for (long seed : s.seeds()) {
                    ReproduceTables.Unit u = store.load(d, m, seed);
                    if (u == null) {
                        throw new IllegalStateException("unit " + d + " " + m + " seed " + seed + " was not stored in "
                                + store.file(d, m, seed));
                    }
                    units.add(u);
                }
            }
        }
        return units;
    }
}
