package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dit.influence.Runs;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.TrainMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs trained with the two schedules that existed before {@code step}, {@code cosine} and
 * {@code warmup} must not change by a byte: every file of the run directory is compared with the
 * SHA-256 of the same run made by the code before the schedules were added (commit b0bc14a,
 * {@code dit train --data blobs:n=120,d=4 --n-train 60 --n-val 20 --n-test 20 --epochs 3 --batch 16
 * --lr 0.2 ...}). The version string is pinned to the one those runs recorded, so that a version
 * bump does not count as a change.
 *
 * <p>The data copy has changed format twice, and the data files and {@code run.json} (which lists
 * their names, lengths and hashes) with it; everything else must not change. Now the files are
 * dataset file version 2 ({@code data/*.ds}, features coded into a palette where that is smaller);
 * before, version 1 uncompressed ({@code data/*.ds}); before that, version 1 gzipped
 * ({@code data/*.ds.gz}). Each older pin still holds for the directory turned back into its layout:
 * the new files decoded and re-encoded in version 1 (by the test, not by {@code DatasetFile}) give
 * the version-1 pins, and those gzipped give the oldest. So the new data files hold exactly the old
 * content, and the manifest changed only in its data-file entries.
 */
class OldScheduleBytesTest {
    private static final String DATA = "blobs:n=120,d=4";
    private static final String VERSION = "0.1.0-SNAPSHOT";

    @TempDir
    Path tmp;

    /** The data files, version 2: the same for every schedule. */
    private static final String DATA_FILES = "data/test.ds=73099b65625fecebc6b42a50ad8d4a3c568ebe2cefdd98c7ddb31f7f5d7027a3"
            + " data/train.ds=3ef80caff26948ceee6728840501b56e8bd5bcd9ac3026f47beef62a4178fffd"
            + " data/val.ds=f3fcca65f77e2c7eb65c4f45f9aa0e584a9cb498c3bad31599444ea7ee4d1c0b";

    /** The data files as version 1 wrote them uncompressed: the same for every schedule. */
    private static final String V1_DATA_FILES = "data/test.ds=33ad9d75d75084a64bd7c91e267cd2f1eda9b5f2d245ed5a23ecdc350fc82513"
            + " data/train.ds=3f40c53d450dd599031d3a6b50eaaa209e7aa7545b15c6ea8107aa876cfe44ca"
            + " data/val.ds=9a8b83920e31ec52d7469e7f0f0f4a9822638870c385505766e55d24cac3381d";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "constant, mlp:6, 2, run.json=7f4f3451dcb103c6e530083b66aa5e071c7954351fba03036bf9770241b29eb6, run.json=5e0c7b8bb5ac68d2fc1e4fe13df339eed8118d522644d6fe5df060c403529b71, " + "corrupted.csv=ce9095cbd7dde350a6fd071c9d3201c0ae3c00b4d5a59b0e0d3b9fe8da079ac3"
            + " data/test.ds.gz=a30a8789f1a2bba73b42c2996761e122b9dfb7df602bbf795c98c450ea9a2922"
            + " data/train.ds.gz=384cba6da947de95948bb684ee884274004a75748b161fbc02ae714c7da110cc"
            + " data/val.ds.gz=2c8c17d1646a5b30a49053f4f19049650731ce0db4d84ad732d2816827206164"
            + " run.json=9ca30c1aca1ce406d6e866e7bfc5a35b4d377da893e7ee2eea5a15c1c1e75d6b"
            + " training-log.csv=5aa9d88abbf20ecd3d753ccbec2d20b3e7fc470f3a15ccbed0d9cab8bda9184c"
            + " trajectory.dit=f083f9bb7758a64474992213bac75b189006477e2aa767c7f387f360ee68f284",
        "sqrt, mlp:6, 2, run.json=e88e7c1f168ed4579109758dcc0c1359d075be074b4a301be44e455db66d79cb, run.json=5d30e062ba1c8848ca57a04012a2c2d8e20d91e36236e1de4c41babae419c51d, " + "corrupted.csv=ce9095cbd7dde350a6fd071c9d3201c0ae3c00b4d5a59b0e0d3b9fe8da079ac3"
            + " data/test.ds.gz=a30a8789f1a2bba73b42c2996761e122b9dfb7df602bbf795c98c450ea9a2922"
            + " data/train.ds.gz=384cba6da947de95948bb684ee884274004a75748b161fbc02ae714c7da110cc"
            + " data/val.ds.gz=2c8c17d1646a5b30a49053f4f19049650731ce0db4d84ad732d2816827206164"
            + " run.json=e577fdc3014002d21c1d7acdad4e25a4c3bd62eab41e122bbc3cb15e542ae5f6"
            + " training-log.csv=aea522481f9c9aec4fdca92ed29c69fb3a7b3aecf655716369f5f236b3c4b95d"
            + " trajectory.dit=90eece514e3118942740cc900772e0935cf1bb01a8d6009a6341e45e4a93fe07",
        "sqrt, logreg, 1, run.json=4b5ff93a748c4dfb2c23745b8c7ff202b92dfba490e632536865f55cda75988a, run.json=fc19ed76f879a7827fcd5671ed5016efa537af2476522de3894c88ffac5c6d21, " + "corrupted.csv=ce9095cbd7dde350a6fd071c9d3201c0ae3c00b4d5a59b0e0d3b9fe8da079ac3"
            + " data/test.ds.gz=a30a8789f1a2bba73b42c2996761e122b9dfb7df602bbf795c98c450ea9a2922"
            + " data/train.ds.gz=384cba6da947de95948bb684ee884274004a75748b161fbc02ae714c7da110cc"
            + " data/val.ds.gz=2c8c17d1646a5b30a49053f4f19049650731ce0db4d84ad732d2816827206164"
            + " run.json=7d9b4476919eeaea9b9a79a3ca5fe8df61337a63d82b2194adb6c497bb35e8ec"
            + " training-log.csv=4e78b1b0b24ee15a662c47a518129504cb44d2aa43864a3d0056e4230b3d3436"
            + " trajectory.dit=5443a0886d6a34bbe44072219d7992ecdf2c5119a0b8ec8d83105fd3a7cf531c"
    })
    void runDirectoryIsByteIdenticalToTheOneMadeBeforeTheNewSchedules(String decay, String model, int checkpointEvery,
                                                                      String manifest, String v1Manifest,
                                                                      String oldHashes) throws IOException {
        Map<String, String> old = parse(oldHashes);
        Map<String, String> v1 = new TreeMap<>(old);
        v1.keySet().removeIf(f -> f.startsWith("data/"));
        v1.putAll(parse(V1_DATA_FILES + " " + v1Manifest));
        Map<String, String> expected = new TreeMap<>(v1);
        expected.putAll(parse(DATA_FILES + " " + manifest));
        for (int attempt = 0; attempt < 2; attempt++) { // twice: the same arguments give the same bytes
            Path dir = tmp.resolve(decay + "-" + model + "-" + attempt);
            write(dir, LearningRate.parse(decay), model, checkpointEvery);
            assertEquals(expected, sha256(dir), "run directory of --lr-decay " + decay + " changed");
            LegacyRunDirectories.version1Data(dir);
            assertEquals(v1, sha256(dir), "with version-1 data files, the run directory of --lr-decay " + decay
                    + " differs from the one made before");
            LegacyRunDirectories.gzipData(dir);
            assertEquals(old, sha256(dir), "in the old layout, the run directory of --lr-decay " + decay
                    + " differs from the one made before");
        }
    }

    private static Map<String, String> parse(String hashes) {
        Map<String, String> out = new TreeMap<>();
        for (String entry : hashes.trim().split(" ")) {
            String[] kv = entry.split("=");
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    private static void write(Path dir, LearningRate decay, String model, int checkpointEvery) throws IOException {
        Runs.DataPlan plan = new Runs.DataPlan(60, 20, 20, 0, 0.0, RunTraining.corruptSeed(0), FeatureScaling.NONE);
        // exact training metrics, as every run before the batch mean existed (and dit train --train-metrics exact)
        TrainConfig cfg = new TrainConfig(3, 16, 0.2, decay, 1e-3, 0, checkpointEvery)
                .withTrainMetrics(TrainMetrics.EXACT);
        LoadedRun trained = RunTraining.train(DataSpec.load(DATA, null), DATA, plan, ModelSpec.parse(model), cfg, null);
        RunInfo i = trained.info();
        RunInfo pinned = new RunInfo(i.dataSpec(), i.plan(), i.modelSpec(), i.config(), i.log(), i.originalLabels(),
                VERSION, i.standardizer());
        Files.createDirectories(dir);
        RunDirectory.write(dir, trained.run(), pinned);
    }

    private static Map<String, String> sha256(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), hex(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
