package dev.dit.models.trajectory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the learning rate was scheduled, recorded for information: the per-step rates stored in the
 * trajectory are authoritative.
 */
public enum LrSchedule {
    /** The same rate at every step. */
    CONSTANT("constant"),
    /** The base rate divided by a square root of the step or epoch count (the trainer decides). */
    SQRT("sqrt");

    private final String id;

    LrSchedule(String id) {
        this.id = id;
    }

    /** The name used in files and on the command line: {@code "constant"} or {@code "sqrt"}. */
    @JsonValue
    public String id() {
        return id;
    }

    /** Parses {@link #id()}; throws {@link IllegalArgumentException} for anything else. */
    @JsonCreator
    public static LrSchedule of(String id) {
        for (LrSchedule s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + id + "' (expected constant or sqrt)");
    }
}
