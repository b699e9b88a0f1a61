package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packed vector GEMM computes every C element by one fixed schedule, whatever its register
 * blocking (8 or 6 rows, 16 or 8 columns), loop order, packing or thread split: per k block of
 * {@link VectorGemm#kBlock} length, a fused multiply-add chain in ascending k from zero, then one
 * write-back ({@code acc·α}, {@code fma(acc, α, β·C)} or {@code fma(acc, α, C)}). Pinned here
 * bit for bit against a scalar model of that schedule, so a kernel change that would alter a
 * trained model's bits (and the run directories pinned byte for byte downstream) fails here first.
 * The surefire execution at AVX2 width runs it too.
 */
class GemmScheduleTest {
    private final int savedThreads = KernelsProvider.threads();
    private final Kernels vector = KernelsProvider.vector();

    @AfterEach
    void restore() {
        KernelsProvider.setThreads(savedThreads);
        VectorKernels.setParallelMinFlops(VectorKernels.PARALLEL_MIN_FLOPS);
    }

    /** The schedule, one element at a time in scalar code. */
    private static double[] schedule(GemmCase g) {
        double[] out = g.c.clone();
        int kb = VectorGemm.kBlock(g.k);
        for (int i = 0; i < g.m; i++) {
            for (int j = 0; j < g.n; j++) {
                int at = g.cOff + i * g.ldc + j;
                double cv = g.c[at];
                for (int pc = 0; pc < g.k; pc += kb) {
                    double acc = 0.0;
                    for (int p = pc; p < Math.min(g.k, pc + kb); p++) {
                        acc = Math.fma(GemmReference.opA(g.transA, g.a, g.aOff, g.lda, i, p),
                                GemmReference.opB(g.transB, g.b, g.bOff, g.ldb, p, j), acc);
                    }
                    if (pc > 0) {
                        cv = Math.fma(acc, g.alpha, cv);
                    } else {
                        cv = g.beta == 0.0 ? acc * g.alpha : Math.fma(acc, g.alpha, cv * g.beta);
                    }
                }
                out[at] = cv;
            }
        }
        return out;
    }

    private static void assertBits(double[] expected, double[] actual, GemmCase g, String how) {
        for (int i = 0; i < expected.length; i++) {
            int idx = i;
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    () -> how + ": element " + idx + " of " + g.m + "x" + g.n + "x" + g.k
                            + " transA=" + g.transA + " transB=" + g.transB + " beta=" + g.beta);
        }
    }

    @Test
    void everyBlockingAndSplitFollowsTheSchedule() {
        // The MLP 784-64-10 step's products (forward X·W1, weight adjoint Xᵀ·Ḡ, head and its
        // adjoints), ragged tiles for both row blockings, mixes of 12- and 8-row tiles (AVX-512),
        // several k blocks, several A blocks, and in-place and packed operands. A·Bᵀ shapes with a long k go to DotGemm and n = 1 to the
        // matrix-vector path: both have their own order and are left out.
        int[][] shapes = {
            {64, 64, 784}, {784, 64, 64}, {64, 10, 64}, {64, 64, 10}, {13, 37, 300},
            {70, 33, 530}, {200, 24, 9}, {5, 130, 257}, {131, 16, 3}, {40, 32, 50}, {100, 48, 20},
        };
        long seed = 7;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                if (transB && !transA && DotGemm.suits(false, true, s[0], s[1], s[2])) {
                    continue;
                }
                for (double beta : new double[] {0.0, 0.5}) {
                    GemmCase g = new GemmCase(seed++, transA, transB, s[0], s[1], s[2], 1.25, beta, t, t);
                    double[] expected = schedule(g);
                    KernelsProvider.setThreads(1);
                    assertBits(expected, g.run(vector), g, "1 thread");
                    VectorKernels.setParallelMinFlops(0);
                    KernelsProvider.setThreads(2);
                    assertBits(expected, g.run(vector), g, "2 threads");
                    VectorKernels.setParallelMinFlops(VectorKernels.PARALLEL_MIN_FLOPS);
                }
            }
        }
    }
}
