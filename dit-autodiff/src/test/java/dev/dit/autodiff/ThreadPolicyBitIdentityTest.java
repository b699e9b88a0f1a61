package dev.dit.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.TestModels;
import dev.dit.autodiff.kernel.KernelThreadsHooks;
import dev.dit.autodiff.kernel.KernelThreadsHooks.SplitPolicy;
import dev.dit.autodiff.kernel.KernelsProvider;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CNN's gradient and HVP are bit-identical whoever runs the parts of its split passes: one
 * thread, two or three threads with workers always helping, never helping, or as the adaptive
 * policy decides, and with workers that stall for random times between claiming a part and
 * running it (as when the operating system deschedules them), so that the caller runs most
 * parts and waits for the stalled ones.
 */
class ThreadPolicyBitIdentityTest {
    private final int savedThreads = KernelsProvider.threads();

    @AfterEach
    void restore() {
        KernelsProvider.setThreads(savedThreads);
        KernelThreadsHooks.setPolicy("ADAPTIVE");
        KernelThreadsHooks.setWorkerPause(null);
    }

    /** conv(1→4, 3×3)+ReLU+pool, conv(4→6, 3×3)+tanh+pool, dense, softmax cross-entropy on 24 images. */
    private static TestModels.Built cnn() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 24;
        Graph g = new Graph();
        Input x = g.input("x", n, 1, 20, 20);
        Input y = g.input("y", n);
        Node h = g.conv2dActPool(x, g.parameter("c1.w", 4, 1, 3, 3), g.parameter("c1.b", 4), 1, 0, Activation.RELU);
        h = g.conv2dActPool(h, g.parameter("c2.w", 6, 4, 3, 3), g.parameter("c2.b", 6), 1, 0, Activation.TANH);
        Node z = g.addBias(g.matmul(g.reshape(h, n, 6 * 3 * 3), g.parameter("fc.w", 54, 5)), g.parameter("fc.b", 5));
        Node loss = g.softmaxCrossEntropy(z, y);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextDouble(-1, 1);
        }
        for (int i = 0; i < n; i++) {
            y.data()[i] = r.nextInt(5);
        }
        return new TestModels.Built("cnn", g, loss, TestModels.random(g.parameterCount(), r, 0.5));
    }

    private static double[][] derivatives(TestModels.Built m) {
        int p = m.theta().length;
        double[] seed = TestModels.random(m.loss().size(), new SplittableRandom(1), 1);
        double[] v = TestModels.random(p, new SplittableRandom(2), 1);
        double[] grad = new double[p];
        double[] hv = new double[p];
        m.graph().hvp(m.loss(), seed, m.theta(), v, hv, grad);
        return new double[][] {grad, hv};
    }

    private static void randomStall() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (r.nextInt(3) == 0) {
            long until = System.nanoTime() + r.nextLong(300_000L);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void sameBitsWhoeverRunsTheParts() {
        KernelsProvider.setThreads(1);
        double[][] one = derivatives(cnn());
        long workerPartsBefore = KernelThreadsHooks.workerParts();
        for (int threads = 2; threads <= 3; threads++) {
            KernelsProvider.setThreads(threads);
            TestModels.Built m = cnn(); // a layer sizes its per-thread scratch when built
            for (String policy : new String[] {"SPLIT", "ALONE", "ADAPTIVE"}) {
                for (boolean stall : new boolean[] {false, true}) {
                    KernelThreadsHooks.setPolicy(policy);
                    KernelThreadsHooks.setWorkerPause(stall ? ThreadPolicyBitIdentityTest::randomStall : null);
                    for (int rep = 0; rep < 5; rep++) {
                        double[][] got = derivatives(m);
                        String what = threads + " threads, " + policy + (stall ? ", stalling workers" : "");
                        assertArrayEquals(one[0], got[0], "gradient, " + what);
                        assertArrayEquals(one[1], got[1], "HVP, " + what);
                    }
                }
            }
        }
        assertTrue(KernelThreadsHooks.workerParts() > workerPartsBefore, "no worker ever ran a part: the test split nothing");
    }

    @Test
    void resultsStayWhileTheAdaptivePolicySwitchesBetweenSplittingAndRunningAlone() {
        KernelsProvider.setThreads(1);
        double[][] one = derivatives(cnn());
        KernelsProvider.setThreads(2);
        TestModels.Built m = cnn();
        KernelThreadsHooks.setPolicy("ADAPTIVE");
        // every part a worker claims stalls 2 ms; the policy's trials run some epochs alone either way
        KernelThreadsHooks.setWorkerPause(() -> {
            long until = System.nanoTime() + 2_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        long aloneBefore = KernelThreadsHooks.aloneCalls();
        long splitBefore = KernelThreadsHooks.splitCalls();
        for (int rep = 0; rep < 200; rep++) {
            double[][] got = derivatives(m);
            assertArrayEquals(one[0], got[0], "gradient, call " + rep);
            assertArrayEquals(one[1], got[1], "HVP, call " + rep);
        }
        long alone = KernelThreadsHooks.aloneCalls() - aloneBefore;
        long split = KernelThreadsHooks.splitCalls() - splitBefore;
        assertTrue(alone >= SplitPolicy.EPOCH && split >= SplitPolicy.EPOCH,
                "expected calls both ways: " + alone + " run alone, " + split + " split");
    }
}
