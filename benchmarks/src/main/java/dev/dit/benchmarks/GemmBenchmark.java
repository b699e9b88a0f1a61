package dev.dit.benchmarks;

import dev.dit.autodiff.kernel.Kernels;
import dev.dit.autodiff.kernel.KernelsProvider;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.jblas.DoubleMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded square GEMM {@code C = A B} (n x n, row-major doubles) on each backend.
 *
 * <p>The score is the time per multiply; GFLOP/s = 2 n^3 / (1000 * score in us/op). Each
 * iteration also prints its rate, e.g. {@code [vector n=256: 52.0 GFLOP/s]}. Run, e.g.:
 * <pre>java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar Gemm -f 1 -wi 3 -i 3 -w 1 -r 1</pre>
 * The {@code jblas} rows fail their set-up (and are skipped) when jblas' native library does not
 * load (it needs libgfortran5). jblas' native BLAS decides its own threading.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Ddit.threads=1"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class GemmBenchmark {

    /** Matrix size n. */
    @Param({"64", "256", "1024"})
    public int size;

    /** Which implementation multiplies. */
    @Param({"vector", "plain", "jblas", "ejml"})
    public String backend;

    private Kernels kernels;
    private double[] a;
    private double[] b;
    private double[] c;
    private DMatrixRMaj ejmlA;
    private DMatrixRMaj ejmlB;
    private DMatrixRMaj ejmlC;
    private DoubleMatrix jblasA;
    private DoubleMatrix jblasB;
    private DoubleMatrix jblasC;

    private long calls;
    private long iterationStart;

    /** Allocates random inputs and checks the backend is available. */
    @Setup(Level.Trial)
    public void setUp() {
        KernelsProvider.setThreads(1);
        Random r = new Random(12345);
        a = random(r, size * size);
        b = random(r, size * size);
        c = new double[size * size];
        switch (backend) {
            case "vector":
                kernels = KernelsProvider.vector();
                break;
            case "plain":
                kernels = KernelsProvider.plain();
                break;
            case "jblas":
                if (KernelsProvider.jblasIfAvailable().isEmpty()) {
                    throw new IllegalStateException("skipped: jblas native library did not load");
                }
                jblasA = new DoubleMatrix(size, size, a);
                jblasB = new DoubleMatrix(size, size, b);
                jblasC = new DoubleMatrix(size, size);
                break;
            case "ejml":
                ejmlA = DMatrixRMaj.wrap(size, size, a);
                ejmlB = DMatrixRMaj.wrap(size, size, b);
                ejmlC = new DMatrixRMaj(size, size);
                break;
            default:
                throw new IllegalArgumentException("unknown backend " + backend);
        }
    }

    private static double[] random(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextDouble() - 0.5;
        }
        return x;
    }

    /** Starts the flop-rate clock of one iteration. */
    @Setup(Level.Iteration)
    public void startIteration() {
        calls = 0;
        iterationStart = System.nanoTime();
    }

    /** Prints the iteration's flop rate (JMH shows the forked JVM's output). */
    @TearDown(Level.Iteration)
    public void endIteration() {
        double seconds = (System.nanoTime() - iterationStart) * 1e-9;
        double gflop = 2.0 * size * size * size * calls * 1e-9;
        System.out.printf(Locale.ROOT, "  [%s n=%d: %.1f GFLOP/s]%n", backend, size, gflop / seconds);
    }

    /** One multiply. */
    @Benchmark
    public Object gemm() {
        int n = size;
        calls++;
        switch (backend) {
            case "jblas":
                return jblasA.mmuli(jblasB, jblasC);
            case "ejml":
                CommonOps_DDRM.mult(ejmlA, ejmlB, ejmlC);
                return ejmlC;
            default:
                kernels.gemm(false, false, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
                return c;
        }
    }
}
