package dev.dit.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainConfigBuilderTest {

    @Test
    void defaultsAreThoseOfDitTrain() {
        TrainConfig c = TrainConfig.builder().epochs(15).batchSize(64).learningRate(0.1).build();
        assertEquals(new TrainConfig(15, 64, 0.1, LearningRate.SQRT, 1e-3, 0, 1), c);
    }

    @Test
    void everyFieldCanBeSetByName() {
        TrainConfig c = TrainConfig.builder().epochs(3).batchSize(8).learningRate(0.5).schedule(LearningRate.CONSTANT)
                .l2(0).seed(42).checkpointEvery(4).build();
        assertEquals(new TrainConfig(3, 8, 0.5, LearningRate.CONSTANT, 0, 42, 4), c);
        assertEquals(c, c.toBuilder().build());
        assertEquals(new TrainConfig(7, 8, 0.5, LearningRate.CONSTANT, 0, 42, 4), c.toBuilder().epochs(7).build());
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        assertEquals("TrainConfig.epochs is required", assertThrows(IllegalStateException.class,
                () -> TrainConfig.builder().batchSize(1).learningRate(1).build()).getMessage());
        assertEquals("TrainConfig.batchSize is required", assertThrows(IllegalStateException.class,
                () -> TrainConfig.builder().epochs(1).learningRate(1).build()).getMessage());
        assertEquals("TrainConfig.learningRate is required", assertThrows(IllegalStateException.class,
                () -> TrainConfig.builder().epochs(1).batchSize(1).build()).getMessage());
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        TrainConfig.Builder b = TrainConfig.builder();
        assertEquals("TrainConfig.epochs must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> b.epochs(0)).getMessage());
        assertEquals("TrainConfig.batchSize must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> b.batchSize(0)).getMessage());
        assertEquals("TrainConfig.learningRate must be a positive finite number, got NaN",
                assertThrows(IllegalArgumentException.class, () -> b.learningRate(Double.NaN)).getMessage());
        assertEquals("TrainConfig.learningRate must be a positive finite number, got Infinity",
                assertThrows(IllegalArgumentException.class, () -> b.learningRate(Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("TrainConfig.l2 must be a finite number >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> b.l2(-1)).getMessage());
        assertEquals("TrainConfig.checkpointEvery must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> b.checkpointEvery(0)).getMessage());
        assertEquals("TrainConfig.schedule must not be null",
                assertThrows(IllegalArgumentException.class, () -> b.schedule(null)).getMessage());
    }
}
