package dev.dit.benchmarks;

import dev.dit.models.train.LearningRate;
import dev.dit.models.trajectory.Hyperparameters;
import dev.dit.models.trajectory.TrajectoryHeader;
import dev.dit.models.trajectory.TrajectoryReader;
import dev.dit.models.trajectory.TrajectoryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Trajectory file throughput. One operation writes (or opens and reads back, newest first) a whole
 * file of {@code checkpoints} θ vectors of {@code p} doubles. The {@code megabytes} secondary
 * result is MB/s (10^6 bytes of file per second); the write includes the final fsync and rename.
 * Files go to java.io.tmpdir, so reads usually hit the page cache.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TrajectoryIoBenchmark {
    @Param({"50890"})
    public int p;

    @Param({"100"})
    public int checkpoints;

    private static final int EVERY = 10;
    private static final int BATCH = 32;
    private static final int EXAMPLES = 60_000;

    private Path dir;
    private Path readFile;
    private Path writeFile;
    private TrajectoryHeader header;
    private int[][] batches;
    private double[] lrs;
    private double[] theta;
    private double[] dst;
    private long fileBytes;

    /** MB moved per second, reported next to ops/s. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Throughput {
        /** Megabytes (10^6 bytes) written or read; JMH reports it per second. */
        public double megabytes;

        @Setup(Level.Iteration)
        public void reset() {
            megabytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int steps = EVERY * (checkpoints - 1);
        header = TrajectoryHeader.builder()
                .modelSpec("bench")
                .parameter("theta", p)
                .dataset("bench", EXAMPLES)
                .hyperparameters(new Hyperparameters(BATCH, 0.1, LearningRate.CONSTANT, 0, 1, 1, 10))
                .checkpointEvery(EVERY)
                .epochBoundaries(0, steps)
                .ditVersion("bench")
                .build();
        SplittableRandom r = new SplittableRandom(1);
        batches = new int[steps][BATCH];
        for (int[] b : batches) {
            for (int i = 0; i < BATCH; i++) {
                b[i] = r.nextInt(EXAMPLES);
            }
        }
        lrs = new double[steps];
        java.util.Arrays.fill(lrs, 0.1);
        theta = new double[p];
        for (int i = 0; i < p; i++) {
            theta[i] = r.nextDouble() - 0.5;
        }
        dst = new double[p];
        dir = Files.createTempDirectory("dit-traj-bench");
        readFile = dir.resolve("read.dit");
        writeFile = dir.resolve("write.dit");
        write(readFile);
        fileBytes = Files.size(readFile);
    }

    private void write(Path file) throws IOException {
        try (TrajectoryWriter w = TrajectoryWriter.open(file, header)) {
            w.writeSteps(batches, lrs);
            for (int t : header.checkpointSteps()) {
                theta[0] = t;
                w.writeCheckpoint(t, theta);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** Writes a whole trajectory file, fsync and rename included. */
    @Benchmark
    public void write(Throughput tp) throws IOException {
        write(writeFile);
        tp.megabytes += fileBytes / 1e6;
    }

    /** Opens a trajectory file and reads every checkpoint backwards, checksums verified. */
    @Benchmark
    public void readBackwards(Throughput tp, Blackhole bh) throws IOException {
        try (TrajectoryReader r = TrajectoryReader.open(readFile)) {
            int[] steps = r.checkpointSteps();
            for (int i = steps.length - 1; i >= 0; i--) {
                r.readCheckpoint(steps[i], dst);
                bh.consume(dst[0]);
            }
        }
        tp.megabytes += fileBytes / 1e6;
    }
}
