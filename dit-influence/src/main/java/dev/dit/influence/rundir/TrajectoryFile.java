package dev.dit.influence.rundir;

import dev.dit.models.train.BatchSchedule;
import dev.dit.models.train.CheckpointStore;
import dev.dit.models.train.StatefulCheckpoints;
import dev.dit.models.train.Trajectory;
import dev.dit.models.trajectory.TrajectoryHeader;
import dev.dit.models.trajectory.TrajectoryReader;
import dev.dit.models.trajectory.TrajectoryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

/**
 * A read-only {@link CheckpointStore} over a trajectory file: batches and learning rates are held
 * in memory, each θ_t is read from disk (and its checksum verified) only when asked for, so a
 * {@link Trajectory} backed by it costs O(N + T) memory plus whatever its readers cache
 * (O(K·p) for a {@link dev.dit.models.train.ThetaReplay}). Reads may come from several threads.
 * A damaged checkpoint surfaces as an {@link UncheckedIOException} whose message names the file
 * and the block.
 */
public final class TrajectoryFile implements StatefulCheckpoints, AutoCloseable {
    private final TrajectoryReader reader;
    private final Trajectory trajectory;
    private final CheckpointStore states = new States();

    private TrajectoryFile(TrajectoryReader reader) {
        this.reader = reader;
        TrajectoryHeader h = reader.header();
        int steps = h.numSteps();
        int[][] batches = new int[steps][];
        double[] lrs = new double[steps];
        for (int t = 0; t < steps; t++) {
            batches[t] = reader.batch(t);
            lrs[t] = reader.learningRate(t);
        }
        BatchSchedule schedule = BatchSchedule.of(batches, h.epochBoundaries());
        this.trajectory = new Trajectory(schedule, lrs, h.hyperparameters().l2(), h.checkpointEvery(), this,
                h.numParams(), h.optimizer(), h.optimizer().stateVectors() == 0 ? null : states);
    }

    /**
     * Opens {@code file}, verifying everything but the checkpoint payloads (see
     * {@link TrajectoryReader#open(Path)}).
     *
     * @param file the trajectory file
     * @throws dev.dit.models.trajectory.TrajectoryFormatException if the file is damaged
     * @return the open file; close it when done
     */
    public static TrajectoryFile open(Path file) throws IOException {
        TrajectoryReader r = TrajectoryReader.open(file);
        try {
            return new TrajectoryFile(r);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /**
     * Writes {@code trajectory} to {@code file} (atomically) under {@code header}: its batches,
     * learning rates and every checkpoint the header schedules, read from the trajectory's store.
     *
     * @param file the file to create or replace
     * @param header the header, scheduling the checkpoints
     * @param trajectory the run
     * @throws IOException if writing fails
     */
    public static void write(Path file, TrajectoryHeader header, Trajectory trajectory) throws IOException {
        if (header.numSteps() != trajectory.steps() || header.checkpointEvery() != trajectory.checkpointEvery()
                || header.numParams() != trajectory.parameterCount()
                || !header.optimizer().equals(trajectory.optimizer())) {
            throw new IllegalArgumentException("trajectory header " + header + " does not describe a trajectory of "
                    + trajectory.steps() + " steps, K=" + trajectory.checkpointEvery() + ", p="
                    + trajectory.parameterCount() + ", " + trajectory.optimizer());
        }
        double[] theta = new double[trajectory.parameterCount()];
        double[] state = new double[trajectory.optimizer().stateVectors() * trajectory.parameterCount()];
        try (TrajectoryWriter w = TrajectoryWriter.open(file, header)) {
            try {
                w.writeSteps(trajectory.schedule().batches(), trajectory.learningRates());
                for (int t : header.checkpointSteps()) {
                    trajectory.checkpoints().read(t, theta);
                    if (state.length > 0) {
                        trajectory.states().read(t, state);
                    }
                    w.writeCheckpoint(t, theta, state);
                }
            } catch (IOException | RuntimeException e) {
                w.abort();
                throw e;
            }
        }
    }

    /**
     * The file's header.
     *
     * @return the file's header
     */
    public TrajectoryHeader header() {
        return reader.header();
    }

    /**
     * The file.
     *
     * @return the file
     */
    public Path file() {
        return reader.file();
    }

    /**
     * The trajectory whose checkpoints this file stores.
     *
     * @return the trajectory whose checkpoints this file stores
     */
    public Trajectory trajectory() {
        return trajectory;
    }

    @Override
    public boolean has(int t) {
        return reader.hasCheckpoint(t);
    }

    /** Reads θ_t from disk, verifying its checksum. */
    @Override
    public void read(int t, double[] dst) {
        try {
            reader.readCheckpoint(t, dst);
        } catch (ClosedChannelException e) {
            throw new UncheckedIOException("cannot read θ_" + t + ": trajectory file " + file() + " is closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() == null ? "cannot read " + file() : e.getMessage(), e);
        }
    }

    /** The optimizer states of the checkpoints (packed), read from the same blocks as θ. */
    @Override
    public CheckpointStore states() {
        return states;
    }

    private final class States implements CheckpointStore {
        @Override
        public boolean has(int t) {
            return reader.hasCheckpoint(t);
        }

        @Override
        public void read(int t, double[] dst) {
            TrajectoryFile.this.read(t, new double[reader.numParams()], dst);
        }

        @Override
        public void write(int t, double[] state) {
            throw new UnsupportedOperationException("trajectory file " + file() + " is read-only");
        }
    }

    /** Reads θ_t and the optimizer state before step t from the same block, verifying its checksum. */
    @Override
    public void read(int t, double[] theta, double[] state) {
        try {
            reader.readCheckpoint(t, theta, state);
        } catch (ClosedChannelException e) {
            throw new UncheckedIOException("cannot read θ_" + t + ": trajectory file " + file() + " is closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() == null ? "cannot read " + file() : e.getMessage(), e);
        }
    }

    /** Always throws: a trajectory file is read-only. */
    @Override
    public void write(int t, double[] theta) {
        throw new UnsupportedOperationException("trajectory file " + file() + " is read-only");
    }

    /** Closes the file; later reads fail. */
    @Override
    public void close() throws IOException {
        reader.close();
    }

    @Override
    public String toString() {
        return "TrajectoryFile[" + file() + "]";
    }
}
