package dev.dit.spark;

import dev.dit.cli.LooEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Copies a run directory named by a Hadoop URI ({@code hdfs://...}, {@code file:/...}, or any
 * scheme the cluster's Hadoop configuration knows) into a local temporary directory, because the
 * run reader needs local files (it maps the trajectory). A plain path is used where it is: on a
 * cluster it must then be on a file system that every machine mounts at that path.
 */
final class RunFetcher {
    private RunFetcher() {
    }

    /** The run as typed: a local path as it is, a URI copied with Hadoop's FileSystem API. */
    static LooEngine.LocalRun open(String run) throws IOException {
        if (!isUri(run)) {
            Path dir = Path.of(run);
            return new Copy(dir, false);
        }
        return fetch(run);
    }

    /** Whether the run is named by a URI (a scheme before the colon) rather than a local path. */
    static boolean isUri(String run) {
        return run.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }

    /** A local copy of the run at {@code uri}. */
    static LooEngine.LocalRun fetch(String uri) throws IOException {
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs;
        FileStatus status;
        try {
            fs = src.getFileSystem(new Configuration());
            status = fs.getFileStatus(src);
        } catch (java.io.FileNotFoundException e) {
            throw new IOException("run directory " + uri + ": does not exist");
        } catch (IOException | RuntimeException e) {
            throw new IOException("run directory " + uri + ": cannot be read through Hadoop's FileSystem API ("
                    + firstLine(e) + ")", e);
        }
        if (!status.isDirectory()) {
            throw new IOException("run directory " + uri + ": is not a directory");
        }
        Path tmp = Files.createTempDirectory("dit-run-");
        Path dir = tmp.resolve("run");
        try {
            // raw local file system: no .crc files beside the copies
            fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(dir.toUri()), true);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw new IOException("run directory " + uri + ": cannot copy it to " + dir + " (" + firstLine(e) + ")", e);
        }
        return new Copy(dir, true);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary copy " + root + ": " + e.getMessage(), e);
        }
    }

    /** A run directory, deleted on close when it is a temporary copy. */
    private record Copy(Path dir, boolean temporary) implements LooEngine.LocalRun {
        @Override
        public void close() {
            if (temporary) {
                deleteTree(dir.getParent());
            }
        }
    }
}
