package dev.dit.influence.rundir;

import dev.dit.models.data.Dataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a run directory into the layouts of older versions: {@link #version1Data} re-encodes each
 * split in dataset file version 1 (raw f64 features, no palette; {@code data/*.ds}), and
 * {@link #gzipData} then gzips those ({@code data/*.ds.gz}, JDK gzip at its default level), as the
 * versions before wrote them. Each lists the new files in {@code run.json}, which is otherwise
 * re-encoded unchanged.
 */
final class LegacyRunDirectories {
    private LegacyRunDirectories() {
    }

    /** Re-encodes every {@code data/*.ds} in version 1, from the dataset it decodes to. */
    static void version1Data(Path dir) throws IOException {
        Manifest m = manifest(dir);
        for (Manifest.Split s : m.splits()) {
            Dataset d = DatasetFile.read(dir, s.file());
            Files.write(dir.resolve(s.file()), version1(d));
        }
        relist(dir, m, UnaryOperator.identity());
    }

    /** Gzips every data file as it is and names the {@code .ds.gz} files in {@code run.json}. */
    static void gzipData(Path dir) throws IOException {
        Manifest m = manifest(dir);
        for (Manifest.Split s : m.splits()) {
            String legacy = RunDirectory.legacyDataFile(s.name());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(legacy)))) {
                out.write(Files.readAllBytes(dir.resolve(s.file())));
            }
            Files.delete(dir.resolve(s.file()));
        }
        relist(dir, m, path -> path.endsWith(".ds") ? path + DatasetFile.GZIP_SUFFIX : path);
    }

    /**
     * The version-1 content of {@code d}, encoded here rather than by {@link DatasetFile} (which
     * writes only version 2): magic, u32 1, u32 L, the JSON header, n·d f64, n i32, u32 CRC-32C.
     */
    static byte[] version1(Dataset d) {
        byte[] json = DatasetFile.headerJson(d);
        int n = d.size();
        int values = n * d.featureCount();
        ByteBuffer b = ByteBuffer.allocate(DatasetFile.MAGIC.length + 8 + json.length + 8 * values + 4 * n + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(DatasetFile.MAGIC).putInt(1).putInt(json.length).put(json);
        for (double v : d.features()) {
            b.putDouble(v);
        }
        for (int y : d.labels()) {
            b.putInt(y);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static Manifest manifest(Path dir) throws IOException {
        return Manifest.decode(Files.readString(dir.resolve(RunDirectory.MANIFEST)), dir, RunDirectory.MANIFEST);
    }

    /** Rewrites {@code run.json} with the data files renamed by {@code rename}, lengths and hashes anew. */
    private static void relist(Path dir, Manifest m, UnaryOperator<String> rename) throws IOException {
        List<Manifest.Split> splits = new ArrayList<>();
        for (Manifest.Split s : m.splits()) {
            splits.add(new Manifest.Split(s.name(), rename.apply(s.file()), s.size(), s.fingerprint()));
        }
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (Manifest.FileEntry f : m.files()) {
            String path = rename.apply(f.path());
            Path p = dir.resolve(path);
            files.add(new Manifest.FileEntry(path, Files.size(p), Digest.sha256(p)));
        }
        Manifest legacy = new Manifest(m.info(), m.sampleShape(), m.numClasses(), m.numParams(), m.steps(),
                m.epochBoundaries(), m.numCorrupted(), splits, files);
        Files.write(dir.resolve(RunDirectory.MANIFEST), legacy.encode().getBytes(StandardCharsets.UTF_8));
    }
}
