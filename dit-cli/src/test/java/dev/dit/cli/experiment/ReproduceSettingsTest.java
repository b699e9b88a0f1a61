package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReproduceSettingsTest {
    private static ReproduceExperiment.Settings settings(List<Long> seeds, int workers) {
        return ReproduceExperiment.Settings.protocol(seeds, true, java.nio.file.Path.of("/nonexistent"), workers, "v");
    }

    /**
     * The fingerprint decides whether a stored unit is reused by a later process: no map in it may
     * iterate in an order that changes from one JVM to the next (Map.of / Set.of do).
     */
    @Test
    void fingerprintHasNoHashOrderedMaps() {
        walk(settings(List.of(1L, 2L), 2).protocolJson());
    }

    private static void walk(Object o) {
        if (o instanceof Map<?, ?> m) {
            assertFalse(m.getClass().getName().contains("ImmutableCollections"), "Map.of in the fingerprint: " + m);
            m.values().forEach(ReproduceSettingsTest::walk);
        } else if (o instanceof List<?> l) {
            l.forEach(ReproduceSettingsTest::walk);
        }
    }

    @Test
    void fingerprintIgnoresSeedsAndWorkersButNotTheProtocol() {
        String f = settings(List.of(1L, 2L), 2).fingerprint();
        assertEquals(f, settings(List.of(1L, 2L, 3L), 1).fingerprint());
        assertNotEquals(f, ReproduceExperiment.Settings.protocol(List.of(1L, 2L), false, java.nio.file.Path.of("/nonexistent"), 2, "v")
                .fingerprint());
        assertNotEquals(f, ReproduceExperiment.Settings.protocol(List.of(1L, 2L), true, java.nio.file.Path.of("/nonexistent"), 2, "w")
                .fingerprint()); // another dit version
    }

    @Test
    void checksItsSettings() {
        assertThrows(IllegalArgumentException.class,
                () -> ReproduceExperiment.Settings.protocol(List.of(1L), true, null, 2, "v"));
        assertThrows(IllegalArgumentException.class,
                () -> ReproduceExperiment.Settings.protocol(List.of(3L, 3L), true, null, 2, "v"));
    }
}
