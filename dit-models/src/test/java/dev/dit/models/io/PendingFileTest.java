package dev.dit.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingFileTest {
    @TempDir
    Path dir;

    @Test
    void committedFilesAreReadableByOthersLikeAtomicFiles() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path f = dir.resolve("x.bin");
        PendingFile p = PendingFile.create(f);
        p.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        p.commit();
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Path g = dir.resolve("y.txt");
        AtomicFile.writeString(g, "y");
        assertEquals(Files.getPosixFilePermissions(g), Files.getPosixFilePermissions(f));
    }
}
