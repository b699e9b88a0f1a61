package dev.dit.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation ({@code -prof dev.dit.benchmarks.CpuTimeProfiler}, reported as
 * {@code ·cpu.time.norm} in µs/op): the CPU time of the benchmark's worker threads and of the
 * kernels' worker threads ({@code dit-kernel-*}, spinning included), not of the JIT, GC or JMH's
 * own threads. On a host shared with other busy processes the wall-clock score also counts the
 * time the benchmark waited for a CPU; CPU time does not, though it still feels what the
 * neighbours do to the caches and the memory bandwidth.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> start = Map.of();

    @Override
    public String getDescription() {
        return "CPU time of the benchmark and kernel threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = snapshot();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                 IterationResult result) {
        long used = 0;
        for (Map.Entry<Long, Long> e : snapshot().entrySet()) {
            used += e.getValue() - start.getOrDefault(e.getKey(), 0L);
        }
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : used / 1e3 / ops;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "us/op", AggregationPolicy.AVG));
    }

    /** Thread id → CPU nanoseconds of the threads that do the benchmark's work. */
    private Map<Long, Long> snapshot() {
        Map<Long, Long> out = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            if (name.contains("jmh-worker") || name.startsWith("dit-kernel-")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    out.put(info.getThreadId(), t);
                }
            }
        }
        return out;
    }
}
