package dev.dit.autodiff.kernel;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The thread count for kernels and a small set of daemon worker threads. The calling thread and
 * the workers claim the parts of a call from one counter ({@link KernelBatch}); the caller waits
 * only for parts a worker has started, never for a worker to be scheduled. Idle workers, and a
 * waiting caller, spin briefly before they park, because waking a parked thread costs ~100 us on
 * virtualised hosts, as much as the GEMMs being split; the spins adapt (see {@link KernelWorker})
 * so that on a shared machine wasted spinning does not take the core from the work. The workers
 * serve one caller at a time; a concurrent caller runs all parts itself, which gives the same
 * result since parts never share an output element. Each call site learns whether the workers
 * help at all on the machine as it is now ({@link SplitPolicy}); where they do not (another
 * process has a core), its caller runs every part.
 */
final class KernelThreads {
    /** System property overriding the default thread count (1). */
    static final String PROPERTY = "dit.threads";
    /** The longest an idle worker (or a waiting caller) spins before parking. */
    static final long SPIN_NANOS = 50_000L;

    private static final System.Logger LOG = System.getLogger(KernelThreads.class.getName());
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile int threads = initialThreads();
    private static volatile KernelWorker[] workers = new KernelWorker[0]; // written under LOCK
    private static final KernelBatch BATCH = new KernelBatch(); // started under LOCK
    /** The caller's current spin before parking while started parts finish (under LOCK). */
    private static long callerSpinNanos = SPIN_NANOS;

    private KernelThreads() {
    }

    /** Threads marked as workers of an outer parallel loop: their kernels and ops run serially. */
    private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** The thread count for work started on the current thread (1 on an outer loop's worker). */
    static int threads() {
        return SERIAL.get() ? 1 : threads;
    }

    /** The configured thread count, whatever the current thread. */
    static int configuredThreads() {
        return threads;
    }

    /** Marks the current thread as a worker of an outer parallel loop. */
    static void markSerial() {
        SERIAL.set(Boolean.TRUE);
    }

    static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        threads = n;
    }

    /** Default thread cap: the ops split into a handful of chunks, and hand-offs cost more beyond. */
    static final int DEFAULT_MAX = 4;

    /**
     * The available processors (at most {@link #DEFAULT_MAX}) unless {@code -Ddit.threads=N} says
     * otherwise. What uses them is chosen where it measured faster on the 2-vCPU machine
     * (benchmarks/RESULTS.md): the images or chunks of a convolution layer (CNN gradient about
     * 1.6 → 1.1 ms; the two vCPUs there act like hyperthreads of one core), but
     * not the GEMMs of an MLP, whose split slows training down because θ changes between products
     * and its cache lines must move between cores (see {@code VectorKernels.PARALLEL_MIN_FLOPS}).
     * Outer parallel loops (leave-one-out, retraining) keep their workers serial instead.
     */
    private static int initialThreads() {
        int cpus = Math.max(1, Math.min(DEFAULT_MAX, Runtime.getRuntime().availableProcessors()));
        return threadsFromProperty(System.getProperty(PROPERTY), cpus);
    }

    /** The value of {@code -Ddit.threads} ({@code s}, may be null), or {@code cpus} if unset or bad (logged). */
    static int threadsFromProperty(String s, int cpus) {
        if (s == null || s.isBlank()) {
            return cpus;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, like a count below 1
        }
        LOG.log(System.Logger.Level.WARNING, "ignoring bad -D" + PROPERTY + "=" + s
                + " (a thread count must be a whole number >= 1), using " + cpus);
        return cpus;
    }

    /** Whether the workers that {@code parts} parts would use are all spinning for work. */
    static boolean workersSpinning(int parts) {
        KernelWorker[] ws = workers; // a racy read is fine: the answer is only a hint
        if (ws.length < parts - 1) {
            return false;
        }
        for (int i = 0; i < parts - 1; i++) {
            if (!ws[i].spinning()) {
                return false;
            }
        }
        return true;
    }

    /** The workers started so far (for tests). */
    static KernelWorker[] workers() {
        return workers.clone();
    }

