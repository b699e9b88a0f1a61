package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.influence.Run;
import dev.dit.influence.estimate.Progress;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.data.Standardizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json's standardiser, and edited or inconsistent fields refused naming run.json and the field. */
class RunManifestFieldsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static LoadedRun plain;
    static LoadedRun standardised;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        plain = TinyRuns.train(7);
        standardised = TinyRuns.train(7, FeatureScaling.Z);
    }

    private Path write(LoadedRun r, String name) throws IOException {
        Path dir = tmp.resolve(name);
        RunDirectory.write(dir, r.run(), r.info());
        return dir;
    }

    @Test
    void unstandardisedRunJsonHasNoStandardiserFields() throws IOException {
        Path dir = write(plain, "plain");
        JsonNode data = MAPPER.readTree(dir.resolve(RunDirectory.MANIFEST).toFile()).get("data");
        assertFalse(data.has("standardize") || data.has("standardizer"), data.toString());
        try (LoadedRun r = RunDirectory.read(dir)) {
            assertNull(r.info().standardizer());
            assertEquals(FeatureScaling.NONE, r.info().plan().scaling());
        }
    }

    @Test
    void standardiserIsFittedOnTheTrainingSplitRecordedExactlyAndReadBack() throws IOException {
        Run p = plain.run();
        Run s = standardised.run();
        Standardizer st = standardised.info().standardizer();
        assertNotNull(st);
        // the same split and corruption, features transformed with training-split statistics only
        assertArrayEquals(p.corrupted(), s.corrupted());
        assertArrayEquals(p.train().labels(), s.train().labels());
        assertEquals(Standardizer.fit(p.train()), st, "fitted on the raw training split, nothing else");
        assertEquals(s.val().fingerprint(), st.apply(p.val()).fingerprint(), "val uses the training statistics");
        assertEquals(s.test().fingerprint(), st.apply(p.test()).fingerprint());
        assertEquals(-1, st.firstUnstandardisedFeature(s.train()));
        assertTrue(st.firstUnstandardisedFeature(s.val()) >= 0, "val is not exactly standardised by train statistics");

        Path dir = write(standardised, "z");
        JsonNode data = MAPPER.readTree(dir.resolve(RunDirectory.MANIFEST).toFile()).get("data");
        assertEquals("z", data.get("standardize").asText());
        double[] mean = st.mean();
        for (int j = 0; j < mean.length; j++) {
            assertEquals(mean[j], data.get("standardizer").get("mean").get(j).asDouble(), 0, "bit-exact mean " + j);
            assertEquals(st.scale()[j], data.get("standardizer").get("scale").get(j).asDouble(), 0);
        }
        try (LoadedRun r = RunDirectory.read(dir)) {
            assertEquals(standardised.info(), r.info());
        }
    }

    @Test
    void exportCarriesTheStandardiser() throws IOException {
        Path out = tmp.resolve("export");
        NumpyExport.write(standardised.run(), standardised.info(), out, Progress.NONE);
        JsonNode m = MAPPER.readTree(out.resolve(NumpyExport.MANIFEST).toFile());
        assertEquals("z", m.get("data").get("standardize").asText());
        assertEquals(3, m.get("data").get("standardizer").get("mean").size());
        assertTrue(Files.size(out.resolve("standardizer_mean.npy")) > 0);
        assertTrue(Files.size(out.resolve("standardizer_scale.npy")) > 0);
        Path out2 = tmp.resolve("export2");
        NumpyExport.write(plain.run(), plain.info(), out2, Progress.NONE);
        assertEquals("none", MAPPER.readTree(out2.resolve(NumpyExport.MANIFEST).toFile()).get("data")
                .get("standardize").asText());
        assertFalse(Files.exists(out2.resolve("standardizer_mean.npy")));
    }

    /** Edits run.json with {@code edit}, reads, and checks the message names run.json, the field and {@code words}. */
    private void refused(LoadedRun r, Consumer<ObjectNode> edit, String field, String... words) throws IOException {
        Path dir = write(r, "edited");
        Path mf = dir.resolve(RunDirectory.MANIFEST);
        ObjectNode root = (ObjectNode) MAPPER.readTree(mf.toFile());
        edit.accept(root);
        Files.writeString(mf, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> RunDirectory.read(dir).close());
        String msg = e.getMessage();
        assertTrue(msg.contains(RunDirectory.MANIFEST + ": field '" + field + "'"), msg);
        for (String w : words) {
            assertTrue(msg.contains(w), "'" + w + "' not in: " + msg);
        }
    }

    private static ObjectNode obj(ObjectNode root, String key) {
        return (ObjectNode) root.get(key);
    }

    @Test
    void negativeLearningRate() throws IOException {
        refused(plain, r -> obj(r, "training").put("learningRate", -0.2), "training.learningRate", "> 0", "-0.2");
    }

    @Test
    void unknownTrainingMetrics() throws IOException {
        refused(plain, r -> obj(r, "training").put("trainMetrics", "mean"), "training.trainMetrics",
                "\"mean\"", "\"batch-mean\" or \"exact\"");
        refused(plain, r -> obj(r, "training").put("trainMetrics", "EXACT"), "training.trainMetrics", "\"EXACT\"");
    }

    @Test
    void nTrainThatDisagreesWithTheDataFile() throws IOException {
        refused(plain, r -> obj(r, "data").put("nTrain", 39), "data.nTrain", "39", "40");
    }

    @Test
    void splitSizeThatDisagreesWithTheDataFile() throws IOException {
        refused(plain, r -> {
            obj(r, "data").put("nVal", 11);
            obj(obj(obj(r, "data"), "splits"), "val").put("size", 11);
        }, "data.splits.val.size", "data/val.ds holds 12");
    }

    @Test
    void modelSpecWithAnotherParameterCount() throws IOException {
        refused(plain, r -> obj(r, "model").put("spec", "mlp:4"), "model.spec", "trajectory.dit holds 12");
    }

    @Test
    void unparsableModelSpec() throws IOException {
        refused(plain, r -> obj(r, "model").put("spec", "logreg:x"), "model.spec", "not a model spec");
    }

    @Test
    void epochsInconsistentWithTheEpochBoundaries() throws IOException {
        refused(plain, r -> obj(r, "training").put("epochs", 4), "training.epochBoundaries", "training.epochs = 4");
    }

    @Test
    void logThatDisagreesWithTheBoundaries() throws IOException {
        refused(plain, r -> ((ObjectNode) r.get("log").get(1)).put("step", 3), "log[1]", "expected epoch 2 at step 10");
    }

    @Test
    void seedThatDisagreesWithTheTrajectory() throws IOException {
        refused(plain, r -> obj(r, "training").put("seed", 8), "training.seed", "trajectory.dit was recorded with 7");
    }

    @Test
    void fingerprintThatDisagreesWithTheDataFile() throws IOException {
        refused(plain, r -> obj(obj(obj(r, "data"), "splits"), "test").put("fingerprint", "sha256:00"),
                "data.splits.test.fingerprint", "data/test.ds holds data with sha256:");
    }

    @Test
    void unknownStandardisation() throws IOException {
        refused(standardised, r -> obj(r, "data").put("standardize", "minmax"), "data.standardize", "minmax");
    }

    @Test
    void standardiserWithAZeroScale() throws IOException {
        refused(standardised, r -> ((ArrayNode) obj(obj(r, "data"), "standardizer").get("scale")).set(1, 0.0),
                "data.standardizer", "scale of feature 1");
    }

    @Test
    void standardiserWithTooFewFeatures() throws IOException {
        refused(standardised, r -> {
            ((ArrayNode) obj(obj(r, "data"), "standardizer").get("scale")).remove(2);
            ((ArrayNode) obj(obj(r, "data"), "standardizer").get("mean")).remove(2);
        }, "data.standardizer", "2 features");
    }

    @Test
    void claimingStandardisationForRawData() throws IOException {
        refused(plain, r -> {
            obj(r, "data").put("standardize", "z");
            ObjectNode st = obj(r, "data").putObject("standardizer");
            st.putArray("mean").add(0.0).add(0.0).add(0.0);
            st.putArray("scale").add(1.0).add(1.0).add(1.0);
        }, "data.standardize", "does not have mean 0");
    }

    @Test
    void negativeCorruptFractionAndZeroBatch() throws IOException {
        refused(plain, r -> obj(r, "data").put("corruptFraction", -0.1), "data.corruptFraction", "[0, 1]");
        refused(plain, r -> obj(r, "training").put("batchSize", 0), "training.batchSize", ">= 1");
    }
}
