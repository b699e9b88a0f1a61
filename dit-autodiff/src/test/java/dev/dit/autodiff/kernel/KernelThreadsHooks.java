package dev.dit.autodiff.kernel;

/** Test access to the kernel threads' policy and a pause for workers, for tests outside this package. */
public final class KernelThreadsHooks {
    private KernelThreadsHooks() {
    }

    /** Who runs the parts of split calls: "ADAPTIVE" (the default), "SPLIT" or "ALONE". */
    public static void setPolicy(String policy) {
        KernelThreads.setPolicy(KernelThreads.Policy.valueOf(policy));
    }

    /** Runs {@code pause} in a worker after it claims a part and before it runs it (null: none). */
    public static void setWorkerPause(Runnable pause) {
        KernelBatch.workerPause = pause;
    }

    /** Parts run by workers since start. */
    public static long workerParts() {
        return KernelThreads.STATS.workerParts; // a racy read: only compared before and after
    }

    /** Constants of the per-site policy. */
    public static final class SplitPolicy {
        /** Calls per timed epoch. */
        public static final int EPOCH = dev.dit.autodiff.kernel.SplitPolicy.EPOCH;

        private SplitPolicy() {
        }
    }

    /** Calls split across workers, since start. */
    public static long splitCalls() {
        return KernelThreads.STATS.split;
    }

    /** Split calls that their site ran on the caller alone, since start. */
    public static long aloneCalls() {
        return KernelThreads.STATS.alone;
    }
}
