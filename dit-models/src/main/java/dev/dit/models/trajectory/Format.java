package dev.dit.models.trajectory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Constants and framing of the trajectory file format (see docs/trajectory-format.md). */
final class Format {
    static final byte[] MAGIC = {(byte) 0x89, 'D', 'I', 'T', 'T', 'R', 'A', 'J'};
    static final byte[] END_MAGIC = {'J', 'A', 'R', 'T', 'T', 'I', 'D', (byte) 0x89};
    /** magic(8) + u32 version + u32 reserved. */
    static final int PREAMBLE_SIZE = 16;
    /** i64 index offset + u32 version + u32 CRC32C of those 12 bytes + end magic(8). */
    static final int FOOTER_SIZE = 24;
    /** u32 tag + u64 payload length. */
    static final int FRAME_HEAD = 12;
    /** Frame head + u32 CRC32C trailer. */
    static final int BLOCK_OVERHEAD = FRAME_HEAD + 4;

    static final int TAG_HEADER = tag("HEAD");
    static final int TAG_STEPS = tag("STEP");
    static final int TAG_CHECKPOINT = tag("CKPT");
    static final int TAG_INDEX = tag("INDX");

    private Format() {
    }

    static int tag(String ascii) {
        return ByteBuffer.wrap(ascii.getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    static String tagName(int tag) {
        byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(tag).array();
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 0x20 && x < 0x7f ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return s.toString();
    }

    /** Payload length of a checkpoint block: i32 step, i32 p, θ (p doubles), k optimizer-state vectors of p doubles. */
    static long checkpointPayload(int p, int k) {
        return 8L + 8L * p * (1L + k);
    }

    /** Payload length of the checkpoints of a run described by {@code h}. */
    static long checkpointPayload(TrajectoryHeader h) {
        return checkpointPayload(h.numParams(), h.optimizer().stateVectors());
    }

    /** A little-endian buffer for a whole block with the tag and length already written. */
    static ByteBuffer newBlock(int tag, long payloadLength, boolean direct) {
        long total = payloadLength + BLOCK_OVERHEAD;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("block too large: " + payloadLength + " bytes");
        }
        ByteBuffer b = direct ? ByteBuffer.allocateDirect((int) total) : ByteBuffer.allocate((int) total);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(tag).putLong(payloadLength);
        return b;
    }

    /** Appends the CRC32C of everything written so far and flips the buffer for writing out. */
    static ByteBuffer seal(ByteBuffer block) {
        int crc = crc(block, 0, block.position());
        return block.putInt(crc).flip();
    }

    /** CRC32C of {@code buf[from, to)} without moving the buffer's position. */
    static int crc(ByteBuffer buf, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(buf.duplicate().position(from).limit(to));
        return (int) c.getValue();
    }
}
