package dev.dit.models.trajectory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a trajectory file written by {@link TrajectoryWriter}. {@link #open(Path)} verifies the
 * preamble, footer, index, header and steps blocks (checksums and consistency) and keeps the batches
 * and learning rates in memory; checkpoints stay on disk and are read one at a time, in any order,
 * by {@link #readCheckpoint(int, double[])}, which verifies that block's checksum. Memory use is
 * O(total batch indices + T), independent of the number of checkpoints.
 *
 * <p>Damage is reported as {@link TrajectoryFormatException} naming the file and the block.
 * {@code readCheckpoint} may be called from several threads (reads are serialised).
 */
public final class TrajectoryReader implements AutoCloseable {
    private final BlockFile file;
    private final TrajectoryHeader header;
    private final Steps steps;
    private final int[] checkpointSteps;
    private final long[] checkpointOffsets;
    private final ByteBuffer checkpointBlock;

    private TrajectoryReader(BlockFile file, TrajectoryHeader header, Steps steps, int[] checkpointSteps,
                             long[] checkpointOffsets) {
        this.file = file;
        this.header = header;
        this.steps = steps;
        this.checkpointSteps = checkpointSteps;
        this.checkpointOffsets = checkpointOffsets;
        long blockLength = Format.checkpointPayload(header) + Format.BLOCK_OVERHEAD;
        this.checkpointBlock = ByteBuffer.allocateDirect((int) blockLength).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Opens and verifies everything except the checkpoint payloads.
     *
     * @param path the trajectory file
     * @return a reader; close it when done
     * @throws IOException if the file cannot be read
     * @throws TrajectoryFormatException if it is damaged or not a trajectory
     */
    public static TrajectoryReader open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return TrajectoryOpener.open(new BlockFile(path, ch));
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    static TrajectoryReader create(BlockFile file, TrajectoryHeader header, Steps steps, int[] checkpointSteps,
                                   long[] checkpointOffsets) {
        return new TrajectoryReader(file, header, steps, checkpointSteps, checkpointOffsets);
    }

    /** {@return the file's header} */
    public TrajectoryHeader header() {
        return header;
    }

    /** {@return the file this reader reads} */
    public Path file() {
        return file.path;
    }

    /** {@return the number of SGD steps T} */
    public int numSteps() {
        return header.numSteps();
    }

    /** {@return the number of parameters p} */
    public int numParams() {
        return header.numParams();
    }

    /**
     * A copy of the batch S_t (indices into the training set) used at step {@code t} in [0, T).
     *
     * @param t the step
     * @return the sample indices
     */
    public int[] batch(int t) {
        checkStep(t);
        return Arrays.copyOfRange(steps.indices, steps.offsets[t], steps.offsets[t + 1]);
    }

    /**
     * |S_t|, the size of the batch at step {@code t}.
     *
     * @param t the step
     * @return the batch size
     */
    public int batchSize(int t) {
        checkStep(t);
        return steps.offsets[t + 1] - steps.offsets[t];
    }

    /**
     * η_t, the learning rate at step {@code t} in [0, T).
     *
     * @param t the step
     * @return the learning rate
     */
    public double learningRate(int t) {
        checkStep(t);
        return steps.lrs[t];
    }

    /** {@return the stored checkpoint steps, sorted (a copy)} */
    public int[] checkpointSteps() {
        return checkpointSteps.clone();
    }

    /**
     * Whether θ_t is stored.
     *
     * @param t the step
     * @return whether it is a stored checkpoint
     */
    public boolean hasCheckpoint(int t) {
        return Arrays.binarySearch(checkpointSteps, t) >= 0;
    }

    /**
     * Reads θ_t into {@code dst} (length p), verifying the block's checksum.
     *
     * @param t a stored checkpoint step
     * @param dst receives θ_t
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if {@code t} is not a stored checkpoint or {@code dst} has the wrong length
     * @throws TrajectoryFormatException if the block is damaged
     */
    public void readCheckpoint(int t, double[] dst) throws IOException {
        readCheckpoint(t, dst, null);
    }

    /**
     * Reads θ_t and the optimizer's state before step t (its vectors one after the other, see
     * {@link dev.dit.models.train.OptimizerState#pack}), verifying the block's checksum.
     *
     * @param t a stored checkpoint step
     * @param dst receives θ_t
     * @param state receives the {@code k·p} state values ({@code k} = the optimizer's state vectors), or null
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if {@code t} is not a stored checkpoint or a buffer has the wrong length
     * @throws TrajectoryFormatException if the block is damaged
     */
    public void readCheckpoint(int t, double[] dst, double[] state) throws IOException {
        int k = header.optimizer().stateVectors();
        if (state != null && state.length != (long) k * numParams()) {
            throw new IllegalArgumentException("state destination has " + state.length + " values, expected "
                    + (long) k * numParams());
        }
        int i = Arrays.binarySearch(checkpointSteps, t);
        if (i < 0) {
            throw new IllegalArgumentException("step " + t + " is not a stored checkpoint of " + file.path
                    + " (checkpoints every " + header.checkpointEvery() + " steps, plus step " + numSteps() + ")");
        }
        if (dst.length != numParams()) {
            throw new IllegalArgumentException("destination has " + dst.length + " values, expected " + numParams());
        }
        long offset = checkpointOffsets[i];
        String where = "checkpoint block for step " + t + " at byte " + offset;
        synchronized (checkpointBlock) {
            ByteBuffer b = checkpointBlock.clear();
            file.readFully(offset, b, where);
            b.flip();
            long length = file.checkFrame(b, offset, Format.TAG_CHECKPOINT, file.size, where);
            if (length != Format.checkpointPayload(header)) {
                throw file.error(where, "payload length " + length + ", expected " + Format.checkpointPayload(header));
            }
            file.verifyCrc(b, where);
            int step = b.getInt(Format.FRAME_HEAD);
            int p = b.getInt(Format.FRAME_HEAD + 4);
            if (step != t || p != numParams()) {
                throw file.error(where, "block holds step " + step + " with " + p + " parameters");
            }
            java.nio.DoubleBuffer values = b.position(Format.FRAME_HEAD + 8).asDoubleBuffer();
            values.get(dst);
            if (state != null) {
                values.get(state);
            }
        }
    }

    /**
     * Reads every checkpoint block and verifies its checksum (a full integrity check; reads the
     * whole file).
     *
     * @throws IOException if the file cannot be read
     * @throws TrajectoryFormatException naming the first damaged block
     */
    public void verifyAll() throws IOException {
        double[] tmp = new double[numParams()];
        for (int t : checkpointSteps) {
            readCheckpoint(t, tmp);
        }
    }

    private void checkStep(int t) {
        if (t < 0 || t >= numSteps()) {
            throw new IndexOutOfBoundsException("step " + t + " outside [0, " + numSteps() + ")");
        }
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        file.channel.close();
    }

    @Override
    public String toString() {
        return "TrajectoryReader[" + file.path + ", " + header + "]";
    }
}
