package dev.dit.influence.estimate;

/** Progress of a long computation, in units of work (steps, samples). */
@FunctionalInterface
public interface Progress {
    /** No-op progress. */
    Progress NONE = (done, total) -> { };

    /**
     * {@code done} of {@code total} units finished.
     *
     * @param done units finished so far
     * @param total units in all
     */
    void update(long done, long total);
}
