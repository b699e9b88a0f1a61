package dev.dit.cli.experiment;

import dev.dit.influence.estimate.Estimator;
import dev.dit.models.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Pieces shared by the experiments: the config skeleton, the training table, the method list. */
final class Experiments {
    private Experiments() {
    }

    /** {@code experiment} name first, then the shared settings. */
    static Map<String, Object> config(String name, Setup setup) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", name);
        m.putAll(setup.toJson());
        return m;
    }

    /** DIT, then the registry's baselines. */
    static Map<String, Estimator> methods(long seed) {
        Map<String, Estimator> m = new LinkedHashMap<>();
        m.put("dit", Estimator.DIT);
        m.putAll(Baselines.registry(seed));
        return m;
    }

    /** The per-epoch training log as a table. */
    static Table trainingLog(List<Trainer.EpochLog> log) {
        Table t = new Table("epoch", "step", "train_loss", "train_accuracy", "val_loss", "val_accuracy");
        for (Trainer.EpochLog e : log) {
            t.add(e.epoch(), e.step(), e.trainLoss(), e.trainAccuracy(), e.valLoss(), e.valAccuracy());
        }
        return t;
    }

    /** The paragraph describing a run. */
    static String describe(Setup s, Setup.Trained t, double corrupt, double testAccuracy) {
        Trainer.EpochLog last = t.log().get(t.log().size() - 1);
        return String.format(Locale.ROOT, "Data %s: %d train (%d labels flipped, %.0f%%), %d validation, %d test. Model %s "
                        + "(%d parameters), %d epochs of %s, batch %d, lr %s with %s decay, L2 %s, seed %d. Final train accuracy "
                        + "%.3f, validation %.3f, test %.3f. Query %s; sign: influence = F(without j) - F(with j), negative = harmful.",
                s.data(), s.nTrain(), t.run().corrupted().length, 100 * corrupt, s.nVal(), s.nTest(), t.spec(),
                t.run().model().parameterCount(), s.epochs(), s.optimizerName(), s.batch(), s.lr(), s.decay().id(), s.l2(), t.config().seed(),
                last.trainAccuracy(), last.valAccuracy(), testAccuracy, s.query());
    }

    /** {@code 0.1234} as {@code 0.123}. */
    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
