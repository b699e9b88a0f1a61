package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dit.influence.Run;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.influence.rundir.TorchLayers;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.ThetaReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dit train} and {@code dit export} end to end on tiny data, through the real command line. */
class TrainExportCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int dit(String... args) {
        CommandLine cl = DitCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private int train(Path dir, String... extra) {
        String[] base = {"train", "--data", "moons:n=60,seed=2", "--model", "mlp:4:tanh", "--n-train", "30",
            "--n-val", "10", "--n-test", "10", "--epochs", "2", "--batch", "8", "--lr", "0.3", "--lr-decay",
            "constant", "--seed", "11", "--checkpoint-every", "3", "--corrupt", "0.2", "--out", dir.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return dit(args);
    }

    @Test
    void trainWritesARunDirectoryAndRefusesToOverwriteIt() throws IOException {
        Path dir = tmp.resolve("run");
        assertEquals(0, train(dir), err.toString());
        assertTrue(out.toString().contains("epoch 1/2  step 4  train loss"), out.toString());
        assertTrue(out.toString().contains("epoch 2/2  step 8"), out.toString());
        assertTrue(out.toString().contains("8 steps, 17 parameters, θ stored every 3 steps, 6 corrupted labels"),
                out.toString());
        try (LoadedRun r = RunDirectory.read(dir)) {
            assertEquals(LearningRate.CONSTANT, r.info().config().schedule());
            assertEquals(1e-3, r.info().config().l2());
            assertEquals("moons:n=60,seed=2", r.info().dataSpec());
            assertEquals(6, r.run().corrupted().length);
            assertEquals(2, r.info().log().size());
        }
        byte[] before = Files.readAllBytes(dir.resolve(RunDirectory.TRAJECTORY));

        assertTrue(train(dir) != 0);
        String e = err.toString().strip();
        assertTrue(e.startsWith("dit: error: run directory " + dir + " is not empty") && e.contains("--force"), e);
        assertEquals(1, e.lines().count(), e);

        assertEquals(0, train(dir, "--force", "--quiet"), err.toString());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(RunDirectory.TRAJECTORY)),
                "retraining with the same arguments must give the same bytes");
    }

    @Test
    void badArgumentsGiveOneClearLine() {
        assertTrue(dit("train", "--data", "moons", "--model", "transformer", "--n-train", "10", "--epochs", "1",
                "--batch", "4", "--lr", "0.1", "--out", tmp.resolve("a").toString()) != 0);
        assertTrue(err.toString().contains("dit: error: --model 'transformer': unknown model"), err.toString());
        err.getBuffer().setLength(0);
        assertTrue(dit("export", "--run", tmp.resolve("nothing").toString(), "--out", tmp.resolve("x").toString()) != 0);
        assertEquals("dit: error: run directory " + tmp.resolve("nothing") + ": does not exist", err.toString().strip());
    }

    @Test
    void exportDescribesALayerListModuleByModule() throws IOException {
        Path dir = tmp.resolve("run");
        Path npy = tmp.resolve("npy");
        String resnet = "conv(2,3,pad=1),residual(conv(2,3,pad=1),relu,conv(2,3,pad=1)),relu,globalavgpool,layernorm,"
                + "dense(4),gelu,dense";
        assertEquals(0, dit("train", "--data", "fashion-mnist-mini:pullover,coat", "--model", resnet, "--n-train", "16",
                "--n-val", "8", "--n-test", "8", "--epochs", "1", "--batch", "8", "--lr", "0.1", "-q", "--out",
                dir.toString()), err.toString());
        assertEquals(0, dit("export", "--run", dir.toString(), "--out", npy.toString(), "-q"), err.toString());
        JsonNode m = new ObjectMapper().readTree(npy.resolve("manifest.json").toFile()).get("model");
        assertEquals("layers", m.get("family").asText());
        assertFalse(m.has("activation"), "a layer list's activations are layers");
        java.util.List<String> types = new java.util.ArrayList<>();
        m.get("layers").forEach(l -> types.add(l.get("type").asText()));
        assertEquals(java.util.List.of("Conv2d", "Residual", "ReLU", "AdaptiveAvgPool2d", "Flatten", "LayerNorm", "Linear",
                "GELU", "Linear"), types);
        JsonNode res = m.at("/layers/1");
        assertEquals(TorchLayers.RESIDUAL_CLASS, res.get("definition").asText());
        assertEquals("x + body(x): the body's modules applied in order to x, then x added", res.get("operation").asText());
        assertEquals(3, res.get("body").size());
        assertEquals(1, res.at("/body/0/padding/0").asInt());
        assertEquals("[2,28,28]", res.get("output_shape").toString());
        assertEquals("[2]", m.at("/layers/5/normalized_shape").toString());
        assertEquals(1e-5, m.at("/layers/5/eps").asDouble());
        assertTrue(m.at("/layers/5/elementwise_affine").asBoolean());
        assertEquals("none", m.at("/layers/7/approximate").asText());
        java.util.List<String> keys = new java.util.ArrayList<>();
        java.util.List<String> dit = new java.util.ArrayList<>();
        m.get("parameters").forEach(p -> {
            keys.add(p.get("name").asText());
            dit.add(p.get("ditName").asText());
        });
        assertEquals(java.util.List.of("0.weight", "0.bias", "1.0.weight", "1.0.bias", "1.2.weight", "1.2.bias", "5.weight",
                "5.bias", "6.weight", "6.bias", "8.weight", "8.bias"), keys);
        assertEquals(java.util.List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight",
                "conv3.bias", "norm1.weight", "norm1.bias", "dense1.weight", "dense1.bias", "head.weight", "head.bias"), dit);
        assertEquals("[4,2]", m.at("/parameters/8/shape").toString());
        assertEquals("[2,4]", m.at("/parameters/8/ditShape").toString());
        assertTrue(m.at("/parameters/8/mapping").asText().startsWith("transpose"));
        assertEquals("identity", m.at("/parameters/6/mapping").asText());
    }

    @Test
    void exportWritesNumpyFilesThatMatchTheRun() throws IOException {
        Path dir = tmp.resolve("run");
        Path npy = tmp.resolve("npy");
        assertEquals(0, train(dir, "--quiet"), err.toString());
        assertEquals(0, dit("export", "--run", dir.toString(), "--out", npy.toString()), err.toString());
        assertTrue(out.toString().contains("theta.npy: 9 × 17"), out.toString());
        try (LoadedRun loaded = RunDirectory.read(dir)) {
            Run run = loaded.run();
            int steps = run.trajectory().steps();
            int p = run.trajectory().parameterCount();

            Npy theta = Npy.read(npy.resolve("theta.npy"));
            assertEquals("<f8", theta.dtype);
            assertArrayEquals(new int[] {steps + 1, p}, theta.shape);
            ThetaReplay replay = run.replay();
            TorchLayers torch = TorchLayers.of(run.model());
            double[] ditTheta = new double[p];
            double[] th = new double[p];
            for (int t : new int[] {0, 1, 4, steps}) { // stored, replayed, replayed, final
                replay.theta(t, ditTheta);
                torch.toTorch(ditTheta, th);
                for (int i = 0; i < p; i++) {
                    assertEquals(Double.doubleToRawLongBits(th[i]), Double.doubleToRawLongBits(theta.f8((long) t * p + i)),
                            "theta[" + t + ", " + i + "]");
                }
            }

            Npy offsets = Npy.read(npy.resolve("batch_offsets.npy"));
            Npy indices = Npy.read(npy.resolve("batch_indices.npy"));
            assertArrayEquals(new int[] {steps + 1}, offsets.shape);
            assertEquals("<i8", indices.dtype);
            assertEquals(2L * 30, indices.elements());
            int[] s3 = run.trajectory().batch(3);
            assertEquals(s3.length, offsets.i8(4) - offsets.i8(3));
            for (int k = 0; k < s3.length; k++) {
                assertEquals(s3[k], indices.i8(offsets.i8(3) + k));
            }
            Npy lrs = Npy.read(npy.resolve("learning_rates.npy"));
            assertEquals(0.3, lrs.f8(steps - 1));

            Npy trainX = Npy.read(npy.resolve("train_x.npy"));
            Npy trainY = Npy.read(npy.resolve("train_y.npy"));
            assertArrayEquals(new int[] {30, 2}, trainX.shape);
            assertEquals(run.train().feature(7, 1), trainX.f8(7 * 2 + 1));
            assertEquals("<i8", trainY.dtype);
            assertEquals(run.train().label(29), trainY.i8(29));
            assertArrayEquals(new int[] {10}, Npy.read(npy.resolve("test_y.npy")).shape);
            Npy corrupted = Npy.read(npy.resolve("corrupted.npy"));
            assertEquals(6, corrupted.elements());
            assertEquals(run.corrupted()[5], corrupted.i8(5));
            Npy was = Npy.read(npy.resolve("corrupted_original_y.npy"));
            assertEquals(1 - run.train().label(run.corrupted()[0]), was.i8(0));

            JsonNode m = new ObjectMapper().readTree(npy.resolve("manifest.json").toFile());
            assertEquals("mlp:4:tanh", m.at("/model/spec").asText());
            assertEquals(p, m.at("/model/numParams").asInt());
            // nn.Sequential(Flatten, Linear(2, 4), Tanh, Linear(4, 1)): Linear weights [out, in]
            assertEquals("1.weight", m.at("/model/parameters/0/name").asText());
            assertEquals("dense1.weight", m.at("/model/parameters/0/ditName").asText());
            assertEquals(4, m.at("/model/parameters/0/shape/0").asInt());
            assertEquals(2, m.at("/model/parameters/0/ditShape/0").asInt());
            assertEquals("3.weight", m.at("/model/parameters/2/name").asText());
            assertEquals(12, m.at("/model/parameters/2/offset").asInt());
            assertEquals("tanh", m.at("/model/activation").asText());
            assertEquals("Tanh", m.at("/model/layers/2/type").asText());
            assertEquals(2, m.at("/formatVersion").asInt());
            assertEquals(8, m.at("/training/epochBoundaries/2").asInt());
            assertEquals(11, m.at("/training/seed").asLong());
            int listed = m.get("files").size();
            assertEquals(12, listed); // manifest.json lists the .npy files, not itself
            for (JsonNode f : m.get("files")) {
                assertTrue(Files.exists(npy.resolve(f.get("name").asText())), f.toString());
            }
        }
    }
}
