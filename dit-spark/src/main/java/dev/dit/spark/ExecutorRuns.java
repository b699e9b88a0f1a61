package dev.dit.spark;

import dev.dit.cli.LooEngine;
import dev.dit.influence.Run;
import dev.dit.influence.estimate.Definition;
import dev.dit.influence.query.Queries;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.influence.truth.LeaveOneOut;
import dev.dit.influence.window.Windows;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs an executor JVM has opened, with their prepared {@link LeaveOneOut}: each task of a job
 * reuses them instead of fetching the run and replaying the window boundaries again. Concurrent
 * tasks share one (its retrainings keep their buffers per thread).
 */
final class ExecutorRuns {
    /** Which run, query, windows and definition: the arguments a task carries. */
    record Key(String run, String query, String windows, String definition) implements Serializable {
    }

    private record Opened(LooEngine.LocalRun dir, LoadedRun loaded, LeaveOneOut loo) {
        void close() {
            try {
                loaded.close();
            } catch (IOException ignored) {
                // closing a read-only file: nothing to lose
            } finally {
                dir.close();
            }
        }
    }

    private static final Map<Key, Opened> OPEN = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorRuns::closeAll, "dit-spark-runs"));
    }

    private ExecutorRuns() {
    }

    /**
     * The prepared leave-one-out of {@code key}, opening the run the first time.
     *
     * @throws UncheckedIOException naming the run if it cannot be read
     * @throws IllegalArgumentException if the query, windows or definition do not fit the run
     */
    static LeaveOneOut get(Key key) {
        return OPEN.computeIfAbsent(key, ExecutorRuns::open).loo();
    }

    /**
     * The number of training samples of the run of {@code key} (opened by {@link #get} before).
     *
     * @throws IllegalStateException if the run is not open in this JVM
     */
    static int samples(Key key) {
        Opened o = OPEN.get(key);
        if (o == null) {
            throw new IllegalStateException("run " + key.run() + " is not open in this executor");
        }
        return o.loaded().run().n();
    }

    private static Opened open(Key key) {
        LooEngine.LocalRun dir = null;
        LoadedRun loaded = null;
        try {
            dir = RunFetcher.open(key.run());
            loaded = RunDirectory.open(dir.dir());
            Run run = loaded.run();
            LeaveOneOut loo = new LeaveOneOut(run, Queries.parse(key.query(), run.val(), run.test()),
                    Windows.parse(key.windows(), run.trajectory().epochBoundaries()), Definition.parse(key.definition()));
            return new Opened(dir, loaded, loo);
        } catch (IOException e) {
            closeQuietly(dir, loaded);
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(dir, loaded);
            throw e;
        }
    }

    private static void closeQuietly(LooEngine.LocalRun dir, LoadedRun loaded) {
        if (loaded != null) {
            new Opened(dir, loaded, null).close();
        } else if (dir != null) {
            dir.close();
        }
    }

    /** Closes every open run and deletes the local copies (the driver calls it after a local-mode job). */
    static void closeAll() {
        for (Key k : OPEN.keySet()) {
            Opened o = OPEN.remove(k);
            if (o != null) {
                o.close();
            }
        }
    }
}
