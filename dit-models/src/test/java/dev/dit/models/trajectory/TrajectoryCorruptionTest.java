package dev.dit.models.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryCorruptionTest {
    @TempDir
    Path dir;
    Path damaged;
    byte[] original;
    List<Region> regions;

    /** A byte range of the file and the words an error about it must contain. */
    record Region(int from, int to, String name) {
    }

    @BeforeEach
    void writeGoodFile() throws IOException {
        Path good = dir.resolve("good.dit");
        new Fixture(3, 21).write(good);
        original = Files.readAllBytes(good);
        damaged = dir.resolve("damaged.dit");
        regions = walk(original);
    }

    /** Independent walk over the block framing, as documented in docs/trajectory-format.md. */
    static List<Region> walk(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Region> out = new ArrayList<>();
        out.add(new Region(0, 16, "preamble"));
        int pos = 16;
        int end = file.length - 24;
        while (pos < end) {
            String tag = new String(file, pos, 4, StandardCharsets.US_ASCII);
            int next = (int) (pos + 16 + b.getLong(pos + 4));
            String name = switch (tag) {
                case "HEAD" -> "header block at byte " + pos;
                case "STEP" -> "steps block at byte " + pos;
                case "CKPT" -> "checkpoint block for step " + b.getInt(pos + 12) + " at byte " + pos;
                case "INDX" -> "index block at byte " + pos;
                default -> throw new AssertionError("unknown tag " + tag + " at " + pos);
            };
            out.add(new Region(pos, next, name));
            pos = next;
        }
        assertEquals(end, pos, "blocks must end exactly where the footer starts");
        out.add(new Region(end, end + 16, "footer at byte " + end));
        out.add(new Region(end + 16, file.length, "footer missing"));
        return out;
    }

    private TrajectoryFormatException refused(byte[] bytes) throws IOException {
        Files.write(damaged, bytes);
        return refusedAsIs();
    }

    /** Opening and fully verifying {@code damaged} must fail with a format exception. */
    private TrajectoryFormatException refusedAsIs() {
        return assertThrows(TrajectoryFormatException.class, () -> {
            try (TrajectoryReader r = TrajectoryReader.open(damaged)) {
                r.verifyAll();
            }
        });
    }

    @Test
    void layoutIsPreambleHeaderStepsCheckpointsIndexFooter() {
        List<String> kinds = new ArrayList<>();
        for (Region r : regions) {
            kinds.add(r.name().split(" at byte| block")[0]);
        }
        assertEquals(List.of("preamble", "header", "steps", "checkpoint", "checkpoint", "checkpoint", "checkpoint",
                "index", "footer", "footer missing"), kinds);
        assertEquals("header block at byte 16", regions.get(1).name());
    }

    @Test
    void everySingleByteFlipIsRefusedNamingItsBlock() throws IOException {
        Files.write(damaged, original);
        try (FileChannel ch = FileChannel.open(damaged, StandardOpenOption.WRITE)) {
            for (Region region : regions) {
                for (int i = region.from(); i < region.to(); i++) {
                    int mask = i % 2 == 0 ? 0x01 : 0x80; // low and high bits, every byte
                    ch.write(ByteBuffer.wrap(new byte[] {(byte) (original[i] ^ mask)}), i);
                    String msg = refusedAsIs().getMessage();
                    if (!msg.startsWith("trajectory " + damaged + ": ") || !msg.contains(region.name())) {
                        fail("flip of bit " + mask + " at byte " + i + " (" + region.name() + ") gave: " + msg);
                    }
                    ch.write(ByteBuffer.wrap(original, i, 1), i);
                }
            }
        }
    }

    @Test
    void checkpointDamageMessageIsExact() throws IOException {
        Region ck = regions.get(4);
        byte[] bytes = original.clone();
        bytes[ck.to() - 30] ^= 0x10;
        String msg = refused(bytes).getMessage();
        assertEquals("trajectory " + damaged + ": checkpoint block for step 3 at byte " + ck.from()
                + ": checksum mismatch", msg);
        // the rest of the file stays usable: open succeeds, other checkpoints read fine
        Files.write(damaged, bytes);
        try (TrajectoryReader r = TrajectoryReader.open(damaged)) {
            r.readCheckpoint(6, new double[16]);
            assertThrows(TrajectoryFormatException.class, () -> r.readCheckpoint(3, new double[16]));
        }
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        Files.write(damaged, original);
        try (FileChannel ch = FileChannel.open(damaged, StandardOpenOption.WRITE)) {
            for (int len = original.length - 1; len >= 0; len--) {
                ch.truncate(len);
                String msg = refusedAsIs().getMessage();
                if (!msg.contains("truncated")) {
                    fail("length " + len + ": " + msg);
                }
            }
        }
        String msg = refused(Arrays.copyOf(original, original.length - 1)).getMessage();
        assertEquals("trajectory " + damaged + ": file: truncated or damaged: footer missing (no end magic in the last 24 bytes)", msg);
    }

    @Test
    void appendedGarbageIsRefused() throws IOException {
        byte[] longer = Arrays.copyOf(original, original.length + 8);
        assertTrue(refused(longer).getMessage().contains("footer missing"));
    }

    @Test
    void otherFilesAreNotTrajectories() throws IOException {
        byte[] text = "{\"formatVersion\": 1}\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        assertTrue(refused(text).getMessage().contains("preamble: not a trajectory file (bad magic)"));
    }
}
