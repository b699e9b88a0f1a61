package dev.dit.models.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The learning-rate schedule η_t. */
public enum LearningRate {
    /** η_t = η_0. */
    CONSTANT,
    /** η_t = η_0 / √(t + 1), t the global step. */
    SQRT;

    /**
     * η_t for base rate {@code eta0} at global step {@code t}.
     *
     * @param eta0 the base rate η_0
     * @param t the global step, from 0
     * @return η_t
     */
    public double at(double eta0, int t) {
        return this == CONSTANT ? eta0 : eta0 / Math.sqrt(t + 1.0);
    }

    /**
     * Parses {@code constant} or {@code sqrt}.
     *
     * @param s the name, case-insensitive ({@code none} means constant)
     * @return the schedule
     * @throws IllegalArgumentException for any other name
     */
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

    /** {@return the name used in files and on the command line: {@code "constant"} or {@code "sqrt"}} */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Strict inverse of {@link #id()}, as used when reading files: exactly {@code "constant"} or
     * {@code "sqrt"}; anything else throws {@link IllegalArgumentException}.
     *
     * @param id the name as written in a file
     * @return the schedule
     */
    @JsonCreator
    public static LearningRate fromId(String id) {
        for (LearningRate r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + id + "' (expected constant or sqrt)");
    }
}
