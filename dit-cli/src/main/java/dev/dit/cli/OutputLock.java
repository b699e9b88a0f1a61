package dev.dit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive claim on an output path, so that two {@code dit} processes never write the same
 * output at once: an OS file lock ({@link FileChannel#tryLock()}) on a hidden {@code .NAME.lock}
 * file next to the output. The operating system releases the lock when the process dies, even
 * by {@code kill -9}; a lock file left behind then is harmless, because only a held lock counts.
 * A finished holder deletes the file before releasing the lock, and a new holder checks that the
 * name still leads to the file it locked (same device and inode before opening and after locking),
 * so the delete cannot let two processes in.
 */
final class OutputLock implements AutoCloseable {
    /** Lock files held by this JVM. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Thread cleanup;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        // Ctrl-C and SIGTERM run shutdown hooks: remove the file then too (kill -9 cannot).
        this.cleanup = new Thread(this::release, "dit-unlock");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** The lock file that guards {@code target}. */
    static Path lockFileOf(Path target) {
        Path real = OutputPaths.real(target);
        return real.resolveSibling("." + real.getFileName() + ".lock");
    }

    /**
     * Claims {@code target}, or fails at once if another process (or this one) holds it.
     *
     * @param what how the message names the output, e.g. "run directory"
     * @throws IllegalStateException naming the output when another dit is writing it
     */
    static OutputLock acquire(Path target, String what) {
        Path file = lockFileOf(target);
        // Checked before opening the file: a second channel's close would drop this JVM's OS lock.
        if (!HELD.add(file)) {
            throw held(target, what, file);
        }
        try {
            Files.createDirectories(file.getParent());
            while (true) {
                // Never open the lock file a second time while holding the lock: closing any
                // descriptor of a file drops the process's POSIX locks on it. Compare identities instead.
                Object before = identity(file);
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held in this JVM outside OutputLock
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                if (lock == null) {
                    ch.close();
                    throw held(target, what, file);
                }
                // The holder before us deletes the file when it is done: if the name now points to
                // another file (or none), our lock guards nothing, so try again on the new file.
                Object after = identity(file);
                if (after != null && after.equals(before)) {
                    return new OutputLock(file, ch, lock);
                }
                ch.close();
            }
        } catch (IOException e) {
            HELD.remove(file);
            throw new UncheckedIOException("cannot create the lock file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static IllegalStateException held(Path target, String what, Path file) {
        return new IllegalStateException(what + " " + target + " is being written by another dit process (it holds "
                + file + "); wait for it to finish or choose another --out");
    }

    /** The file's identity (device and inode on Linux and macOS), read without opening it. */
    private static Object identity(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : "no file keys here";
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Deletes the lock file and releases the lock. */
    private synchronized void release() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock at exit anyway; a leftover file is harmless
        } finally {
            HELD.remove(file);
        }
    }

    @Override
    public void close() {
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }
}
