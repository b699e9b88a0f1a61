package dev.dit.cli;

import dev.dit.influence.estimate.Progress;
import dev.dit.influence.truth.LeaveOneOut;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Another place to run {@code dit loo}'s retrainings than this JVM's threads: {@code dit loo
 * --engine NAME}. Engines are found with {@link java.util.ServiceLoader}; dit.jar has none, the
 * {@code dit-spark} module adds {@code spark}. The command keeps everything else (choosing the
 * samples, the header, resuming from {@code OUT.partial}, writing {@code OUT}), so the file is the
 * same whichever engine computed its rows.
 */
public interface LooEngine {

    /**
     * What the engine must compute: the arguments of {@code dit loo} as typed, so that workers on
     * other machines can open the run and parse the query and windows themselves.
     *
     * @param run the run directory as typed in {@code --run} (a path or a URI such as {@code hdfs://...})
     * @param query the {@code --query} spec
     * @param windows the {@code --windows} spec
     * @param definition the {@code --definition} id
     * @param samples the training samples still to compute, ascending
     * @param master the {@code --master} URL, or null for the engine's default
     * @param partitions the {@code --partitions} count, or null for the engine's default
     */
    record Job(String run, String query, String windows, String definition, int[] samples, String master,
               Integer partitions) {
    }

    /** A local directory holding a run that lives elsewhere; closing it deletes the copy. */
    interface LocalRun extends AutoCloseable {
        /**
         * The directory.
         *
         * @return a local run directory
         */
        Path dir();

        @Override
        void close();
    }

    /**
     * The {@code --engine} value that selects this engine.
     *
     * @return e.g. {@code spark}
     */
    String name();

    /**
     * Copies a run that is not a local path (a URI such as {@code hdfs://...}) to a local
     * directory, so that this process can read it.
     *
     * @param run the run as typed in {@code --run}
     * @return the local copy
     * @throws IOException if the run cannot be read
     */
    LocalRun fetch(String run) throws IOException;

    /**
     * Computes the row of every sample of the job and gives each to {@code sink} (one call at a
     * time) as soon as it is known. Returns only when all rows are given; throws, with a message
     * naming the sample, if one of them failed.
     *
     * @param job what to compute
     * @param sink receives the rows, in any order
     * @param progress told about finished samples of {@code job.samples()}
     */
    void compute(Job job, LeaveOneOut.RowSink sink, Progress progress);
}
