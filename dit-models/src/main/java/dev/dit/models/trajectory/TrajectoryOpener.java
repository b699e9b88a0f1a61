package dev.dit.models.trajectory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** The verification done by {@link TrajectoryReader#open}: preamble, footer, index, header, steps, layout. */
final class TrajectoryOpener {
    private final BlockFile f;
    private int version;

    private TrajectoryOpener(BlockFile f) {
        this.f = f;
    }

    static TrajectoryReader open(BlockFile f) throws IOException {
        return new TrajectoryOpener(f).open();
    }

    private TrajectoryReader open() throws IOException {
        if (f.size < Format.PREAMBLE_SIZE + Format.FOOTER_SIZE) {
            throw f.error("file", "truncated: only " + f.size + " bytes");
        }
        checkPreamble();
        long indexOffset = readFooter();
        String indexWhere = "index block at byte " + indexOffset;
        ByteBuffer index = f.readBlock(indexOffset, Format.TAG_INDEX, f.size - Format.FOOTER_SIZE, indexWhere);
        if (indexOffset + index.capacity() + Format.BLOCK_OVERHEAD != f.size - Format.FOOTER_SIZE) {
            throw f.error(indexWhere, "does not end where the footer starts");
        }
        String headerWhere = "header block at byte " + Format.PREAMBLE_SIZE;
        ByteBuffer headerPayload = f.readBlock(Format.PREAMBLE_SIZE, Format.TAG_HEADER, indexOffset, headerWhere);
        TrajectoryHeader header;
        try {
            byte[] json = new byte[headerPayload.remaining()];
            headerPayload.get(json);
            header = HeaderJson.decode(json);
            if (header.sourceVersion() != version) {
                throw new IllegalArgumentException("formatVersion " + header.sourceVersion()
                        + " disagrees with the preamble's " + version);
            }
        } catch (IOException | RuntimeException e) {
            throw new TrajectoryFormatException(f.path, headerWhere, "invalid header: " + e.getMessage(), e);
        }
        long headerEnd = Format.PREAMBLE_SIZE + headerPayload.capacity() + Format.BLOCK_OVERHEAD;

        int[] ckSteps = header.checkpointSteps();
        long[] ckOffsets = new long[ckSteps.length];
        long stepsOffset = readIndex(index, indexWhere, ckSteps, ckOffsets);
        String stepsWhere = "steps block at byte " + stepsOffset;
        if (stepsOffset < headerEnd || stepsOffset >= indexOffset) {
            throw f.error(indexWhere, "steps block offset " + stepsOffset + " outside the data region");
        }
        ByteBuffer stepsPayload = f.readBlock(stepsOffset, Format.TAG_STEPS, indexOffset, stepsWhere);
        Steps steps;
        try {
            steps = Steps.decode(stepsPayload, header);
        } catch (RuntimeException e) {
            throw new TrajectoryFormatException(f.path, stepsWhere, e.getMessage(), e);
        }
        long stepsLength = stepsPayload.capacity() + Format.BLOCK_OVERHEAD;
        checkTiling(headerEnd, indexOffset, stepsOffset, stepsLength, header, ckOffsets, indexWhere);
        return TrajectoryReader.create(f, header, steps, ckSteps, ckOffsets);
    }

    private void checkPreamble() throws IOException {
        ByteBuffer pre = f.read(0, Format.PREAMBLE_SIZE, "preamble");
        byte[] magic = new byte[Format.MAGIC.length];
        pre.get(magic);
        if (!Arrays.equals(magic, Format.MAGIC)) {
            throw f.error("preamble", "not a trajectory file (bad magic)");
        }
        int version = pre.getInt();
        if (version < TrajectoryHeader.OLDEST_READABLE_VERSION || version > TrajectoryHeader.FORMAT_VERSION) {
            throw f.error("preamble", "unsupported format version " + version + " (this reader knows "
                    + TrajectoryHeader.OLDEST_READABLE_VERSION + " to " + TrajectoryHeader.FORMAT_VERSION + ")");
        }
        this.version = version;
        if (pre.getInt() != 0) {
            throw f.error("preamble", "reserved bytes are not zero");
        }
    }

    private long readFooter() throws IOException {
        long at = f.size - Format.FOOTER_SIZE;
        String where = "footer at byte " + at;
        ByteBuffer footer = f.read(at, Format.FOOTER_SIZE, where);
        byte[] magic = new byte[Format.END_MAGIC.length];
        footer.get(16, magic);
        if (!Arrays.equals(magic, Format.END_MAGIC)) {
            throw f.error("file", "truncated or damaged: footer missing (no end magic in the last "
                    + Format.FOOTER_SIZE + " bytes)");
        }
        if (Format.crc(footer, 0, 12) != footer.getInt(12)) {
            throw f.error(where, "checksum mismatch");
        }
        if (footer.getInt(8) != version) {
            throw f.error(where, "format version " + footer.getInt(8) + " disagrees with the preamble");
        }
        long indexOffset = footer.getLong(0);
        if (indexOffset < Format.PREAMBLE_SIZE || indexOffset > at - Format.BLOCK_OVERHEAD) {
            throw f.error(where, "index offset " + indexOffset + " outside the file");
        }
        return indexOffset;
    }

    /** Checks the index against the header's checkpoint schedule; fills offsets; returns the steps offset. */
    private long readIndex(ByteBuffer index, String where, int[] ckSteps, long[] ckOffsets)
            throws TrajectoryFormatException {
        if (index.remaining() < 16) {
            throw f.error(where, "too short");
        }
        long stepsOffset = index.getLong();
        long count = index.getLong();
        if (count != ckSteps.length || index.remaining() != 16L * count) {
            throw f.error(where, "lists " + count + " checkpoints, the header implies " + ckSteps.length);
        }
        for (int i = 0; i < ckSteps.length; i++) {
            long step = index.getLong();
            if (step != ckSteps[i]) {
                throw f.error(where, "entry " + i + " is step " + step + ", expected " + ckSteps[i]);
            }
            ckOffsets[i] = index.getLong();
        }
        return stepsOffset;
    }

    /**
     * Checks that the header, steps, checkpoint and index blocks tile the file with no gaps or
     * overlaps, so every checkpoint offset points at a whole block.
     */
    private void checkTiling(long headerEnd, long indexOffset, long stepsOffset, long stepsLength,
                             TrajectoryHeader header, long[] ckOffsets, String indexWhere)
            throws TrajectoryFormatException {
        long ckLength = Format.checkpointPayload(header) + Format.BLOCK_OVERHEAD;
        long pos = headerEnd;
        boolean stepsSeen = false;
        for (int i = 0; i <= ckOffsets.length; i++) {
            if (!stepsSeen && pos == stepsOffset) {
                pos += stepsLength;
                stepsSeen = true;
            }
            if (i == ckOffsets.length) {
                break;
            }
            if (ckOffsets[i] != pos) {
                throw f.error(indexWhere, "checkpoint for step " + header.checkpointSteps()[i] + " at byte "
                        + ckOffsets[i] + ", expected byte " + pos);
            }
            pos += ckLength;
        }
        if (!stepsSeen || pos != indexOffset) {
            throw f.error(indexWhere, "blocks do not tile the file (data ends at byte " + pos
                    + ", index starts at byte " + indexOffset + ")");
        }
    }
}
