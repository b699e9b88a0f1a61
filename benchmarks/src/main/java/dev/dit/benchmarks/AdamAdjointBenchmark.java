package dev.dit.benchmarks;

import dev.dit.autodiff.kernel.AdamStep;
import dev.dit.autodiff.kernel.Kernels;
import dev.dit.autodiff.kernel.KernelsProvider;
import dev.dit.models.train.MemoryCheckpoints;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.StepJacobian;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The O(p) phases of one Adam sweep step on their own, at the size of the MLP 784-64-10
 * (p = 50 890), next to the SGD sweep's own O(p) update: where {@link OptimizerSweepBenchmark}'s
 * difference between Adam and SGD goes. {@code separate} is the set-up pass and the transposed
 * step as two passes (with the coefficients and g_t written and read back), {@code fused*} the
 * single pass of {@link Kernels#adamAdjoint} on each kernel twin, {@code stateCopy} copying the
 * moments out of an in-memory checkpoint (which the sweep no longer does), {@code finish} the
 * second half of the transposed step and {@code sgdUpdate} the SGD sweep's {@code v −= η(Hv + αv)}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class AdamAdjointBenchmark {
    @Param({"50890"})
    public int p;

    private final OptimizerSpec spec = OptimizerSpec.parse("adam");
    private OptimizerState before;
    private OptimizerState after;
    private double[] packedBefore;
    private double[] packedAfter;
    private MemoryCheckpoints store;
    private StepJacobian jacobian;
    private double[] lTheta;
    private double[][] lState;
    private double[] gamma;
    private double[] hv;
    private Kernels vector;
    private Kernels plain;
    private AdamStep step;

    /** Moments of a plausible run and random adjoints. */
    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(1);
        before = new OptimizerState(spec, p);
        after = new OptimizerState(spec, p);
        for (int i = 0; i < p; i++) {
            double g = r.nextGaussian() * 1e-2;
            before.vector(0)[i] = r.nextGaussian() * 1e-2;
            before.vector(1)[i] = Math.abs(r.nextGaussian()) * 1e-4;
            after.vector(0)[i] = 0.9 * before.vector(0)[i] + 0.1 * g;
            after.vector(1)[i] = 0.999 * before.vector(1)[i] + 0.001 * g * g;
        }
        packedBefore = new double[2 * p];
        packedAfter = new double[2 * p];
        before.pack(packedBefore);
        after.pack(packedAfter);
        store = new MemoryCheckpoints(1);
        store.write(1, packedAfter);
        jacobian = new StepJacobian(spec, p);
        lTheta = new double[p];
        lState = new double[2][p];
        gamma = new double[p];
        hv = new double[p];
        for (int i = 0; i < p; i++) {
            lTheta[i] = r.nextGaussian();
            hv[i] = r.nextGaussian() * 1e-3;
        }
        vector = KernelsProvider.vector();
        plain = KernelsProvider.plain();
        step = new AdamStep(0.01, 1.5, 1e-8, 0.9, 0.999);
    }

    /** Set-up pass, then the transposed step: the sweep before the fused kernel. */
    @Benchmark
    public double[] separate() {
        jacobian.prepareFromMoments(40, 0.001, 1e-3, before, after);
        jacobian.gradientAdjoint(lTheta, lState, gamma);
        return gamma;
    }

    /** The fused pass, vector twin, moments read in place from packed states. */
    @Benchmark
    public double[] fusedVector() {
        vector.adamAdjoint(p, step, packedBefore, 0, packedAfter, 0, packedAfter, p, lTheta, lState[0], lState[1], gamma);
        return gamma;
    }

    /** The fused pass, plain twin. */
    @Benchmark
    public double[] fusedPlain() {
        plain.adamAdjoint(p, step, packedBefore, 0, packedAfter, 0, packedAfter, p, lTheta, lState[0], lState[1], gamma);
        return gamma;
    }

    /** Copying m and v out of an in-memory checkpoint. */
    @Benchmark
    public OptimizerState stateCopy() {
        store.readSplit(1, new double[][] {after.vector(0), after.vector(1)}, null);
        return after;
    }

    /** {@code λθ ← d λθ + Hγ + α γ}. */
    @Benchmark
    public double[] finish() {
        jacobian.finishAdjoint(lTheta, gamma, hv);
        return lTheta;
    }

    /** The SGD sweep's O(p) update of its adjoint. */
    @Benchmark
    public double[] sgdUpdate() {
        double eta = 0.01;
        double alpha = 1e-3;
        for (int i = 0; i < p; i++) {
            lTheta[i] -= eta * (hv[i] + alpha * lTheta[i]);
        }
        return lTheta;
    }
}
