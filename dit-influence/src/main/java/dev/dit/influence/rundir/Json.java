package dev.dit.influence.rundir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * JSON for run directories and exports: field order as built, {@code \n} line ends on every
 * platform (so files are byte-identical everywhere), and strict typed access to required fields.
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Indented, ending with a newline. */
    static String pretty(JsonNode node) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON: " + e.getMessage(), e);
        }
    }

    /** One line, UTF-8. */
    static byte[] compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode parse(byte[] utf8, Path dir, String rel) throws RunDirectoryException {
        try {
            JsonNode n = MAPPER.readTree(utf8);
            if (n == null || !n.isObject()) {
                throw new RunDirectoryException(dir, rel, "expected a JSON object");
            }
            return n;
        } catch (IOException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new RunDirectoryException(dir, rel, "invalid JSON: " + first, e);
        }
    }

    static JsonNode parse(String text, Path dir, String rel) throws RunDirectoryException {
        return parse(text.getBytes(StandardCharsets.UTF_8), dir, rel);
    }

    /** Typed access to required fields by dotted path; a missing or mistyped field names itself. */
    static final class Fields {
        private final JsonNode root;
        private final Path dir;
        private final String rel;
        private final String prefix;

        Fields(JsonNode root, Path dir, String rel) {
            this(root, dir, rel, "");
        }

        private Fields(JsonNode root, Path dir, String rel, String prefix) {
            this.root = root;
            this.dir = dir;
            this.rel = rel;
            this.prefix = prefix;
        }

        JsonNode at(String path) throws RunDirectoryException {
            JsonNode n = root;
            for (String key : path.split("\\.")) {
                n = n.get(key);
                if (n == null || n.isNull()) {
                    throw bad(path, "is missing");
                }
            }
            return n;
        }

        RunDirectoryException bad(String path, String problem) {
            return new RunDirectoryException(dir, rel, "field '" + prefix + path + "' " + problem);
        }

        /** Whether the field exists (and is not {@code null}). */
        boolean has(String path) {
            JsonNode n = root;
            for (String key : path.split("\\.")) {
                n = n.get(key);
                if (n == null || n.isNull()) {
                    return false;
                }
            }
            return true;
        }

        /** An integer of at least {@code min}. */
        int intAt(String path, int min) throws RunDirectoryException {
            int v = intAt(path);
            if (v < min) {
                throw bad(path, "must be >= " + min + ", found " + v);
            }
            return v;
        }

        /** An array of numbers. */
        double[] doublesAt(String path) throws RunDirectoryException {
            JsonNode n = at(path);
            if (!n.isArray()) {
                throw bad(path, "must be an array of numbers");
            }
            double[] out = new double[n.size()];
            for (int i = 0; i < out.length; i++) {
                if (!n.get(i).isNumber()) {
                    throw bad(path + "[" + i + "]", "must be a number");
                }
                out[i] = n.get(i).asDouble();
            }
            return out;
        }

        String textAt(String path) throws RunDirectoryException {
            JsonNode n = at(path);
            if (!n.isTextual()) {
                throw bad(path, "must be a string");
            }
            return n.asText();
        }

        long longAt(String path) throws RunDirectoryException {
            JsonNode n = at(path);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw bad(path, "must be an integer");
            }
            return n.asLong();
        }

        int intAt(String path) throws RunDirectoryException {
            JsonNode n = at(path);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw bad(path, "must be an integer");
            }
            return n.asInt();
        }

        /** A number; also the strings "NaN", "Infinity", "-Infinity" that Jackson writes for those values. */
        double doubleAt(String path) throws RunDirectoryException {
            JsonNode n = at(path);
            if (n.isNumber()) {
                return n.asDouble();
            }
            if (n.isTextual()) {
                switch (n.asText()) {
                    case "NaN":
                        return Double.NaN;
                    case "Infinity":
                        return Double.POSITIVE_INFINITY;
                    case "-Infinity":
                        return Double.NEGATIVE_INFINITY;
                    default:
                        break;
                }
            }
            throw bad(path, "must be a number");
        }

        int[] intsAt(String path) throws RunDirectoryException {
            JsonNode n = at(path);
            if (!n.isArray()) {
                throw bad(path, "must be an array of integers");
            }
            int[] out = new int[n.size()];
            for (int i = 0; i < out.length; i++) {
                if (!n.get(i).isIntegralNumber() || !n.get(i).canConvertToInt()) {
                    throw bad(path, "must be an array of integers");
                }
                out[i] = n.get(i).asInt();
            }
            return out;
        }

        /** The field as an array node. */
        JsonNode arrayAt(String path) throws RunDirectoryException {
            JsonNode n = at(path);
            if (!n.isArray()) {
                throw bad(path, "must be an array");
            }
            return n;
        }

        /** Fields of the element {@code i} of the array at {@code path}, with paths like {@code log[2].epoch}. */
        Fields element(String path, int i) throws RunDirectoryException {
            JsonNode e = arrayAt(path).get(i);
            if (e == null || !e.isObject()) {
                throw bad(path + "[" + i + "]", "must be an object");
            }
            return new Fields(e, dir, rel, prefix + path + "[" + i + "].");
        }
    }
}
