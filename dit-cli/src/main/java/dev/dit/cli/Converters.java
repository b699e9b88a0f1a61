package dev.dit.cli;

import dev.dit.cli.experiment.CorrelationExperiment;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.Estimators;
import dev.dit.models.ModelSpec;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainMetrics;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;

/**
 * Option converters that check a value while the command line is parsed, so that a bad value is a
 * usage error (exit 2) naming the flag, before anything is loaded, trained or written. Spec
 * options stay strings (the commands record them as given); their converters only check them.
 */
final class Converters {
    private Converters() {
    }

    /** A file or directory path; one the platform cannot represent (e.g. unmappable characters) is a usage error. */
    static final class Paths implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw Usage.conversion(value, "not a valid path on this system (" + e.getReason()
                        + "; check the locale, e.g. LANG=C.UTF-8)");
            }
        }
    }

    /** Any integer that fits 64 bits: seeds. */
    static final class Seeds implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw Usage.conversion(value, "not an integer" + (value.trim().matches("-?\\d+") ? " (too large)" : ""));
            }
        }
    }

    /** Registers the converters that apply to every option of a type, on {@code cl} and its subcommands. */
    static void registerDefaults(CommandLine cl) {
        cl.registerConverter(Path.class, new Paths());
        cl.registerConverter(Long.class, new Seeds());
        cl.registerConverter(Long.TYPE, new Seeds());
    }

    /** An integer of at least 1: sizes, epochs, batches, threads, resamples. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 1);
        }
    }

    /** An integer of at least 0. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 0);
        }
    }

    /** A finite number above 0: learning rates, tolerances. */
    static final class PositiveNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = number(value);
            if (!(v > 0)) {
                throw Usage.conversion(value, "must be a number above 0");
            }
            return v;
        }
    }

    /** A finite number of at least 0: L2 coefficients. */
    static final class NonNegativeNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = number(value);
            if (!(v >= 0)) {
                throw Usage.conversion(value, "must be a number >= 0");
            }
            return v;
        }
    }

    /** A fraction in [0, 1]. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return fraction(value, value);
        }
    }

    /** Comma-separated fractions in [0, 1], e.g. {@code 0.05,0.1}, checked and kept as given. */
    static final class Fractions implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            for (String item : items(value)) {
                fraction(value, item);
            }
            return value;
        }
    }

    /** Comma-separated integers, e.g. seeds {@code 1,2,3}, checked and kept as given. */
    static final class Longs implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            for (String item : items(value)) {
                try {
                    Long.parseLong(item);
                } catch (NumberFormatException e) {
                    throw Usage.conversion(value, "'" + item + "' is not an integer");
                }
            }
            return value;
        }
    }

    /** A learning-rate schedule: {@code constant}, {@code sqrt}, {@code step:E,GAMMA}, {@code cosine}, {@code warmup:K[,…]}. */
    static final class LearningRates implements ITypeConverter<LearningRate> {
        @Override
        public LearningRate convert(String value) {
            try {
                return LearningRate.parse(value);
            } catch (IllegalArgumentException e) {
                throw Usage.conversion(value, e.getMessage());
            }
        }
    }

    /** What the training log's loss and accuracy are ({@link TrainMetrics#parse}: batch-mean or exact). */
    static final class TrainMetricsConverter implements ITypeConverter<TrainMetrics> {
        @Override
        public TrainMetrics convert(String value) {
            try {
                return TrainMetrics.parse(value);
            } catch (IllegalArgumentException e) {
                throw Usage.conversion(value, e.getMessage());
            }
        }
    }

    /** An optimizer spec ({@link OptimizerSpec#parse}). */
    static final class Optimizers implements ITypeConverter<OptimizerSpec> {
        @Override
        public OptimizerSpec convert(String value) {
            try {
                return OptimizerSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw Usage.conversion(value, e.getMessage().contains("expected ") ? e.getMessage()
                        : e.getMessage() + " (expected " + OptimizerSpec.GRAMMAR + ")");
            }
        }
    }

    /** A model spec, checked and kept as given. */
    static final class ModelSpecs implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                ModelSpec.parse(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw Usage.conversion(value, e.getMessage());
            }
        }
    }

    /** A list of model specs ({@link CorrelationExperiment#models}), checked and kept as given. */
    static final class ModelLists implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                CorrelationExperiment.models(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw Usage.conversion(value, e.getMessage());
            }
        }
    }

    /** {@code global} or {@code local}, checked and kept as given. */
    static final class Definitions implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            for (String item : items(value)) {
                try {
                    Definition.parse(item);
                } catch (IllegalArgumentException e) {
                    throw Usage.conversion(value, "unknown definition '" + item + "' (global or local)");
                }
            }
            return value;
        }
    }

    /** An influence method known to {@link Estimators}, checked and kept as given. */
    static final class Methods implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Estimators.byName(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw Usage.conversion(value, e.getMessage());
            }
        }
    }

    /** {@code all} or a count of at least 1 (the upper bound is checked against the run). */
    static final class SampleCounts implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("all")) {
                atLeast(value, 1);
            }
            return value;
        }
    }

    private static int atLeast(String value, int min) {
        int v;
        try {
            v = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Usage.conversion(value, "not an integer" + (value.trim().matches("-?\\d+") ? " (too large)" : ""));
        }
        if (v < min) {
            throw Usage.conversion(value, "must be at least " + min);
        }
        return v;
    }

    private static double number(String value) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw Usage.conversion(value, "not a number");
        }
        if (!Double.isFinite(v)) {
            throw Usage.conversion(value, "must be finite");
        }
        return v;
    }

    private static double fraction(String whole, String item) {
        double v;
        try {
            v = Double.parseDouble(item.trim());
        } catch (NumberFormatException e) {
            throw Usage.conversion(whole, "'" + item + "' is not a number");
        }
        if (!(v >= 0 && v <= 1)) {
            throw Usage.conversion(whole, item + " is not a fraction in [0, 1]");
        }
        return v;
    }

    private static List<String> items(String value) {
        List<String> out = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            out.add(raw.trim());
        }
        return out;
    }
}
