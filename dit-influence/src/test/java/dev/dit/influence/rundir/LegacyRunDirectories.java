package dev.dit.influence.rundir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a run directory into the layout of older versions, which stored each split gzipped
 * ({@code data/*.ds.gz}, JDK gzip at its default level) and listed those files in
 * {@code run.json}; the manifest is otherwise re-encoded unchanged.
 */
final class LegacyRunDirectories {
    private LegacyRunDirectories() {
    }

    static void gzipData(Path dir) throws IOException {
        Manifest m = Manifest.decode(Files.readString(dir.resolve(RunDirectory.MANIFEST)), dir, RunDirectory.MANIFEST);
        List<Manifest.Split> splits = new ArrayList<>();
        for (Manifest.Split s : m.splits()) {
            String legacy = RunDirectory.legacyDataFile(s.name());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(legacy)))) {
                out.write(Files.readAllBytes(dir.resolve(s.file())));
            }
            Files.delete(dir.resolve(s.file()));
            splits.add(new Manifest.Split(s.name(), legacy, s.size(), s.fingerprint()));
        }
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (Manifest.FileEntry f : m.files()) {
            String path = f.path().endsWith(".ds") ? f.path() + DatasetFile.GZIP_SUFFIX : f.path();
            Path p = dir.resolve(path);
            files.add(new Manifest.FileEntry(path, Files.size(p), Digest.sha256(p)));
        }
        Manifest legacy = new Manifest(m.info(), m.sampleShape(), m.numClasses(), m.numParams(), m.steps(),
                m.epochBoundaries(), m.numCorrupted(), splits, files);
        Files.write(dir.resolve(RunDirectory.MANIFEST), legacy.encode().getBytes(StandardCharsets.UTF_8));
    }
}
