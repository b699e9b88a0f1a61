package dev.dit.models.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Options of a spec written {@code key=value,key=value}, with typed getters that give defaults
 * for absent keys, and a check that no unknown key was given.
 */
final class SpecOptions {

    private final String spec;
    private final Map<String, String> values = new LinkedHashMap<>();

    private SpecOptions(String spec) {
        this.spec = spec;
    }

    /**
     * @param spec    the whole spec, for messages
     * @param options the part after the kind, may be null or empty
     * @param allowed the keys that may appear
     */
    static SpecOptions parse(String spec, String options, Set<String> allowed) {
        SpecOptions o = new SpecOptions(spec);
        if (options == null || options.isBlank()) {
            return o;
        }
        for (String item : options.split(",", -1)) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("spec '" + spec + "': expected key=value, found '" + item + "'");
            }
            String key = item.substring(0, eq).trim();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("spec '" + spec + "': unknown option '" + key + "'; allowed: "
                        + String.join(", ", allowed));
            }
            if (o.values.put(key, item.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("spec '" + spec + "': option '" + key + "' given twice");
            }
        }
        return o;
    }

    int getInt(String key, int defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spec '" + spec + "': option " + key + " must be an integer, found '" + v + "'", e);
        }
    }

    long getLong(String key, long defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("spec '" + spec + "': option " + key + " must be an integer, found '" + v + "'", e);
        }
    }

    double getDouble(String key, double defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            double x = Double.parseDouble(v);
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("spec '" + spec + "': option " + key + " must be a finite number, found '" + v + "'");
    }
}
