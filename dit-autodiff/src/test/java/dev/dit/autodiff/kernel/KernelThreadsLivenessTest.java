package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-over between the caller and the kernel workers: no lost wake-up, no deadlock, every
 * part run exactly once, also when workers park between calls or are never scheduled in time.
 */
class KernelThreadsLivenessTest {
    private final int savedThreads = KernelsProvider.threads();

    @AfterEach
    void restore() {
        KernelsProvider.setThreads(savedThreads);
    }

    @Test
    void manyShortCallsRunEveryPartExactlyOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int parts = 2; parts <= 4; parts++) {
                int calls = 20_000;
                AtomicIntegerArray ran = new AtomicIntegerArray(parts);
                for (int c = 0; c < calls; c++) {
                    KernelThreads.run(parts, ran::incrementAndGet);
                }
                for (int p = 0; p < parts; p++) {
                    assertEquals(calls, ran.get(p), "part " + p + " of " + parts);
                }
            }
        });
    }

    @Test
    void callsSeparatedByPausesLongerThanTheSpinStillComplete() {
        // Each pause outlasts the longest spin, so the workers park between calls: every call
        // exercises the park / wake-up path, where a lost wake-up would leave a part unrun.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            AtomicIntegerArray ran = new AtomicIntegerArray(3);
            Thread me = Thread.currentThread();
            for (int c = 0; c < 200; c++) {
                KernelThreads.run(3, p -> {
                    ran.incrementAndGet(p);
                    if (Thread.currentThread() != me) {
                        spin(200_000L); // long enough that a started part must be waited for
                    }
                });
                Thread.sleep(0, 100_000);
                if (c % 20 == 0) {
                    Thread.sleep(2); // past SPIN_NANOS: the workers park
                }
            }
            for (int p = 0; p < 3; p++) {
                assertEquals(200, ran.get(p));
            }
        });
    }

    @Test
    void aPartStartedByAWorkerIsWaitedFor() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            KernelsProvider.setThreads(2);
            Thread me = Thread.currentThread();
            for (int c = 0; c < 50; c++) {
                CountDownLatch workerStarted = new CountDownLatch(1);
                boolean[] done = new boolean[2];
                KernelThreads.run(2, p -> {
                    if (Thread.currentThread() != me) {
                        workerStarted.countDown();
                        spin(500_000L);
                    } else if (p == 0) {
                        try {
                            // give a worker the chance to claim part 1 (it may not: then we run it)
                            workerStarted.await(2, java.util.concurrent.TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    done[p] = true;
                });
                assertTrue(done[0] && done[1], "returned before a started part finished");
            }
        });
    }

    @Test
    void theCallerRunsEveryPartNoWorkerClaimed() {
        // A batch no worker serves: the caller alone claims and runs all parts, and does not wait.
        KernelBatch batch = new KernelBatch();
        int[] ran = new int[5];
        batch.start(p -> ran[p]++, 5);
        assertEquals(5, batch.runParts());
        assertTrue(batch.awaitStarted(0L), "nothing was started elsewhere, so nothing to wait for");
        assertEquals(false, batch.hasWork());
        assertEquals(java.util.List.of(1, 1, 1, 1, 1), java.util.Arrays.stream(ran).boxed().toList());
        // the next call on the same batch starts a new generation with all parts unclaimed
        batch.start(p -> ran[p] += 10, 2);
        assertTrue(batch.hasWork());
        assertEquals(2, batch.runParts());
        assertEquals(11, ran[0]);
        assertEquals(11, ran[1]);
    }

    @Test
    void concurrentCallersAndNestedCallsDoNotDeadlock() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            KernelsProvider.setThreads(3);
            int callers = 4;
            int calls = 3000;
            AtomicLong total = new AtomicLong();
            Thread[] ts = new Thread[callers];
            for (int t = 0; t < callers; t++) {
                ts[t] = new Thread(() -> {
                    for (int c = 0; c < calls; c++) {
                        KernelThreads.run(3, p -> {
                            // a nested split (a kernel inside a part) runs on the thread that called it
                            KernelThreads.run(2, q -> total.incrementAndGet());
                        });
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertEquals((long) callers * calls * 3 * 2, total.get());
        });
    }

    @Test
    void workersAreDaemonsAndParkWhenIdle() throws Exception {
        KernelThreads.run(3, p -> { });
        KernelWorker[] ws = KernelThreads.workers();
        assertTrue(ws.length >= 2);
        for (KernelWorker w : ws) {
            assertTrue(w.isDaemon(), w.getName() + " is not a daemon");
        }
        // idle workers stop spinning and park (waited for: a busy machine may delay them)
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean allWaiting = false;
        while (!allWaiting && System.nanoTime() < deadline) {
            Thread.sleep(5);
            allWaiting = true;
            for (KernelWorker w : ws) {
                allWaiting &= w.getState() == Thread.State.WAITING;
            }
        }
        assertTrue(allWaiting, "idle workers did not park");
    }

    @Test
    void spinShrinksWhenWastedAndStaysWithinBounds() throws Exception {
        KernelsProvider.setThreads(2);
        for (int c = 0; c < 12; c++) {
            KernelThreads.run(2, p -> { });
            Thread.sleep(1); // longer than any spin: every spin is wasted
        }
        Thread.sleep(5);
        for (KernelWorker w : KernelThreads.workers()) {
            long s = w.spinNanos();
            assertTrue(s >= KernelWorker.MIN_SPIN_NANOS && s <= KernelThreads.SPIN_NANOS, "spin " + s);
        }
        assertTrue(KernelThreads.workers()[0].spinNanos() < KernelThreads.SPIN_NANOS,
                "wasted spins should shrink the budget, got " + KernelThreads.workers()[0].spinNanos());
    }

    @Test
    void everyPartRunsOnceAndTheSiteTurnsToRunningAloneWhenClaimedPartsStall() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            KernelsProvider.setThreads(2);
            // A worker "descheduled" 10 ms between claiming a part and running it: splitting then
            // costs far more than the caller running both parts itself (at most 0.5 ms), by more
            // than the noise of a shared machine can hide. Part 0 gives a worker up to 0.5 ms to
            // claim part 1, so that splitting calls do meet the stall even when wake-ups are slow.
            KernelBatch.workerPause = () -> {
                StallSite.claimed = true;
                spin(10_000_000L);
            };
            try {
                AtomicIntegerArray ran = new AtomicIntegerArray(2);
                StallSite site = new StallSite(ran);
                long aloneBefore = KernelThreads.STATS.alone;
                int calls = 16 * SplitPolicy.EPOCH;
                for (int c = 0; c < calls; c++) {
                    StallSite.claimed = false;
                    KernelThreads.run(2, site);
                }
                assertEquals(calls, ran.get(0));
                assertEquals(calls, ran.get(1));
                long alone = KernelThreads.STATS.alone - aloneBefore;
                assertTrue(alone > calls / 2, "the site kept letting stalling workers help: only "
                        + alone + " of " + calls + " calls ran alone");
            } finally {
                KernelBatch.workerPause = null;
            }
        });
    }

    @Test
    void aCallOnlyLetsTheWorkersItWantsClaimParts() {
        KernelBatch batch = new KernelBatch();
        int[] ran = new int[4];
        batch.start(p -> ran[p]++, 4, 1);
        assertEquals(false, batch.hasWork(2), "worker 2 is not wanted");
        assertEquals(0, batch.runParts(2));
        assertTrue(batch.hasWork(1));
        assertEquals(1, batch.runParts(1) > 0 ? 1 : 0);
        assertEquals(false, batch.hasWork());
        assertArrayEqualsOnes(ran);
    }

    private static void assertArrayEqualsOnes(int[] ran) {
        for (int r : ran) {
            assertEquals(1, r);
        }
    }

    /** A call site of its own (the policy is kept per class of part). */
    private static final class StallSite implements java.util.function.IntConsumer {
        /** Set by a worker that claimed a part of the current call. */
        static volatile boolean claimed;
        private final AtomicIntegerArray ran;

        StallSite(AtomicIntegerArray ran) {
            this.ran = ran;
        }

        @Override
        public void accept(int p) {
            ran.incrementAndGet(p);
            long until = System.nanoTime() + 500_000L;
            while (p == 0 && !claimed && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    private static void spin(long nanos) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }
}
