package dev.dit.benchmarks;

import dev.dit.influence.PreparedData;
import dev.dit.influence.Runs;
import dev.dit.influence.diagnose.CurvatureMonitor;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The monitor's cost in CPU time of the training thread, for a host shared with other work where
 * JMH's wall-clock figures ({@link MonitorBenchmark}) scatter by ±100 %: training is
 * single-threaded, so the thread's CPU time is its own work whatever else runs. Plain and
 * monitored training alternate, after warm-up rounds, and the medians are printed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.dit.benchmarks.MonitorCost MODEL N_TRAIN EPOCHS OPTIMIZER ROUNDS K...}
 * on the bundled Fashion-MNIST pullover/coat subset (256 validation images, batch 64, lr 0.05 sqrt,
 * α = 1e-3, as {@code dit train} trains with per-epoch metrics).
 */
public final class MonitorCost {
    private MonitorCost() {
    }

    /**
     * Runs the measurement.
     *
     * @param args MODEL N_TRAIN EPOCHS OPTIMIZER ROUNDS K...
     */
    public static void main(String[] args) {
        String spec = args[0];
        int n = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        OptimizerSpec opt = OptimizerSpec.parse(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int[] ks = Arrays.stream(args, 5, args.length).mapToInt(Integer::parseInt).toArray();
        PreparedData d = PreparedData.prepare(DataSpec.load("fashion-mnist-mini", null),
                Runs.DataPlan.builder().nTrain(n).nVal(256).nTest(0).splitSeed(1).build());
        Dataset train = d.train();
        Model model = new Model(ModelSpec.parse(spec), train.sampleShape(), train.numClasses());
        TrainConfig cfg = TrainConfig.builder().epochs(epochs).batchSize(64).learningRate(0.05)
                .schedule(LearningRate.SQRT).l2(1e-3).seed(1).checkpointEvery(1).optimizer(opt).build();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[][] times = new double[1 + ks.length][rounds];
        int[] points = new int[ks.length];
        int warmup = 2;
        for (int r = -warmup; r < rounds; r++) {
            for (int c = 0; c <= ks.length; c++) {
                CurvatureMonitor m = c == 0 ? null : new CurvatureMonitor(model, train, opt, 64, epochs,
                        CurvatureMonitor.options(ks[c - 1]), null, null);
                long t0 = cpu.getCurrentThreadCpuTime();
                Trainer.train(model, train, d.val(), cfg, m);
                long t1 = cpu.getCurrentThreadCpuTime();
                if (r >= 0) {
                    times[c][r] = (t1 - t0) / 1e6;
                }
                if (m != null) {
                    points[c - 1] = m.points().size();
                }
            }
        }
        int steps = epochs * ((n + 63) / 64);
        double plain = median(times[0]);
        System.out.printf(Locale.ROOT, "%s %s n=%d epochs=%d steps=%d: plain %.1f ms CPU (median of %d)%n", spec, opt, n,
                epochs, steps, plain, rounds);
        for (int c = 0; c < ks.length; c++) {
            double mon = median(times[c + 1]);
            System.out.printf(Locale.ROOT, "  --monitor=%d: %d points, %.1f ms CPU, +%.1f %%%n", ks[c], points[c], mon,
                    100 * (mon / plain - 1));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
