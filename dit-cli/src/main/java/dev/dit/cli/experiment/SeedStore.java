package dev.dit.cli.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.dit.cli.Json;
import dev.dit.models.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished units of a reproduction, one JSON file per dataset × model × seed, each written
 * atomically (temp file, then rename) the moment the unit is done, so that a killed reproduction
 * loses at most the units that were running. A file counts only if it was made with the same
 * protocol ({@code fingerprint}: every setting and the dit version, not the seed count or the
 * number of workers); otherwise the unit is computed again and the file replaced.
 */
final class SeedStore {
    private final Path dir;
    private final String fingerprint;

    SeedStore(Path dir, String fingerprint) {
        this.dir = dir;
        this.fingerprint = fingerprint;
    }

    /** The file of a unit, e.g. {@code fashion-mnist-mini__logreg__s3.json}. */
    Path file(String dataset, String model, long seed) {
        return dir.resolve(Outputs.slug(dataset) + "__" + Outputs.slug(model) + "__s" + seed + ".json");
    }

    /** The stored unit, or null if there is none made with this protocol (or the file cannot be read). */
    ReproduceTables.Unit load(String dataset, String model, long seed) {
        Path f = file(dataset, model, seed);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            Map<String, Object> m = Json.MAPPER.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
            });
            if (!fingerprint.equals(m.get("fingerprint")) || !dataset.equals(m.get("dataset")) || !model.equals(m.get("model"))
                    || ((Number) m.get("seed")).longValue() != seed) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, List<List<Object>>> tables = (Map<String, List<List<Object>>>) m.get("tables");
            if (!tables.keySet().containsAll(ReproduceTables.NAMES)) {
                return null;
            }
            return new ReproduceTables.Unit(dataset, model, seed, tables);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or from another version: computed again
        }
    }

    /** Stores a unit atomically. */
    void save(String dataset, String model, long seed, Map<String, List<List<Object>>> tables) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", fingerprint);
        m.put("dataset", dataset);
        m.put("model", model);
        m.put("seed", seed);
        m.put("tables", tables);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        AtomicFile.writeString(file(dataset, model, seed), Json.text(m));
    }
}
