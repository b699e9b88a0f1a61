package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The caller's bounded spin stops at its budget and as soon as the thread was away from the CPU. */
class SpinTest {
    @Test
    void anEmptyBudgetSpinsNoTurn() {
        assertFalse(new Spin(0).goOn());
    }

    @Test
    void aGapLongerThanATurnEndsTheSpinWhateverTheBudget() throws InterruptedException {
        Spin spin = new Spin(Long.MAX_VALUE);
        Thread.sleep(1); // 1 ms without a turn: what a descheduled caller sees
        assertFalse(spin.goOn());
    }
}