    /**
     * Runs {@code part.accept(i)} for every {@code i < parts}, returning when all have finished.
     * The caller claims parts like the workers do, so a worker that is not scheduled in time
     * (another process has the core) costs nothing: the caller runs its part instead, and the
     * number of threads that take part adapts to what the machine gives, call by call. Each call
     * site (the class of {@code part}) also learns, by timing both, whether letting workers help
     * is faster at all right now ({@link SplitPolicy}); where it is not, its caller runs every part.
     */
    static void run(int parts, IntConsumer part) {
        if (parts == 1 || LOCK.isHeldByCurrentThread() || !LOCK.tryLock()) {
            runAll(parts, part);
            return;
        }
        try {
            if (parts > KernelBatch.MAX_PARTS) {
                throw new IllegalArgumentException("at most " + KernelBatch.MAX_PARTS + " parts, got " + parts);
            }
            Policy p = policy;
            SplitPolicy site = p == Policy.ADAPTIVE ? SITES.get(part.getClass()) : null;
            int helpers = p == Policy.ALONE ? 0 : site == null ? parts - 1 : site.helpers(parts - 1);
            long t0 = System.nanoTime();
            if (helpers == 0) {
                STATS.alone++;
                runAll(parts, part);
            } else {
                runSplit(parts, part, helpers);
            }
            if (site != null) {
                site.record(System.nanoTime() - t0);
            }
        } finally {
            LOCK.unlock();
        }
    }

    /** Who runs the parts of a split call. */
    enum Policy {
        /** Each call site learns whether workers help ({@link SplitPolicy}); the default. */
        ADAPTIVE,
        /** Workers always help (for tests and measurements). */
        SPLIT,
        /** The caller runs every part (for tests and measurements). */
        ALONE
    }

    private static volatile Policy policy = Policy.ADAPTIVE;

    /** Sets who runs the parts of split calls from now on (for tests and measurements). */
    static void setPolicy(Policy p) {
        policy = p;
    }

    private static void runAll(int parts, IntConsumer part) {
        for (int i = 0; i < parts; i++) {
            part.accept(i);
        }
    }

    /** Runs a call's parts on the caller and up to {@code helpers} workers (under the lock). */
    private static void runSplit(int parts, IntConsumer part, int helpers) {
        if (workers.length < helpers) {
            KernelWorker[] grown = java.util.Arrays.copyOf(workers, helpers);
            for (int i = workers.length; i < grown.length; i++) {
                grown[i] = new KernelWorker(i + 1, BATCH);
                grown[i].start();
            }
            workers = grown;
        }
        KernelBatch batch = BATCH;
        batch.start(part, parts, helpers);
        KernelWorker[] ws = workers;
        for (int i = 0; i < helpers; i++) {
            ws[i].wake();
        }
        int ranHere = batch.runParts();
        long t1 = System.nanoTime();
        boolean spunEnough = batch.awaitStarted(callerSpinNanos);
        callerSpinNanos = spunEnough ? Math.min(SPIN_NANOS, 2 * callerSpinNanos)
                : Math.max(KernelWorker.MIN_SPIN_NANOS, callerSpinNanos / 2);
        STATS.split++;
        STATS.workerParts += parts - ranHere;
        STATS.waitNanos += System.nanoTime() - t1;
        batch.rethrow();
    }

    /** The split policy of each call site, keyed by the class of its part (one lambda class per site). */
    private static final ClassValue<SplitPolicy> SITES = new ClassValue<>() {
        @Override
        protected SplitPolicy computeValue(Class<?> type) {
            return new SplitPolicy();
        }
    };

    /** The policy of the call site whose parts are instances of {@code type} (for tests). */
    static SplitPolicy site(Class<?> type) {
        return SITES.get(type);
    }

    /** Counts since start, written under the lock (for tests and tuning; racy reads are fine). */
    static final class Stats {
        /** Calls split across workers. */
        long split;
        /** Calls of a site that wanted no helpers at the time, run by the caller alone. */
        long alone;
        /** Parts run by workers. */
        long workerParts;
        /** Time callers waited for parts started by workers. */
        long waitNanos;

        @Override
        public String toString() {
            return "split=" + split + " alone=" + alone + " workerParts=" + workerParts
                    + " waitMs=" + waitNanos / 1_000_000;
        }
    }

    /** Read by tests and by {@code benchmarks/loaded/PolicyAb}; a library registers no exit hooks. */
    static final Stats STATS = new Stats();
}
