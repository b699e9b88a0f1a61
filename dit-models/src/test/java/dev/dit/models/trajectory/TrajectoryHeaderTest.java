package dev.dit.models.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.train.LearningRate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrajectoryHeaderTest {
    private static TrajectoryHeader.Builder base() {
        return TrajectoryHeader.builder()
                .modelSpec("mlp")
                .parameter("w", 2, 3)
                .parameter("b", 3)
                .dataset("fp", 100)
                .hyperparameters(new Hyperparameters(10, 0.05, LearningRate.CONSTANT, 0.0, 2, 42L, 3))
                .epochBoundaries(0, 10, 20)
                .ditVersion("v");
    }

    @Test
    void layoutOffsetsAreAssignedInOrder() {
        TrajectoryHeader h = base().build();
        assertEquals(9, h.numParams());
        assertEquals(0, h.parameters().get(0).offset());
        assertEquals(6, h.parameters().get(1).offset());
        assertArrayEquals(new int[] {2, 3}, h.parameters().get(0).shape());
        assertEquals(20, h.numSteps());
    }

    @Test
    void jsonRoundTripPreservesEverything() throws IOException {
        TrajectoryHeader h = base().checkpointEvery(7).build();
        String json = h.toJson();
        assertTrue(json.contains("\"lrSchedule\" : \"constant\""), json);
        assertTrue(json.contains("\"formatVersion\" : 2"), json);
        assertTrue(json.contains("\"optimizer\" : \"sgd\""), json);
        assertEquals(h, TrajectoryHeader.fromJson(json));
        byte[] compact = HeaderJson.encode(h);
        assertEquals(h, HeaderJson.decode(compact));
        assertTrue(new String(compact, StandardCharsets.UTF_8).startsWith("{\"formatVersion\":2,\"modelSpec\":\"mlp\""));
    }

    @Test
    void strictJsonRejectsUnknownAndMissingFields() throws IOException {
        String json = base().build().toJson();
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"numSteps\"", "\"numStep\"")));
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 3")));
        // version 1 has no optimizer field, version 2 must have one
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 1")));
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace(",\n  \"optimizer\" : \"sgd\"", "")));
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"optimizer\" : \"sgd\"", "\"optimizer\" : \"rmsprop\"")));
        assertEquals(base().build(), TrajectoryHeader.fromJson(json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 1")
                .replace(",\n  \"optimizer\" : \"sgd\"", "")));
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"numParams\" : 9", "\"numParams\" : 8")));
    }

    @Test
    void checkpointScheduleIncludesTheFinalStep() {
        TrajectoryHeader h = base().checkpointEvery(7).build();
        assertArrayEquals(new int[] {0, 7, 14, 20}, h.checkpointSteps());
        assertTrue(h.isCheckpoint(14));
        assertTrue(h.isCheckpoint(20));
        assertFalse(h.isCheckpoint(21));
        assertFalse(h.isCheckpoint(13));
        assertEquals(14, h.checkpointAtOrBefore(19));
        assertEquals(20, h.checkpointAtOrBefore(20));
        assertEquals(7, h.checkpointAtOrBefore(7));
        assertArrayEquals(new int[] {0, 10, 20}, base().checkpointEvery(10).build().checkpointSteps());
        assertEquals(21, base().checkpointEvery(1).build().checkpointSteps().length);
        assertArrayEquals(new int[] {0, 20}, base().checkpointEvery(100).build().checkpointSteps());
    }

    @Test
    void invalidHeadersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> base().epochBoundaries(0, 10).build());
        assertThrows(IllegalArgumentException.class, () -> base().epochBoundaries(1, 10, 20).build());
        assertThrows(IllegalArgumentException.class, () -> base().epochBoundaries(0, 10, 10).build());
        assertThrows(IllegalArgumentException.class, () -> base().checkpointEvery(0).build());
        assertThrows(IllegalArgumentException.class, () -> base().parameter("w", 4).build());
        assertThrows(IllegalArgumentException.class, () -> base().parameter("x", 0, 2));
        assertThrows(IllegalArgumentException.class, () -> base().dataset("fp", 0).build());
        assertThrows(NullPointerException.class, () -> base().ditVersion(null).build());
        assertThrows(IllegalArgumentException.class, () -> new Hyperparameters(0, 0.1, LearningRate.SQRT, 0, 1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.fromId("cosine"));
        assertEquals(LearningRate.SQRT, LearningRate.fromId("sqrt"));
    }

    @Test
    void learningRateScheduleIsStoredByItsId() throws IOException {
        TrajectoryHeader h = base().hyperparameters(new Hyperparameters(10, 0.05, LearningRate.SQRT, 0.0, 2, 42L, 3))
                .build();
        String json = h.toJson();
        assertTrue(json.contains("\"lrSchedule\" : \"sqrt\""), json);
        assertEquals(LearningRate.SQRT, TrajectoryHeader.fromJson(json).hyperparameters().lrSchedule());
        // the command line accepts "none" as an alias; files must hold the canonical id
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"sqrt\"", "\"none\"")));
    }

    @Test
    void copiesProtectImmutability() {
        TrajectoryHeader h = base().build();
        h.epochBoundaries()[1] = 5;
        h.parameters().get(0).shape()[0] = 99;
        assertArrayEquals(new int[] {0, 10, 20}, h.epochBoundaries());
        assertArrayEquals(new int[] {2, 3}, h.parameters().get(0).shape());
        assertThrows(UnsupportedOperationException.class, () -> h.parameters().clear());
    }
}
