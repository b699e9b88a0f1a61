package dev.dit.models.trajectory;

import dev.dit.models.io.PendingFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Writes a trajectory file (format in {@code docs/trajectory-format.md}). Usage:
 * <pre>{@code
 * try (TrajectoryWriter w = TrajectoryWriter.open(path, header)) {
 *     w.writeSteps(batches, lrs);            // exactly once, at any point before close()
 *     w.writeCheckpoint(0, theta0);          // every header.checkpointSteps() step, in increasing order
 *     ...
 *     w.writeCheckpoint(T, thetaT);
 * }                                          // close(): index + footer, fsync, rename into place
 * }</pre>
 * Bytes go to a hidden temporary file in the target's directory; the target appears only when
 * {@link #close()} completes with the steps and all checkpoints written. If anything is missing,
 * {@code close()} discards the file and throws; {@link #abort()} discards it explicitly; a killed
 * process leaves no target. The same calls with the same data give byte-identical files.
 * Not thread-safe.
 */
public final class TrajectoryWriter implements AutoCloseable {
    private final TrajectoryHeader header;
    private final PendingFile out;
    private final int[] checkpointSteps;
    private final long[] checkpointOffsets;
    private final ByteBuffer checkpointBlock;
    private int checkpointsWritten;
    private long stepsOffset = -1;
    private boolean finished;

    private TrajectoryWriter(TrajectoryHeader header, PendingFile out) {
        this.header = header;
        this.out = out;
        this.checkpointSteps = header.checkpointSteps();
        this.checkpointOffsets = new long[checkpointSteps.length];
        this.checkpointBlock = Format.newBlock(Format.TAG_CHECKPOINT, Format.checkpointPayload(header), true);
    }

    /**
     * Creates the temporary file and writes the preamble and header block.
     *
     * @param file where the file appears when the writer is closed
     * @param header the header
     * @return the writer
     * @throws IOException if the temporary file cannot be written
     */
    public static TrajectoryWriter open(Path file, TrajectoryHeader header) throws IOException {
        PendingFile out = PendingFile.create(file);
        try {
            TrajectoryWriter w = new TrajectoryWriter(header, out);
            w.writePreambleAndHeader();
            return w;
        } catch (IOException | RuntimeException | Error e) {
            out.abort();
            throw e;
        }
    }

    private void writePreambleAndHeader() throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(Format.PREAMBLE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(Format.MAGIC).putInt(header.formatVersion()).putInt(0);
        out.write(pre.flip());
        byte[] json = HeaderJson.encode(header);
        out.write(Format.seal(Format.newBlock(Format.TAG_HEADER, json.length, false).put(json)));
    }

    /** {@return the header being written} */
    public TrajectoryHeader header() {
        return header;
    }

    /** {@return the target path (where the file appears on {@link #close()})} */
    public Path file() {
        return out.target();
    }

    /**
     * Writes the STEPS block from per-step batches: {@code batches[t]} is S_t (indices into the
     * training set, each in {@code [0, numExamples)}, non-empty) and {@code learningRates[t]} is η_t.
     * Call exactly once, before or after any checkpoints.
     *
     * @param batches S_t for every step t
     * @param learningRates η_t for every step t
     * @throws IOException if writing fails
     */
    public void writeSteps(int[][] batches, double[] learningRates) throws IOException {
        checkOpen();
        if (batches.length != header.numSteps()) {
            throw new IllegalArgumentException("need " + header.numSteps() + " batches, got " + batches.length);
        }
        writeSteps(Steps.of(batches, learningRates, header));
    }

    /**
     * Writes the STEPS block from a flat form: S_t is {@code indices[offsets[t] .. offsets[t+1])}
     * ({@code offsets} has numSteps+1 entries, starts at 0, ends at {@code indices.length}). With
     * fastutil, pass {@code list.toIntArray()}. Call exactly once, before or after any checkpoints.
     *
     * @param indices all batches, one after the other
     * @param offsets where each batch starts in {@code indices}
     * @param learningRates η_t for every step t
     * @throws IOException if writing fails
     */
    public void writeSteps(int[] indices, int[] offsets, double[] learningRates) throws IOException {
        checkOpen();
        writeSteps(Steps.of(indices, offsets, learningRates, header));
    }

    private void writeSteps(Steps steps) throws IOException {
        if (stepsOffset >= 0) {
            throw new IllegalStateException("steps already written to " + file());
        }
        ByteBuffer block = steps.encode();
        long at = out.position();
        guarded(block);
        stepsOffset = at;
    }

    /**
     * Writes θ_t. Checkpoints must be exactly {@link TrajectoryHeader#checkpointSteps()}, in that
     * order (0, K, 2K, …, then T); {@code theta} must have numParams values and is not retained.
     *
     * @param step t
     * @param theta θ_t
     * @throws IOException if writing fails
     */
    public void writeCheckpoint(int step, double[] theta) throws IOException {
        writeCheckpoint(step, theta, new double[0]);
    }

    /**
     * Writes θ_t and the optimizer's state before step t (its vectors one after the other, see
     * {@link dev.dit.models.train.OptimizerState#pack}); as {@link #writeCheckpoint(int, double[])} otherwise.
     *
     * @param step t
     * @param theta θ_t
     * @param state the {@code k·p} state values, k = the header optimizer's state vectors (empty for SGD)
     * @throws IOException if writing fails
     */
    public void writeCheckpoint(int step, double[] theta, double[] state) throws IOException {
        checkOpen();
        long stateLength = (long) header.optimizer().stateVectors() * header.numParams();
        if (state.length != stateLength) {
            throw new IllegalArgumentException("optimizer state has " + state.length + " values, expected "
                    + stateLength + " for " + header.optimizer());
        }
        if (theta.length != header.numParams()) {
            throw new IllegalArgumentException("theta has " + theta.length + " values, expected " + header.numParams());
        }
        if (checkpointsWritten == checkpointSteps.length) {
            throw new IllegalStateException("all " + checkpointSteps.length + " checkpoints already written; got step " + step);
        }
        int expected = checkpointSteps[checkpointsWritten];
        if (step != expected) {
            throw new IllegalArgumentException("next checkpoint must be for step " + expected + ", got " + step
                    + " (checkpointEvery=" + header.checkpointEvery() + ", numSteps=" + header.numSteps() + ")");
        }
        ByteBuffer b = checkpointBlock.clear().position(Format.FRAME_HEAD);
        b.putInt(step).putInt(theta.length);
        b.asDoubleBuffer().put(theta);
        b.position(b.position() + 8 * theta.length);
        b.asDoubleBuffer().put(state);
        b.position(b.position() + 8 * state.length);
        Format.seal(b);
        long at = out.position();
        guarded(b);
        checkpointOffsets[checkpointsWritten++] = at;
    }

    /**
     * Finishes the file: writes the INDEX block and footer, forces to disk and renames into place.
     * If the steps or some checkpoints are missing, discards the file and throws
     * {@link IllegalStateException}. Does nothing if already closed or aborted.
     */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (stepsOffset < 0 || checkpointsWritten < checkpointSteps.length) {
            out.abort();
            String missing = stepsOffset < 0 ? "the steps block" : "checkpoint for step " + checkpointSteps[checkpointsWritten];
            throw new IllegalStateException("trajectory " + file() + " incomplete (missing " + missing
                    + "); no file written");
        }
        try {
            long indexOffset = out.position();
            ByteBuffer index = Format.newBlock(Format.TAG_INDEX, 16L + 16L * checkpointSteps.length, false);
            index.putLong(stepsOffset).putLong(checkpointSteps.length);
            for (int i = 0; i < checkpointSteps.length; i++) {
                index.putLong(checkpointSteps[i]).putLong(checkpointOffsets[i]);
            }
            out.write(Format.seal(index));
            ByteBuffer footer = ByteBuffer.allocate(Format.FOOTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            footer.putLong(indexOffset).putInt(header.formatVersion());
            footer.putInt(Format.crc(footer, 0, 12)).put(Format.END_MAGIC);
            out.write(footer.flip());
            out.commit();
        } finally {
            out.abort();
        }
    }

    /** Discards the file; the target path is left untouched. Safe to call at any time. */
    public void abort() {
        finished = true;
        out.abort();
    }

    private void guarded(ByteBuffer block) throws IOException {
        try {
            out.write(block);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("trajectory writer for " + file() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "TrajectoryWriter[" + file() + ", " + checkpointsWritten + "/" + checkpointSteps.length
                + " checkpoints, steps " + (stepsOffset >= 0 ? "written" : "pending") + "]";
    }
}
