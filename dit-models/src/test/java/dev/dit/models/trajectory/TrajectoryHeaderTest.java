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
        // A plain-SGD run is written as version 1, without an optimizer field: earlier versions' bytes.
        assertTrue(json.contains("\"formatVersion\" : 1"), json);
        assertFalse(json.contains("optimizer"), json);
        assertEquals(h, TrajectoryHeader.fromJson(json));
        byte[] compact = HeaderJson.encode(h);
        assertEquals(h, HeaderJson.decode(compact));
        assertTrue(new String(compact, StandardCharsets.UTF_8).startsWith("{\"formatVersion\":1,\"modelSpec\":\"mlp\""));
        // Any other optimizer is version 2 and names itself.
        TrajectoryHeader adam = base().checkpointEvery(7).optimizer(dev.dit.models.train.OptimizerSpec.parse("adam")).build();
        String adamJson = adam.toJson();
        assertTrue(adamJson.contains("\"formatVersion\" : 2"), adamJson);
        assertTrue(adamJson.contains("\"optimizer\" : \"adam:0.9,0.999,1.0E-8\"")
                || adamJson.contains("\"optimizer\" : \"" + adam.optimizer() + "\""), adamJson);
        assertEquals(adam, TrajectoryHeader.fromJson(adamJson));
        assertEquals(adam, HeaderJson.decode(HeaderJson.encode(adam)));
    }

    @Test
    void strictJsonRejectsUnknownAndMissingFields() throws IOException {
        String json = base().optimizer(dev.dit.models.train.OptimizerSpec.parse("momentum:0.9")).build().toJson();
        String opt = ",\n  \"optimizer\" : \"momentum:0.9\"";
        assertTrue(json.contains(opt), json);
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"numSteps\"", "\"numStep\"")));
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 3")));
        // version 1 has no optimizer field, version 2 must have one
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 1")));
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace(opt, "")));
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("\"momentum:0.9\"", "\"rmsprop\"")));
        // a version-2 file that names sgd (written for a while before SGD runs went back to version 1) still reads
        assertEquals(base().build(), TrajectoryHeader.fromJson(json.replace("\"momentum:0.9\"", "\"sgd\"")));
        assertEquals(base().build(), TrajectoryHeader.fromJson(json.replace("\"formatVersion\" : 2", "\"formatVersion\" : 1")
                .replace(opt, "")));
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
        assertThrows(IllegalArgumentException.class, () -> LearningRate.fromId("cosine:5"));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.fromId("Sqrt"));
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
    void everyScheduleSpecIsStoredAndReadBack() throws IOException {
        for (String spec : new String[] {"constant", "cosine", "step:3,0.5", "warmup:7,cosine", "warmup:2,step:1,0.25"}) {
            LearningRate r = LearningRate.parse(spec);
            TrajectoryHeader h = base().hyperparameters(new Hyperparameters(10, 0.05, r, 0.0, 2, 42L, 3)).build();
            String json = h.toJson();
            assertTrue(json.contains("\"lrSchedule\" : \"" + spec + "\""), json);
            assertEquals(r, TrajectoryHeader.fromJson(json).hyperparameters().lrSchedule());
        }
        String json = base().hyperparameters(new Hyperparameters(10, 0.05, LearningRate.parse("step:3,0.5"), 0.0, 2, 42L, 3))
                .build().toJson();
        // a hand-edited, non-canonical or malformed spec is refused, not silently re-read
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("step:3,0.5", "step:3,.5")));
        assertThrows(IOException.class, () -> TrajectoryHeader.fromJson(json.replace("step:3,0.5", "step:0,0.5")));
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
