package dev.dit.influence.truth;

import dev.dit.autodiff.kernel.Parallel;
import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.estimate.Progress;
import dev.dit.influence.query.Query;
import dev.dit.influence.window.Window;
import dev.dit.models.Evaluator;
import dev.dit.models.train.Optimizer;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exact leave-one-out ground truth by retraining (method.md §5), with the same batches, learning
 * rates, the {@code |S_t|} denominator and the run's optimizer, whose state (momentum buffer, Adam
 * moments, step count) is carried along the counterfactual run.
 * <ul>
 *   <li>G: from θ_0 with j removed everywhere, F at every window boundary:
 *       {@code I_G = [F(θ^{-j}_{t2}) − F(θ_{t2})] − [F(θ^{-j}_{t1}) − F(θ_{t1})]}.</li>
 *   <li>L: from the original full state s_{t1} (θ and the optimizer state), the window replayed
 *       without j: {@code F(θ^{-j}_{t2}) − F(θ_{t2})}.</li>
 * </ul>
 * Until j's first batch the counterfactual run equals the original one bit for bit, so each
 * retraining starts from the original state (θ and optimizer state) at that step. Samples run in parallel, one per task; each
 * sample's computation is sequential, so results do not depend on the number of threads.
 */
public final class LeaveOneOut {

    /** Receives each sample's row as soon as it is done (called from worker threads, serialised). */
    @FunctionalInterface
    public interface RowSink {
        /**
         * Row of training sample {@code j}.
         *
         * @param j the training sample
         * @param values its influence, one value per window
         */
        void accept(int j, double[] values);
    }

    private final Run run;
    private final Query query;
    private final List<Window> windows;
    private final Definition definition;
    private final int[] boundaries;
    private final double[] originalF;
    private final int[] firstUse;
    private final int[][] uses;

