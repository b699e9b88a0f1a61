package dev.dit.influence.diagnose;

import dev.dit.autodiff.kernel.Parallel;
import dev.dit.influence.Run;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.metrics.Bootstrap;
import dev.dit.influence.metrics.Correlation;
import dev.dit.influence.metrics.Interval;
import dev.dit.influence.query.Query;
import dev.dit.influence.truth.LeaveOneOut;
import dev.dit.influence.window.Window;
import dev.dit.models.train.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The linearity spot check of an influence estimate (method.md §10): for K seeded training
 * samples per window, the exact leave-one-out effect on the estimate's own definition
 * ({@link LeaveOneOut}) and the half-removal replay (the sample's loss weighted ½), whose doubled
 * effect {@code 2·(F(½) − F(1))} is the secant that a linear response would make equal to both
 * the derivative (the estimate) and the full removal. Per window: the Pearson correlation of
 * estimate and leave-one-out with a bootstrap interval, the correlation of estimate and secant,
 * the relative secant-vs-derivative gap and the scale ratio median |estimate| / median |LOO|.
 *
 * <p>The samples of a window are the first K of one seeded permutation of the training set that
 * can have an effect there (L: used inside the window; G: used before its end), so windows share
 * most samples and each sample is retrained once for all windows. Deterministic for any number of
 * threads: every sample's replay is sequential.
 */
public final class SpotCheck {

    private SpotCheck() {
    }

    /**
     * What to check.
     *
     * @param k samples per window (≥ 3: a correlation needs them)
     * @param seed the seed of the sample choice and of the bootstrap
     * @param threads parallel replays (≥ 1; the result does not depend on it)
     * @param resamples bootstrap resamples (≥ 1)
     */
    public record Options(int k, long seed, int threads, int resamples) {
        /**
         * Checks the values.
         *
         * @param k ≥ 3
         * @param seed any
         * @param threads ≥ 1
         * @param resamples ≥ 1
         */
        public Options {
            if (k < 3 || threads < 1 || resamples < 1) {
                throw new IllegalArgumentException("spot check needs k >= 3, threads >= 1 and resamples >= 1, got k " + k
                        + ", threads " + threads + ", resamples " + resamples);
            }
        }
    }

    /**
     * The spot check of one window.
     *
     * @param window the window
     * @param samples the training samples checked, ascending
     * @param estimate the estimate of each sample
     * @param loo the exact leave-one-out effect of each sample
     * @param secant {@code 2·(F(½) − F(1))} of each sample
     * @param pearson Pearson r of estimate and leave-one-out (NaN when either is constant)
     * @param interval its bootstrap 95 % interval
     * @param secantPearson Pearson r of estimate and secant
     * @param secantGap {@code ‖secant − estimate‖₂ / ‖estimate‖₂} (NaN when the estimate is all 0)
     * @param scaleRatio median |estimate| / median |leave-one-out| (NaN when the latter is 0)
     */
    public record Result(Window window, int[] samples, double[] estimate, double[] loo, double[] secant, double pearson,
                         Interval interval, double secantPearson, double secantGap, double scaleRatio) {
        /** {@return the number of samples checked} */
        public int n() {
            return samples.length;
        }
    }

    /**
     * Runs the spot check of {@code estimate} (which must have rows for every training sample the
     * check draws: typically all of them).
     *
     * @param run the recorded run
     * @param query the estimate's query (the same one)
     * @param estimate the estimate, with its windows and definition
     * @param options K, seed, threads, resamples
     * @param progress told about finished replays (leave-one-out, then half-removal)
     * @return one result per window of the estimate, in order
     */
    public static List<Result> check(Run run, Query query, InfluenceMatrix estimate, Options options, Progress progress) {
        if (!query.id().equals(estimate.query())) {
            throw new IllegalArgumentException("the estimate is of query " + estimate.query() + ", not " + query.id());
        }
        List<Window> windows = estimate.windows();
        int[][] perWindow = choose(run.trajectory(), run.n(), windows, estimate.definition() == dev.dit.influence.estimate.Definition.LOCAL,
                options);
        TreeSet<Integer> all = new TreeSet<>();
        for (int[] s : perWindow) {
            for (int j : s) {
                all.add(j);
            }
        }
        int[] union = all.stream().mapToInt(Integer::intValue).toArray();
        long total = 2L * union.length;
        InfluenceMatrix loo = new LeaveOneOut(run, query, windows, estimate.definition())
                .compute(union, options.threads(), null, null, (done, of) -> progress.update(done, total));
        double[][] half = halves(run, query, windows, estimate, union, options.threads(),
                done -> progress.update(union.length + done, total));
        List<Result> out = new ArrayList<>();
        Bootstrap boot = new Bootstrap(options.seed(), options.resamples());
        for (int w = 0; w < windows.size(); w++) {
            int[] s = perWindow[w];
            double[] est = estimate.column(w, s);
            double[] truth = loo.column(w, s);
            double[] sec = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                sec[i] = 2 * half[Arrays.binarySearch(union, s[i])][w];
            }
            double r = s.length < 3 ? Double.NaN : Correlation.pearson(est, truth);
            Interval ci = s.length < 3 ? Interval.UNDEFINED : boot.interval(est, truth, Correlation::pearson);
            out.add(new Result(windows.get(w), s, est, truth, sec, r, ci,
                    s.length < 3 ? Double.NaN : Correlation.pearson(est, sec), gap(sec, est), ratio(est, truth)));
        }
        return out;
    }

    /** Per window, the first K samples of one seeded permutation that can have an effect there, ascending. */
    static int[][] choose(Trajectory traj, int n, List<Window> windows, boolean local, Options options) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(options.seed());
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[k];
            perm[k] = tmp;
        }
        int[][] out = new int[windows.size()][];
        for (int w = 0; w < windows.size(); w++) {
            Window win = windows.get(w);
            boolean[] eligible = new boolean[n];
            for (int t = local ? win.start() : 0; t < win.end(); t++) {
                for (int j : traj.batch(t)) {
                    eligible[j] = true;
                }
            }
            int[] pick = Arrays.stream(perm).filter(j -> eligible[j]).limit(options.k()).toArray();
            Arrays.sort(pick);
            out[w] = pick;
        }
        return out;
    }

    private interface Done {
        void update(long done);
    }

    private static double[][] halves(Run run, Query query, List<Window> windows, InfluenceMatrix estimate, int[] samples,
                                     int threads, Done progress) {
        TreeSet<Integer> bounds = new TreeSet<>();
        for (Window w : windows) {
            bounds.add(w.start());
            bounds.add(w.end());
        }
        double[] originalF = new double[run.trajectory().steps() + 1];
        HalfRemoval first = new HalfRemoval(run, query, windows, estimate.definition(), 0.5);
        for (int t : bounds) {
            originalF[t] = first.original(t);
        }
        double[][] rows = new double[samples.length][];
        ExecutorService pool = Executors.newFixedThreadPool(threads, Parallel.outerWorkers("dit-spotcheck"));
        ThreadLocal<HalfRemoval> workers = ThreadLocal.withInitial(
                () -> new HalfRemoval(run, query, windows, estimate.definition(), 0.5));
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < samples.length; r++) {
                int row = r;
                futures.add(pool.submit(() -> {
                    rows[row] = workers.get().effect(samples[row], originalF);
                    synchronized (rows) {
                        progress.update(done.incrementAndGet());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("spot check interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        return rows;
    }

    static double gap(double[] secant, double[] est) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < est.length; i++) {
            num += (secant[i] - est[i]) * (secant[i] - est[i]);
            den += est[i] * est[i];
        }
        return den == 0 ? Double.NaN : Math.sqrt(num / den);
    }

    /**
     * The scale ratio of an estimate to a truth: median |estimate| / median |truth| (the rule of
     * {@link Verdict.Thresholds#scaleFactor()} and of {@code dit agree}'s scale warning).
     *
     * @param estimate the estimates
     * @param truth the truths, aligned
     * @return the ratio, NaN when the truth's median magnitude is 0 or there are no values
     */
    public static double scaleRatio(double[] estimate, double[] truth) {
        return ratio(estimate, truth);
    }

    /** median |a| / median |b|. */
    static double ratio(double[] a, double[] b) {
        double mb = medianAbs(b);
        return mb == 0 || a.length == 0 ? Double.NaN : medianAbs(a) / mb;
    }

    static double medianAbs(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = Math.abs(v[i]);
        }
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }
}
