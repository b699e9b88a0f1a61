package dev.dit.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dit.models.data.FeatureScaling;
import org.junit.jupiter.api.Test;

class DataPlanBuilderTest {

    @Test
    void defaultsAndNamedFields() {
        assertEquals(new Runs.DataPlan(100, 256, 256, 0, 0, 0), Runs.DataPlan.builder().nTrain(100).build());
        Runs.DataPlan p = Runs.DataPlan.builder().nTrain(256).nVal(64).nTest(0).splitSeed(1)
                .corruptFraction(0.1).corruptSeed(7).build();
        assertEquals(new Runs.DataPlan(256, 64, 0, 1, 0.1, 7), p);
        assertEquals(p, p.toBuilder().build());
        assertEquals(new Runs.DataPlan(256, 64, 32, 1, 0.1, 7), p.toBuilder().nTest(32).build());
    }

    @Test
    void scalingIsSetDefaultsToNoneAndSurvivesToBuilder() {
        Runs.DataPlan z = Runs.DataPlan.builder().nTrain(10).scaling(FeatureScaling.Z).build();
        assertEquals(FeatureScaling.Z, z.scaling());
        assertEquals(FeatureScaling.NONE, Runs.DataPlan.builder().nTrain(10).build().scaling());
        assertEquals(FeatureScaling.Z, z.toBuilder().build().scaling());
        assertEquals(FeatureScaling.Z, z.toBuilder().nTrain(20).build().scaling());
    }

    @Test
    void badOrMissingValuesNameTheField() {
        assertEquals("DataPlan.nTrain is required",
                assertThrows(IllegalStateException.class, () -> Runs.DataPlan.builder().nVal(3).build()).getMessage());
        Runs.DataPlan.Builder b = Runs.DataPlan.builder();
        assertEquals("DataPlan.nTrain must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> b.nTrain(0)).getMessage());
        assertEquals("DataPlan.nVal must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> b.nVal(-1)).getMessage());
        assertEquals("DataPlan.nTest must be >= 0, got -5",
                assertThrows(IllegalArgumentException.class, () -> b.nTest(-5)).getMessage());
        assertEquals("DataPlan.corruptFraction must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> b.corruptFraction(1.5)).getMessage());
        assertEquals("DataPlan.corruptFraction must be in [0, 1], got NaN",
                assertThrows(IllegalArgumentException.class, () -> b.corruptFraction(Double.NaN)).getMessage());
    }
}
