package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-site choice between letting workers help and running alone, on made-up call times. */
class SplitPolicyTest {
    /** Runs {@code calls} calls that take {@code splitNanos} when workers help and {@code aloneNanos} when not; returns how many ran alone. */
    private static int drive(SplitPolicy p, int calls, long splitNanos, long aloneNanos) {
        int alone = 0;
        for (int c = 0; c < calls; c++) {
            int h = p.helpers(3);
            assertTrue(h == 0 || h == 3, "all helpers or none, got " + h);
            if (h == 0) {
                alone++;
            }
            p.record(h == 0 ? aloneNanos : splitNanos);
        }
        return alone;
    }

    @Test
    void keepsSplittingWhileThatIsFasterAndTrialsGrowRare() {
        SplitPolicy p = new SplitPolicy();
        int alone = drive(p, 200 * SplitPolicy.EPOCH, 100, 160);
        assertTrue(p.splits());
        // trials after 2, 4, 8, 16, 32, 32, ... epochs: a handful of trial epochs in 200
        int trials = alone / SplitPolicy.EPOCH;
        assertEquals(0, alone % SplitPolicy.EPOCH);
        assertTrue(trials >= 5 && trials <= 10, trials + " trial epochs");
    }

    @Test
    void switchesToAloneWhenWorkersMakeCallsSlowerAndBackWhenTheyRecover() {
        SplitPolicy p = new SplitPolicy();
        drive(p, 20 * SplitPolicy.EPOCH, 100, 160);
        assertTrue(p.splits());
        // a busy machine: splitting now costs 2x running alone; the next trial finds it out
        drive(p, 70 * SplitPolicy.EPOCH, 300, 150);
        assertFalse(p.splits(), "still splitting though alone is twice as fast");
        int alone = drive(p, 40 * SplitPolicy.EPOCH, 300, 150);
        assertTrue(alone > 30 * SplitPolicy.EPOCH, "ran alone only " + alone + " calls");
        // the machine is quiet again: a later trial of splitting wins
        drive(p, 70 * SplitPolicy.EPOCH, 100, 160);
        assertTrue(p.splits(), "did not return to splitting");
    }

    @Test
    void aDifferenceWithinTheMarginDoesNotFlipTheChoice() {
        SplitPolicy p = new SplitPolicy();
        drive(p, 100 * SplitPolicy.EPOCH, 100, 95); // alone 5 % faster: noise, not a reason to switch
        assertTrue(p.splits());
    }
}
