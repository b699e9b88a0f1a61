package dev.dit.influence.estimate;

import java.util.LinkedHashMap;
import java.util.Map;

/** Estimators by the names used on the command line and in files. */
public final class Estimators {
    private static final Map<String, Estimator> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("dit", Estimator.DIT);
        BY_NAME.put(TracIn.METHOD, (run, q, ws, d, p) -> new TracIn(run, q).estimate(ws, d, p));
        BY_NAME.put(TracInCP.METHOD, (run, q, ws, d, p) -> new TracInCP(run, q).estimate(ws, d, p));
        BY_NAME.put(AdamTracIn.METHOD, (run, q, ws, d, p) -> new AdamTracIn(run, q).estimate(ws, d, p));
        BY_NAME.put(InfluenceFunctions.METHOD, (run, q, ws, d, p) -> new InfluenceFunctions(run, q).estimate(ws, d, p));
    }

    private Estimators() {
    }

    /**
     * The estimator called {@code name}; the message of an unknown one lists the known names.
     *
     * @param name {@code dit}, {@code tracin}, {@code tracin-cp}, {@code tracin-adam} or {@code if}
     * @return the estimator
     * @throws IllegalArgumentException for an unknown name
     */
    public static Estimator byName(String name) {
        Estimator e = BY_NAME.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown method '" + name + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return e;
    }

    /** {@return all names} */
    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(BY_NAME.keySet());
    }
}
