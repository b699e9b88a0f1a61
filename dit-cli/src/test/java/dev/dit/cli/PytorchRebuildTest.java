package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A PyTorch user rebuilds each model family and layer lists of every layer type from {@code dit export} alone:
 * {@code src/test/python/rebuild_export.py} builds the model from the manifest's structured layer
 * list, checks dtypes and shapes, the losses of dit's log and the resolved query (numpy forward
 * pass, and one logreg SGD step in closed form), then with torch loads the state dict strictly and
 * checks the losses and SGD steps against dit's θ. The numpy part runs wherever numpy is installed
 * (CI), the torch part where torch is; each is skipped with a logged reason otherwise.
 */
class PytorchRebuildTest {
    @TempDir
    static Path tmp;

    private static int dit(String... args) {
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = DitCommand.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertEquals(0, code, String.join(" ", args) + ": " + err);
        return code;
    }

    private static final String RESNET = "conv(4,3,pad=1),residual(conv(4,3,pad=1),relu,conv(4,3,pad=1)),relu,globalavgpool,dense";
    /** Every other layer of the language: stride, padding, both pools unfused, LayerNorm of images, all activations. */
    private static final String ZOO = "conv(3,3,stride=2,pad=1),leaky_relu(0.1),layernorm,avgpool(2),elu(0.5),maxpool(2,1),"
            + "flatten,dense(8),softplus,dense(6),sigmoid,dense(5),tanh,dense";

    /**
     * logreg on 3 classes (softmax), a binary tanh MLP with a label flip, a binary two-layer ReLU CNN;
     * layer lists: a small ResNet, a LayerNorm/GELU MLP on 3 classes, and the {@link #ZOO}.
     */
    @BeforeAll
    static void exports() {
        String[][] runs = {
            {"logreg", "blobs:n=120,d=6,k=3,seed=4", "logreg", "prob:1", "0.05"},
            {"mlp", "moons:n=80,seed=2", "mlp:5,4:tanh", "logit:2", "0.3"},
            {"cnn", "fashion-mnist-mini:pullover,coat", "cnn:2,3", "logit:3:0", "0.05"}, // class 0: -z
            {"resnet", "fashion-mnist-mini:pullover,coat", RESNET, "logit:3:0", "0.1"},
            {"gelu", "blobs:n=120,d=6,k=3,seed=4", "flatten,layernorm,dense(16),gelu,dense", "prob:1", "0.1"},
            {"zoo", "fashion-mnist-mini:pullover,coat", ZOO, "prob:2", "0.1"},
        };
        for (String[] r : runs) {
            Path run = tmp.resolve(r[0]);
            // logreg logs the exact training metrics, the others the default batch mean: the script checks either
            dit("train", "--data", r[1], "--model", r[2], "--n-train", "40", "--n-val", "10", "--n-test", "10",
                    "--epochs", "2", "--batch", "8", "--lr", r[4], "--checkpoint-every", "3", "--corrupt", "0.1",
                    "--seed", "5", "--train-metrics", r[0].equals("logreg") ? "exact" : "batch-mean",
                    "--out", run.toString(), "--quiet");
            dit("export", "--run", run.toString(), "--out", tmp.resolve(r[0] + "-npy").toString(), "--query", r[3],
                    "--quiet");
        }
    }

    private static void rebuild(String family, String mode) throws Exception {
        Python.Result r = Python.run(Python.SCRIPTS.resolve("rebuild_export.py"), tmp.resolve(family + "-npy"), mode);
        assertEquals(0, r.exit(), r.output());
        String kind = family.equals("logreg") ? ":" : " (mean over the epoch's batches):";
        assertTrue(r.output().contains("ok numpy train loss at step 10" + kind), r.output());
        assertTrue(r.output().contains("ok numpy train accuracy at step 10" + kind), r.output());
        if (mode.equals("torch")) {
            assertTrue(r.output().contains("ok torch train loss at step 10" + kind), r.output());
        }
        assertTrue(r.output().contains("ok numpy query"), r.output());
        if (mode.equals("torch")) {
            assertTrue(r.output().contains("ok state_dict keys are the manifest's names"), r.output());
            assertTrue(r.output().contains("ok torch SGD step 9"), r.output());
            java.util.regex.Matcher worst = java.util.regex.Pattern.compile("worst relative step error (\\S+)")
                    .matcher(r.output());
            assertTrue(worst.find(), r.output()); // each step is checked <= 1e-9 by the script
            System.out.println("torch rebuild of " + family + ": worst relative SGD step error " + worst.group(1));
        }
        if (family.equals("cnn")) {
            assertTrue(r.output().contains("ok numpy query logit:3:0"), r.output());
            com.fasterxml.jackson.databind.JsonNode q = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(tmp.resolve("cnn-npy/manifest.json").toFile()).get("query");
            assertEquals(-1, q.get("sign").asInt(), q.toString());
            assertEquals("-z(test_x[3])[0]", q.get("formula").asText());
        }
        if (family.equals("logreg")) {
            assertTrue(r.output().contains("ok numpy logreg SGD step 9"), r.output());
        }
        if (family.equals("resnet")) { // the Residual's body modules are keyed inside it
            assertTrue(r.output().contains("ok 1.0.weight [out, in, kh, kw]"), r.output());
            assertTrue(r.output().contains("ok 1.2.weight [out, in, kh, kw]"), r.output());
        }
        if (family.equals("zoo")) { // LayerNorm of [3, 14, 14] images: weight of that shape, dit's flat
            assertTrue(r.output().contains("ok 2.weight [3, 14, 14]"), r.output());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"logreg", "mlp", "cnn", "resnet", "gelu", "zoo"})
    void numpyRebuildsTheExport(String family) throws Exception {
        Python.require("numpy");
        rebuild(family, "numpy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"logreg", "mlp", "cnn", "resnet", "gelu", "zoo"})
    void torchRebuildsTheExport(String family) throws Exception {
        Python.require("torch");
        rebuild(family, "torch");
    }
}
