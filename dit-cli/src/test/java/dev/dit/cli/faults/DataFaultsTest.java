package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault suite, data: label parsing, one-class data, standardisation, pool sizes, and edited
 * {@code run.json} fields. Every case checks the exit code, the message and what is left on disk.
 */
class DataFaultsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A CSV of n rows: x1 in the thousands, x2 tiny, x3 constant, label from x1 and x2. */
    private Path csv(String name, int n, String... labels) throws IOException {
        StringBuilder b = new StringBuilder("x1,x2,x3,label\n");
        for (int i = 0; i < n; i++) {
            double x1 = 1000 + 37.0 * ((i * 7919) % 101) - 1850;
            double x2 = 0.001 * ((i * 104729) % 13);
            String label = labels.length > 0 ? labels[i % labels.length] : (x1 + 1000 * x2 > 1000 ? "1" : "0");
            b.append(String.format(Locale.ROOT, "%.3f,%.4f,5,%s%n", x1, x2, label));
        }
        Path f = tmp.resolve(name);
        Files.writeString(f, b.toString());
        return f;
    }

    private static String[] trainArgs(String data, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data, "--model", "logreg", "--n-train", "60",
                "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "16", "--quiet", "--out", out.toString()));
        a.addAll(List.of(extra));
        if (!a.contains("--lr")) {
            a.addAll(List.of("--lr", "0.1"));
        }
        return a.toArray(String[]::new);
    }

    private static JsonNode json(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    private static void assertOneErrorLine(Cli.Result r, int exit, String... parts) {
        assertEquals(exit, r.exit(), r.all());
        assertEquals(1, r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).count(), r.all());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + p + "' not in:\n" + r.all());
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.all());
    }

    private static void assertNoRun(Path out) {
        assertFalse(Files.exists(out.resolve("run.json")), "no run.json may be left in " + out);
    }

    // ---- labels ----

    @Test
    void csvLabelsOneAndOnePointZeroAreOneClassAndRefused() throws IOException {
        Path f = csv("same.csv", 120, "1", "1.0", "+1", "1e0");
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(trainArgs("csv:" + f, out));
        assertOneErrorLine(r, 1, "dit: error: " + f, "every label is '1'", "at least 2 classes");
        assertFalse(Files.exists(out));
    }

    @Test
    void csvLabelsWrittenTwoWaysGiveTwoClassesNotFour() throws IOException {
        Path f = csv("mixed.csv", 120, "1", "1.0", "2", "2.00");
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(trainArgs("csv:" + f, out));
        assertEquals(0, r.exit(), r.all());
        JsonNode run = json(out.resolve("run.json"));
        assertEquals(2, run.get("data").get("numClasses").asInt());
        assertEquals(4, run.get("model").get("numParams").asInt(), "binary logreg on 3 features: one logit");
    }

    @Test
    void idxLabelsFileWithOneClassIsRefusedNamingIt() throws IOException {
        Path images = tmp.resolve("img.idx");
        Path labels = tmp.resolve("lab.idx");
        int n = 10;
        ByteBuffer img = ByteBuffer.allocate(16 + n * 4).putInt(0x803).putInt(n).putInt(2).putInt(2);
        for (int i = 0; i < n * 4; i++) {
            img.put((byte) i);
        }
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            lab.put((byte) 3);
        }
        Files.write(images, img.array());
        Files.write(labels, lab.array());
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(trainArgs("idx:" + images + "," + labels, out));
        assertOneErrorLine(r, 1, "dit: error: " + labels, "every label is 3", "at least 2 classes");
        assertFalse(Files.exists(out));
    }

    @Test
    void trainingSplitOfOneClassIsRefused() {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "1", "--n-val",
                "20", "--n-test", "20", "--epochs", "1", "--batch", "1", "--lr", "0.1", "--out", out.toString());
        assertOneErrorLine(r, 1, "training split", "holds only class", "at least 2 classes");
        assertFalse(Files.exists(out));
    }

    // ---- standardisation ----

    @Test
    void rawCsvFeaturesTrainButTrainWarnsThatTheyAreBadlyScaledEvenWhenQuiet() throws IOException {
        Path f = csv("raw-warn.csv", 120);
        Path raw = tmp.resolve("raw");
        Cli.Result r = Cli.run(trainArgs("csv:" + f, raw, "--standardize", "none", "--lr", "1e-7"));
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("dit: warning: features are badly scaled: the largest |feature| of the training split is"),
                r.all());
        assertTrue(Files.isRegularFile(raw.resolve("run.json")), "the run is written all the same");
        Path z = tmp.resolve("z");
        Cli.Result s = Cli.run(trainArgs("csv:" + f, z));
        assertEquals(0, s.exit(), s.all());
        assertFalse(s.err().contains("badly scaled"), "standardised features draw no warning:\n" + s.all());
    }

    @Test
    void csvIsStandardisedByDefaultWithStatisticsInRunJson() throws IOException {
        Path f = csv("raw.csv", 120);
        Path out = tmp.resolve("run");
        String[] loud = java.util.Arrays.stream(trainArgs("csv:" + f, out)).filter(a -> !a.equals("--quiet"))
                .toArray(String[]::new);
        Cli.Result r = Cli.run(loud);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("features standardised (z, training-split statistics)"), r.all());
        JsonNode data = json(out.resolve("run.json")).get("data");
        assertEquals("z", data.get("standardize").asText());
        JsonNode mean = data.get("standardizer").get("mean");
        JsonNode scale = data.get("standardizer").get("scale");
        assertEquals(3, mean.size());
        assertTrue(mean.get(0).asDouble() > 500, "x1's raw mean is in the hundreds: " + mean);
        assertEquals(5.0, mean.get(2).asDouble(), 0);
        assertEquals(1.0, scale.get(2).asDouble(), 0, "a constant feature keeps scale 1 (only centred, no NaN)");
        for (JsonNode e : json(out.resolve("run.json")).get("log")) {
            assertTrue(Double.isFinite(e.get("trainLoss").asDouble()) && e.get("trainLoss").asDouble() < 5, e.toString());
        }
        Path again = tmp.resolve("again");
        assertEquals(0, Cli.run(trainArgs("csv:" + f, again)).exit());
        for (String file : List.of("run.json", "trajectory.dit", "data/train.ds", "data/test.ds")) {
            assertArrayEquals(Files.readAllBytes(out.resolve(file)), Files.readAllBytes(again.resolve(file)),
                    "a standardised run is reproducible byte for byte: " + file);
        }
    }

    @Test
    void csvWithStandardizeNoneRecordsNothingAndKeepsRawFeatures() throws IOException {
        Path f = csv("raw.csv", 120);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(trainArgs("csv:" + f, out, "--standardize", "none", "--lr", "1e-6"));
        assertEquals(0, r.exit(), r.all());
        assertFalse(r.out().contains("standardised"), r.all());
        JsonNode data = json(out.resolve("run.json")).get("data");
        assertFalse(data.has("standardize") || data.has("standardizer"), data.toString());
    }

    @Test
    void rawCsvFeaturesInTheThousandsDivergeWhereStandardisedOnesTrain() throws IOException {
        Path f = csv("raw.csv", 120);
        Path raw = tmp.resolve("raw");
        Cli.Result r = Cli.run(trainArgs("csv:" + f, raw, "--standardize", "none"));
        assertOneErrorLine(r, 1, "training diverged in epoch 1 of 2", "the loss before training");
        assertNoRun(raw);
        assertFalse(Files.exists(raw));
        Path z = tmp.resolve("z");
        assertEquals(0, Cli.run(trainArgs("csv:" + f, z)).exit(), "the same data and rate train once standardised");
        assertTrue(Files.isRegularFile(z.resolve("run.json")));
    }

    @Test
    void imageAndSyntheticDataAreNotStandardisedAndTheirRunsStayByteIdentical() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, Cli.run(trainArgs("blobs:n=120,d=4", a)).exit());
        Cli.Result r = Cli.run(trainArgs("blobs:n=120,d=4", b, "--standardize", "none"));
        assertEquals(0, r.exit(), r.all());
        for (String file : List.of("run.json", "trajectory.dit", "data/train.ds", "data/val.ds")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)), file);
        }
        assertFalse(json(a.resolve("run.json")).get("data").has("standardize"));
    }

    @Test
    void unknownStandardisationIsAUsageErrorNamingTheFlag() {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(trainArgs("blobs:n=120,d=4", out, "--standardize", "minmax"));
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.errLines().get(0).contains("--standardize") && r.err().contains("minmax"), r.all());
        assertFalse(Files.exists(out));
    }

    @Test
    void exportOfAStandardisedRunCarriesMeanAndScale() throws IOException {
        Path f = csv("raw.csv", 120);
        Path run = tmp.resolve("run");
        assertEquals(0, Cli.run(trainArgs("csv:" + f, run)).exit());
        Path out = tmp.resolve("export");
        Cli.Result r = Cli.run("export", "--run", run.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.exit(), r.all());
        JsonNode m = json(out.resolve("manifest.json"));
        assertEquals("z", m.get("data").get("standardize").asText());
        assertEquals(json(run.resolve("run.json")).get("data").get("standardizer").get("mean"),
                m.get("data").get("standardizer").get("mean"));
        assertEquals(128 + 3 * 8, Files.size(out.resolve("standardizer_mean.npy")));
        assertEquals(128 + 3 * 8, Files.size(out.resolve("standardizer_scale.npy")));
    }

    // ---- pool sizes ----

    @Test
    void splitsLargerThanThePoolAreRefusedNamingTheFlags() {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "100",
                "--epochs", "1", "--batch", "16", "--lr", "0.1", "--out", out.toString());
        assertOneErrorLine(r, 2, "--n-train 100 + --n-val 256 + --n-test 256 = 612 samples", "has only 120");
        assertFalse(Files.exists(out));
    }

    @Test
    void experimentSplitsLargerThanThePoolAreRefusedNamingTheFlags() throws IOException {
        Path out = tmp.resolve("exp");
        Cli.Result r = Cli.run("experiment", "detection", "--data", "blobs:n=120,d=4", "--model", "logreg",
                "--n-train", "100", "--epochs", "1", "--last-k", "1", "--no-retrain", "-q", "--out", out.toString());
        assertOneErrorLine(r, 2, "--n-train 100 + --n-val 256 + --n-test 256", "has only 120");
        assertFalse(Files.exists(out.resolve("report.html")));
    }

    // ---- edited run.json ----

    private Path trainedRun() {
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run(trainArgs("blobs:n=120,d=4", run, "--corrupt", "0.1"));
        assertEquals(0, r.exit(), r.all());
        return run;
    }

    private void editedRunIsRefused(Consumer<ObjectNode> edit, String field, String... words) throws IOException {
        Path run = trainedRun();
        Path mf = run.resolve("run.json");
        ObjectNode root = (ObjectNode) json(mf);
        edit.accept(root);
        Files.writeString(mf, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        byte[] before = Files.readAllBytes(mf);
        Path out = tmp.resolve("influence.csv");
        Cli.Result r = Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet",
                "--out", out.toString());
        String[] parts = new String[words.length + 1];
        parts[0] = "dit: error: run directory " + run + ": run.json: field '" + field + "'";
        System.arraycopy(words, 0, parts, 1, words.length);
        assertOneErrorLine(r, 1, parts);
        assertFalse(Files.exists(out));
        assertArrayEquals(before, Files.readAllBytes(mf), "the run is left untouched");
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files");
        }
    }

    private static ObjectNode node(ObjectNode root, String key) {
        return (ObjectNode) root.get(key);
    }

    @Test
    void editedNegativeLearningRate() throws IOException {
        editedRunIsRefused(r -> node(r, "training").put("learningRate", -0.1), "training.learningRate", "> 0");
    }

    @Test
    void editedNTrainNotMatchingTheDataFile() throws IOException {
        editedRunIsRefused(r -> node(r, "data").put("nTrain", 50), "data.nTrain", "is 50", "size is 60");
    }

    @Test
    void editedModelSpecNotMatchingTheTrajectory() throws IOException {
        editedRunIsRefused(r -> node(r, "model").put("spec", "mlp:8"), "model.spec", "trajectory.dit holds 5");
    }

    @Test
    void editedEpochsNotMatchingTheEpochBoundaries() throws IOException {
        editedRunIsRefused(r -> node(r, "training").put("epochs", 3), "training.epochBoundaries",
                "training.epochs = 3 needs 4");
    }

    @Test
    void editedFingerprintNotMatchingTheDataFile() throws IOException {
        editedRunIsRefused(r -> node(node(node(r, "data"), "splits"), "train").put("fingerprint", "sha256:beef"),
                "data.splits.train.fingerprint", "sha256:beef", "data/train.ds holds data with");
    }

    @Test
    void editedLearningRateThatIsValidButNotTheOneTrainedWith() throws IOException {
        editedRunIsRefused(r -> node(r, "training").put("learningRate", 0.2), "training.learningRate",
                "is 0.2", "trajectory.dit was recorded with 0.1");
    }

    @Test
    void editedStandardizeOnARawRun() throws IOException {
        editedRunIsRefused(r -> node(r, "data").put("standardize", "sometimes"), "data.standardize", "sometimes");
    }
}
