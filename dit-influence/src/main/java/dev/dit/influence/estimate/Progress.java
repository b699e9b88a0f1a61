package dev.dit.influence.estimate;

/** Progress of a long computation, in units of work (steps, samples). */
@FunctionalInterface
public interface Progress {
    /** No-op progress. */
    Progress NONE = (done, total) -> { };

    /** {@code done} of {@code total} units finished. */
    void update(long done, long total);
}
