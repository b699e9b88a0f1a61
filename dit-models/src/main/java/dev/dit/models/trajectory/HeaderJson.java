package dev.dit.models.trajectory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The header block's JSON encoding: compact, fixed field order, strict on reading. */
final class HeaderJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private HeaderJson() {
    }

    static byte[] encode(TrajectoryHeader h) {
        try {
            return MAPPER.writeValueAsBytes(h);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode trajectory header: " + e.getMessage(), e);
        }
    }

    /** Parses and validates; any problem surfaces as an IOException (Jackson wraps validation errors). */
    static TrajectoryHeader decode(byte[] utf8) throws IOException {
        com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(utf8);
        if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.path("formatVersion").asInt() == 1
                && !o.has("optimizer")) {
            o.putNull("optimizer"); // version 1 predates optimizers: every such run is plain SGD
        }
        return MAPPER.treeToValue(tree, TrajectoryHeader.class);
    }

    /** Human-readable JSON of a header, for {@code dit} commands that show it. */
    static String pretty(TrajectoryHeader h) {
        try {
            return new String(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(h), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
