package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The vector GEMM must give bit-identical results whatever the thread count and split. */
class VectorThreadingTest {
    private final int savedThreads = KernelsProvider.threads();
    private final Kernels vector = KernelsProvider.vector();

    @AfterEach
    void restore() {
        KernelsProvider.setThreads(savedThreads);
        VectorKernels.setParallelMinFlops(VectorKernels.PARALLEL_MIN_FLOPS);
    }

    private double[] runWith(int threads, GemmCase g) {
        KernelsProvider.setThreads(threads);
        return g.run(vector);
    }

    @Test
    void bitIdenticalForOneTwoAndThreeThreads() {
        VectorKernels.setParallelMinFlops(0); // split even tiny products, so odd splits are covered
        int[][] shapes = {
            {2, 3, 5}, {9, 40, 7}, {40, 9, 7}, {33, 70, 300}, {70, 33, 530}, {8, 4323, 9},
            {129, 17, 65}, {16, 1100, 72}, {64, 64, 784},
        };
        long seed = 100;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                GemmCase g = new GemmCase(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2],
                        1.25, t == 0 ? 0.0 : 0.5, t, t);
                double[] one = runWith(1, g);
                g.check("vector/1", one);
                assertArrayEquals(one, runWith(2, g), () -> "2 threads differ: " + g);
                assertArrayEquals(one, runWith(3, g), () -> "3 threads differ: " + g);
            }
        }
    }

    @Test
    void readingAInPlaceIsBitIdenticalToPacking() {
        // op(B) at most DIRECT_A_MAX_N wide: A is read in place unless switched off. Ragged strips,
        // several k blocks, several A blocks (m > MC), both transpositions and all write-back modes.
        int[][] shapes = {
            {64, 64, 784}, {64, 10, 400}, {64, 10, 64}, {784, 64, 64}, {13, 31, 300}, {5, 3, 9},
            {130, 17, 520}, {400, 10, 64}, {1, 64, 33}, {9, 1, 12}, {37, 64, 530}, {64, 33, 300},
        };
        long seed = 300;
        try {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    double beta = t == 0 ? 0.0 : t == 1 ? 1.0 : -0.5;
                    GemmCase g = new GemmCase(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.75, beta, t, t);
                    VectorGemm.setDirectA(false);
                    double[] packed = runWith(1, g);
                    VectorGemm.setDirectA(true);
                    double[] direct = runWith(1, g);
                    g.check("vector/direct", direct);
                    assertArrayEquals(packed, direct, () -> "in-place A differs from packed A: " + g);
                }
            }
        } finally {
            VectorGemm.setDirectA(true);
        }
    }

    @Test
    void largeProductUsesDefaultThresholdAndStaysIdentical() {
        GemmCase g = new GemmCase(7, false, true, 160, 256, 420, 1.0, 1.0, 1, 2); // 34 MFLOP: above the threshold
        double[] one = runWith(1, g);
        assertArrayEquals(one, runWith(2, g));
        g.check("vector", one);
    }

    @Test
    void workerFailureReachesTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelThreads.run(3, part -> {
            if (part == 2) {
                throw new IllegalStateException("part " + part);
            }
        }));
        assertEquals("part 2", e.getMessage());
        int[] ran = new int[3];
        KernelThreads.run(3, part -> ran[part]++); // still usable afterwards
        assertArrayEquals(new int[] {1, 1, 1}, ran);
    }

    @Test
    void concurrentCallersGetTheSameBits() throws Exception {
        VectorKernels.setParallelMinFlops(0);
        KernelsProvider.setThreads(2);
        GemmCase g = new GemmCase(9, true, false, 40, 300, 50, 1.0, 0.0, 1, 1);
        double[] expected = g.run(vector);
        double[][] got = new double[4][];
        Thread[] callers = new Thread[got.length];
        for (int t = 0; t < callers.length; t++) {
            int slot = t;
            callers[t] = new Thread(() -> {
                for (int rep = 0; rep < 20; rep++) {
                    got[slot] = g.run(vector);
                }
            });
            callers[t].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        for (double[] r : got) {
            assertArrayEquals(expected, r);
        }
    }

    @Test
    void threadCountMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> KernelsProvider.setThreads(0));
        KernelsProvider.setThreads(3);
        assertEquals(3, KernelsProvider.threads());
    }

    @Test
    void outerLoopWorkersRunTheirOpsSerially() throws Exception {
        KernelsProvider.setThreads(3);
        int[] seen = new int[2];
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(2, Parallel.outerWorkers("test-outer"));
        try {
            for (int i = 0; i < 2; i++) {
                int slot = i;
                pool.submit(() -> {
                    seen[slot] = Parallel.threads();
                }).get();
            }
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(new int[] {1, 1}, seen);
        assertEquals(3, Parallel.threads(), "the calling thread keeps the configured count");
        assertEquals(3, KernelsProvider.threads());
    }

    @Test
    void parallelRunsEveryPartOnce() {
        KernelsProvider.setThreads(2);
        int[] ran = new int[5];
        Parallel.run(5, part -> ran[part]++);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, ran);
        assertThrows(IllegalArgumentException.class, () -> Parallel.run(0, part -> { }));
    }

    @Test
    void runIfAwakeRunsEveryPartOnceWhetherTheWorkersSpinOrSleep() throws Exception {
        KernelsProvider.setThreads(2);
        for (int round = 0; round < 20; round++) {
            Parallel.run(2, part -> { }); // the worker now spins for a while
            java.util.concurrent.atomic.AtomicIntegerArray ran = new java.util.concurrent.atomic.AtomicIntegerArray(2);
            Parallel.runIfAwake(2, ran::incrementAndGet);
            assertEquals(1, ran.get(0));
            assertEquals(1, ran.get(1));
        }
        // past the spin the worker parks (waited for here: a busy machine may delay it), and then
        // the caller runs both parts itself
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (KernelThreads.workersSpinning(2) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        int[] ran = new int[2];
        Thread[] by = new Thread[2];
        Parallel.runIfAwake(2, part -> {
            ran[part]++;
            by[part] = Thread.currentThread();
        });
        assertArrayEquals(new int[] {1, 1}, ran);
        assertEquals(Thread.currentThread(), by[1], "a parked worker is not woken for short work");
    }
}
