package dev.dit.models.data;

import java.util.Locale;

/**
 * Whether a run's features are standardised before training ({@link Standardizer}, fitted on the
 * training split only and applied to every split).
 */
public enum FeatureScaling {
    /** Features as loaded. */
    NONE("none"),
    /** Per-feature z-scores {@code (x − mean) / std}; a constant feature is only centred. */
    Z("z");

    private final String id;

    FeatureScaling(String id) {
        this.id = id;
    }

    /**
     * The name used in specs and files.
     *
     * @return {@code none} or {@code z}
     */
    public String id() {
        return id;
    }

    /**
     * @param id {@code none} or {@code z} (case-insensitive)
     * @return the scaling
     * @throws IllegalArgumentException for anything else
     */
    public static FeatureScaling parse(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (FeatureScaling f : values()) {
            if (f.id.equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown standardisation '" + id + "': expected none or z");
    }

    /**
     * The default for a data spec ({@link DataSpec}): {@link #Z} for {@code csv:} data, whose
     * columns come in arbitrary units, {@link #NONE} for images (pixels already in [0, 1]) and the
     * synthetic sets, which keeps their runs identical to those made before standardisation existed.
     *
     * @param dataSpec the run's data spec, e.g. {@code csv:data.csv}; {@code null} counts as not CSV
     * @return {@link #Z} if the spec starts with {@code csv:}, else {@link #NONE}
     */
    public static FeatureScaling defaultFor(String dataSpec) {
        return dataSpec != null && dataSpec.trim().startsWith("csv:") ? Z : NONE;
    }
}
