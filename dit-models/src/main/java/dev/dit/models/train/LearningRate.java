package dev.dit.models.train;

import java.util.Locale;

/** The learning-rate schedule η_t. */
public enum LearningRate {
    /** η_t = η_0. */
    CONSTANT,
    /** η_t = η_0 / √(t + 1), t the global step. */
    SQRT;

    /** η_t for base rate {@code eta0} at global step {@code t}. */
    public double at(double eta0, int t) {
        return this == CONSTANT ? eta0 : eta0 / Math.sqrt(t + 1.0);
    }

    /** Parses {@code constant} or {@code sqrt}. */
    public static LearningRate parse(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "constant":
            case "none":
                return CONSTANT;
            case "sqrt":
                return SQRT;
            default:
                throw new IllegalArgumentException("unknown learning-rate decay '" + s + "' (constant, sqrt)");
        }
    }

    /** The name used in files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
