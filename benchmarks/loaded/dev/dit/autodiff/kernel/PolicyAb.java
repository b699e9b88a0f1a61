package dev.dit.autodiff.kernel;

import dev.dit.benchmarks.*;
import java.util.*;

/**
 * Times one benchmark workload under the kernel threads' split policies (ADAPTIVE, SPLIT: workers
 * always help, ALONE: the caller runs every part), alternating them every 0.25 s in one JVM so
 * that all see the same noise; prints the median (and quartiles) per policy. Not built by Maven:
 * it reaches the package-private policy switch from the same package on the class path.
 * Usage: see benchmarks/loaded/measure.sh.
 */
public class PolicyAb {
    public static void main(String[] a) throws Exception {
        String model = a[0]; String op = a[1]; int roundsPer = Integer.parseInt(a[2]); long warm = Long.parseLong(a[3]);
        String[] modes = a.length > 4 ? a[4].split(",") : new String[] {"ADAPTIVE", "SPLIT", "ALONE"};
        java.util.function.DoubleSupplier f;
        if (op.equals("step")) {
            SgdStepBenchmark s = new SgdStepBenchmark(); s.model = model; s.setUp(); f = s::step;
        } else if (op.equals("sweep") || op.equals("sgdSteps")) {
            DitSweepPerStepBenchmark s = new DitSweepPerStepBenchmark(); s.model = model; s.setUp();
            f = op.equals("sweep") ? () -> { s.sweep(); return 0; } : s::sgdSteps;
        } else {
            ModelDerivativesBenchmark m = new ModelDerivativesBenchmark(); m.model = model; m.op = op; m.setUp(); f = m::derivative;
        }
        long end = System.nanoTime() + warm * 1_000_000_000L;
        int w = 0;
        while (System.nanoTime() < end) { KernelThreads.setPolicy(KernelThreads.Policy.valueOf(modes[w++ % modes.length])); for (int i = 0; i < 20; i++) f.getAsDouble(); }
        Map<String, List<Double>> per = new LinkedHashMap<>();
        for (int r = 0; r < roundsPer * modes.length; r++) {
            String m = modes[r % modes.length];
            KernelThreads.setPolicy(KernelThreads.Policy.valueOf(m));
            for (int i = 0; i < 3; i++) f.getAsDouble();
            long t = System.nanoTime(); int n = 0;
            while (System.nanoTime() - t < 250_000_000L) { f.getAsDouble(); n++; }
            per.computeIfAbsent(m, k -> new ArrayList<>()).add((System.nanoTime() - t) / 1e3 / n);
        }
        StringBuilder sb = new StringBuilder(model + " " + op + ":");
        for (var e : per.entrySet()) { List<Double> v = e.getValue(); Collections.sort(v); sb.append(String.format("  %s %.1f [%.1f..%.1f]", e.getKey(), v.get(v.size()/2), v.get(v.size()/4), v.get(3*v.size()/4))); }
        System.out.println(sb + "  | " + KernelThreads.STATS);
    }
}
