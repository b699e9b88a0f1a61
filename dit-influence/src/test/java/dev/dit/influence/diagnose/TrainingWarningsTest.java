package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.data.Dataset;
import dev.dit.models.train.TrainMetrics;
import dev.dit.models.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingWarningsTest {
    private static Trainer.EpochLog epoch(int e, double loss) {
        return new Trainer.EpochLog(e, 10 * e, loss, 0.5, loss, 0.5);
    }

    private static Dataset data(double big) {
        return new Dataset("t", new double[] {0.5, -1.0, big, 2.0}, new int[] {0, 1}, new int[] {2}, 2, List.of("a", "b"));
    }

    @Test
    void anEpochWhoseLossRoseByMoreThanOnePercentIsNamed() {
        List<String> w = TrainingWarnings.of(List.of(epoch(1, 0.70), epoch(2, 0.60), epoch(3, 0.66), epoch(4, 0.50)),
                data(3.0));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("rose in epoch 3 (0.6600 after 0.6000 in epoch 2)"), w.get(0));
    }

    @Test
    void aRiseOfTheBatchMeanIsNamedAsTheMeanOverTheEpochsBatches() {
        List<Trainer.EpochLog> log = List.of(epoch(1, 0.70), epoch(2, 0.60), epoch(3, 0.66), epoch(4, 0.50));
        List<String> w = TrainingWarnings.of(log, TrainMetrics.BATCH_MEAN, data(3.0));
        assertEquals(List.of("the mean training loss over the batches of epoch 3 rose (0.6600 after 0.6000 in epoch 2);"
                + " the linearisation behind DIT may not hold there (check with dit diagnose, or lower --lr)"), w);
        assertEquals(List.of("the training loss rose in epoch 3 (0.6600 after 0.6000 in epoch 2);"
                + " the linearisation behind DIT may not hold there (check with dit diagnose, or lower --lr)"),
                TrainingWarnings.of(log, TrainMetrics.EXACT, data(3.0)));
        assertEquals(TrainingWarnings.of(log, TrainMetrics.EXACT, data(3.0)), TrainingWarnings.of(log, data(3.0)));
    }

    @Test
    void noiseBelowOnePercentAndFallingLossesAreQuiet() {
        assertEquals(List.of(), TrainingWarnings.of(List.of(epoch(1, 0.70), epoch(2, 0.704), epoch(3, 0.60)), data(-99.0)));
        assertEquals(List.of(), TrainingWarnings.of(List.of(), data(0.0)));
    }

    @Test
    void featuresBeyondOneHundredInMagnitudeAreBadlyScaled() {
        assertEquals(150.0, TrainingWarnings.maxAbsFeature(data(-150.0)));
        List<String> w = TrainingWarnings.of(List.of(epoch(1, 0.7)), data(-150.0));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("largest |feature| of the training split is 150") && w.get(0).contains("--standardize z"),
                w.get(0));
        assertEquals(List.of(), TrainingWarnings.of(List.of(epoch(1, 0.7)), data(100.0)), "100 itself is fine");
    }
}