    /**
     * Prepares the ground truth of {@code query} in {@code windows} under {@code definition}.
     *
     * @param run the recorded run to retrain from
     * @param query the quantity whose change is measured
     * @param windows the windows (columns)
     * @param definition global (sample removed from the whole run) or local (only inside the window)
     */
    public LeaveOneOut(Run run, Query query, List<Window> windows, Definition definition) {
        this.run = run;
        this.query = query;
        this.windows = List.copyOf(windows);
        this.definition = definition;
        TreeSet<Integer> b = new TreeSet<>();
        for (Window w : windows) {
            b.add(w.start());
            b.add(w.end());
        }
        this.boundaries = b.stream().mapToInt(Integer::intValue).toArray();
        Trajectory traj = run.trajectory();
        ThetaReplay replay = run.replay();
        Evaluator ev = new Evaluator(run.model());
        double[] theta = new double[run.model().parameterCount()];
        this.originalF = new double[traj.steps() + 1];
        java.util.Arrays.fill(originalF, Double.NaN);
        for (int t : boundaries) {
            replay.theta(t, theta);
            originalF[t] = query.value(theta, ev);
        }
        // per sample, the steps whose batch holds it
        int n = run.n();
        List<List<Integer>> u = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            u.add(new ArrayList<>());
        }
        for (int t = 0; t < traj.steps(); t++) {
            for (int j : traj.batch(t)) {
                u.get(j).add(t);
            }
        }
        this.uses = new int[n][];
        this.firstUse = new int[n];
        for (int j = 0; j < n; j++) {
            uses[j] = u.get(j).stream().mapToInt(Integer::intValue).toArray();
            firstUse[j] = uses[j].length == 0 ? traj.steps() : uses[j][0];
        }
    }

    /**
     * Retrains for every sample in {@code samples} not already in {@code done}, on {@code threads}
     * threads, and returns the matrix over {@code samples} (done rows taken from {@code done}).
     *
     * @param samples the training samples, each in {@code [0, n)}
     * @param threads parallel retrainings, at least 1; the result does not depend on it
     * @param done rows already computed (e.g. by an interrupted run), or null
     * @param sink told about each newly computed row as soon as it is ready, or null
     * @param progress told about finished samples
     * @return the rows of {@code samples}, in their order
     * @throws IllegalArgumentException if {@code threads < 1} or a sample is out of range
     */
    public InfluenceMatrix compute(int[] samples, int threads, Map<Integer, double[]> done, RowSink sink,
                                   Progress progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        double[][] rows = new double[samples.length][];
        List<Integer> todo = new ArrayList<>();
        for (int r = 0; r < samples.length; r++) {
            int j = samples[r];
            if (j < 0 || j >= run.n()) {
                throw new IllegalArgumentException("training sample " + j + " outside [0, " + run.n() + ")");
            }
            double[] prev = done == null ? null : done.get(j);
            if (prev != null && prev.length == windows.size()) {
                rows[r] = prev;
            } else {
                todo.add(r);
            }
        }
        AtomicLong finished = new AtomicLong(samples.length - todo.size());
        progress.update(finished.get(), samples.length);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), Parallel.outerWorkers("dit-loo"));
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r : todo) {
                futures.add(pool.submit(() -> {
                    int j = samples[r];
                    double[] row = workers.get().row(j);
                    rows[r] = row;
                    synchronized (this) {
                        if (sink != null) {
                            sink.accept(j, row);
                        }
                        progress.update(finished.incrementAndGet(), samples.length);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("leave-one-out interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        return new InfluenceMatrix("loo", definition, query.id(), windows, samples, rows);
    }

    /** One thread's buffers. */
    private final class Worker {
        final Evaluator ev = new Evaluator(run.model());
        final Optimizer optimizer = new Optimizer(run.trajectory().optimizer(), ev);
        final ThetaReplay replay = run.replay();
        final double[] theta = new double[run.model().parameterCount()];
        final OptimizerState state = new OptimizerState(run.trajectory().optimizer(), theta.length);

        double[] row(int j) {
            double[] out = definition == Definition.GLOBAL ? global(j) : local(j);
            for (int w = 0; w < out.length; w++) {
                if (!Double.isFinite(out[w])) {
                    // A NaN row could be written but never read back: stop here, naming the sample.
                    throw new IllegalStateException("retraining without training sample " + j + " diverged: its "
                            + query.id() + " change in window " + windows.get(w).label() + " is " + out[w]
                            + " (the run's learning rate is too high for this sample's removal)");
                }
            }
            return out;
        }

        double[] global(int j) {
            Trajectory traj = run.trajectory();
            double[] diff = new double[traj.steps() + 1];
            int last = boundaries[boundaries.length - 1];
            int start = Math.min(firstUse[j], last);
            replay.state(start, theta, state);
            int next = 0;
            while (next < boundaries.length && boundaries[next] <= start) {
                next++; // before j is first used, the difference is exactly zero
            }
            for (int t = start; t < last; t++) {
                optimizer.step(theta, state, run.train(), traj.batch(t), traj.learningRate(t), traj.alpha(), j);
                if (next < boundaries.length && t + 1 == boundaries[next]) {
                    diff[t + 1] = query.value(theta, ev) - originalF[t + 1];
                    next++;
                }
            }
            double[] out = new double[windows.size()];
            for (int w = 0; w < out.length; w++) {
                out[w] = diff[windows.get(w).end()] - diff[windows.get(w).start()];
            }
            return out;
        }

        double[] local(int j) {
            Trajectory traj = run.trajectory();
            double[] out = new double[windows.size()];
            for (int w = 0; w < out.length; w++) {
                Window win = windows.get(w);
                int first = -1;
                for (int t : uses[j]) {
                    if (t >= win.start() && t < win.end()) {
                        first = t;
                        break;
                    }
                }
                if (first < 0) {
                    out[w] = 0.0; // j is not used inside the window: removing it there changes nothing
                    continue;
                }
                replay.state(first, theta, state);
                for (int t = first; t < win.end(); t++) {
                    optimizer.step(theta, state, run.train(), traj.batch(t), traj.learningRate(t), traj.alpha(), j);
                }
                out[w] = query.value(theta, ev) - originalF[win.end()];
            }
            return out;
        }
    }
}
