package dev.dit.models.trajectory;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional, checksum-verifying reads of blocks from an open trajectory file. */
final class BlockFile {
    final Path path;
    final FileChannel channel;
    final long size;

    BlockFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.size = channel.size();
    }

    TrajectoryFormatException error(String where, String problem) {
        return new TrajectoryFormatException(path, where, problem);
    }

    /** Reads exactly {@code n} bytes at {@code pos} into a fresh little-endian heap buffer. */
    ByteBuffer read(long pos, int n, String where) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        readFully(pos, b, where);
        return b.flip();
    }

    void readFully(long pos, ByteBuffer b, String where) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int r = channel.read(b, p);
            if (r < 0) {
                throw error(where, "truncated at byte " + p, new EOFException());
            }
            p += r;
        }
    }

    private TrajectoryFormatException error(String where, String problem, Throwable cause) {
        return new TrajectoryFormatException(path, where, problem, cause);
    }

    /**
     * Reads the block at {@code offset}, checks its tag, that it fits before {@code limit}, and its
     * CRC; returns the payload (little-endian, position 0).
     */
    ByteBuffer readBlock(long offset, int expectedTag, long limit, String where) throws IOException {
        long payloadLength = checkFrame(read(offset, Format.FRAME_HEAD, where), offset, expectedTag, limit, where);
        if (payloadLength + Format.BLOCK_OVERHEAD > Integer.MAX_VALUE - 8) {
            throw error(where, "block of " + payloadLength + " bytes is too large for this reader");
        }
        ByteBuffer block = read(offset, (int) (payloadLength + Format.BLOCK_OVERHEAD), where);
        verifyCrc(block, where);
        return block.position(Format.FRAME_HEAD).limit(block.limit() - 4).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Checks a frame head (at position 0 of {@code head}); returns the payload length. */
    long checkFrame(ByteBuffer head, long offset, int expectedTag, long limit, String where)
            throws TrajectoryFormatException {
        int tag = head.getInt(0);
        long length = head.getLong(4);
        if (tag != expectedTag) {
            throw error(where, "bad block tag '" + Format.tagName(tag) + "', expected '"
                    + Format.tagName(expectedTag) + "'");
        }
        if (length < 0 || length > limit - offset - Format.BLOCK_OVERHEAD) {
            throw error(where, "block length " + length + " runs past byte " + limit);
        }
        return length;
    }

    /** Verifies the CRC32C trailer of a whole block held in {@code block[0, limit)}. */
    void verifyCrc(ByteBuffer block, String where) throws TrajectoryFormatException {
        int end = block.limit() - 4;
        if (Format.crc(block, 0, end) != block.getInt(end)) {
            throw error(where, "checksum mismatch");
        }
    }
}
