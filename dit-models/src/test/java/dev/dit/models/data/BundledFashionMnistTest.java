package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BundledFashionMnistTest {

    @Test
    void loadsNineHundredBalancedPulloversAndCoats() {
        Dataset d = DataSpec.load("fashion-mnist-mini", null);
        assertEquals(BundledFashionMnist.TRAIN_POOL_SIZE + BundledFashionMnist.HELD_OUT_SIZE, d.size());
        assertEquals(900, d.size());
        assertEquals(List.of("pullover", "coat"), d.classNames());
        assertEquals("fashion-mnist-mini:pullover,coat", d.name());
        assertArrayEquals(new int[] {1, 28, 28}, d.sampleShape());
        int[] trainCounts = new int[2];
        int[] heldOutCounts = new int[2];
        for (int i = 0; i < d.size(); i++) {
            (i < 600 ? trainCounts : heldOutCounts)[d.label(i)]++;
        }
        assertArrayEquals(new int[] {300, 300}, trainCounts);
        assertArrayEquals(new int[] {150, 150}, heldOutCounts);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : d.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0.0, min, 0);
        assertEquals(1.0, max, 0);
    }

    @Test
    void classOrderSwapsLabelsAndOtherClassesAreRefused() {
        Dataset a = BundledFashionMnist.load("pullover,coat");
        Dataset b = BundledFashionMnist.load("coat,pullover");
        assertEquals(List.of("coat", "pullover"), b.classNames());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(1 - a.label(i), b.label(i));
        }
        assertEquals(a.fingerprint(), BundledFashionMnist.load().fingerprint());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundledFashionMnist.load("pullover,shirt"));
        assertTrue(e.getMessage().contains("only pullover and coat"), e.getMessage());
    }
}
