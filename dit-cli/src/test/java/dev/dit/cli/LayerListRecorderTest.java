package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyTorch user's ResNet-style model (with the three-line {@code Residual} class) and GELU/LayerNorm
 * MLP, trained in float64 and recorded by {@code python/dit_record.py}
 * ({@code src/test/python/record_layers.py}), import with {@code --model LAYER_LIST}: every
 * recorded step is recomputed by dit within 1e-12 of the step, and another body is refused naming
 * the module; an Adam run of a layer list with its state recorded every 4 steps imports too. Skipped,
 * with the reason logged, where torch is not installed.
 */
class LayerListRecorderTest {
    private static final Pattern MISMATCH = Pattern.compile("largest mismatch (\\S+) at step");
    static final String RESNET = "conv(4,3,pad=1),residual(conv(4,3,pad=1),relu,conv(4,3,pad=1)),relu,globalavgpool,dense";
    static final String GELU = "flatten,layernorm,dense(16),gelu,dense";

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void needsTorch() {
        Python.require("torch");
    }

    private int dit(String... args) {
        return InProcessDit.run(out, err, args);
    }

    /** Exports a tiny run of {@code data} so that the script trains on the same splits. */
    private Path data(String name, String data) {
        Path run = tmp.resolve(name);
        assertEquals(0, dit("train", "--data", data, "--model", "logreg", "--n-train", "40", "--n-val", "10", "--n-test", "10",
                "--epochs", "1", "--batch", "8", "--lr", "0.1", "--out", run.toString(), "-q"), err.toString());
        Path npy = tmp.resolve(name + "-npy");
        assertEquals(0, dit("export", "--run", run.toString(), "--out", npy.toString(), "-q"), err.toString());
        return npy;
    }

    private double recordAndImport(String kind, Path data, String model, int segments) throws Exception {
        Path rec = tmp.resolve(kind + "-rec");
        Python.Result r = Python.run(Python.SCRIPTS.resolve("record_layers.py"), kind, data, rec);
        assertEquals(0, r.exit(), r.output());
        assertEquals(0, dit("import", "--from", rec.toString(), "--model", model, "--out", tmp.resolve(kind + "-run").toString()),
                err.toString());
        assertTrue(out.toString().contains(segments + " recorded segments recomputed"), out.toString());
        Matcher m = MISMATCH.matcher(out.toString());
        assertTrue(m.find(), out.toString());
        return Double.parseDouble(m.group(1));
    }

    /**
     * Both halves of import at once: a layer list with a residual body, GELU and LayerNorm, trained by
     * {@code torch.optim.Adam} and recorded every 4 steps with Adam's state, imports within 1e-12.
     */
    @Test
    void anAdamRunOfALayerListModelImports() throws Exception {
        String model = "conv(3,3,pad=1),residual(conv(3,3,pad=1),gelu,conv(3,3,pad=1)),relu,globalavgpool,layernorm,dense";
        double mismatch = recordAndImport("adam-resnet", data("fm3", "fashion-mnist-mini:pullover,coat"), model, 5);
        System.getLogger(LayerListRecorderTest.class.getName()).log(System.Logger.Level.INFO,
                "dit_record Adam layer list, float64 mismatch: " + mismatch);
        assertTrue(mismatch <= 1e-12, "Adam-trained layer list, PyTorch against dit: " + mismatch);
        assertTrue(Files.exists(tmp.resolve("adam-resnet-rec/exp_avg_sq.npy")), "Adam's state was not recorded");
    }

    /** The README's Residual block defines the module dit exports: it loads a ResNet export's θ_T strictly. */
    @Test
    void theReadmeResidualModelLoadsAnExport() throws Exception {
        Path run = tmp.resolve("res");
        assertEquals(0, dit("train", "--data", "fashion-mnist-mini:pullover,coat", "--model", RESNET, "--n-train", "16",
                "--n-val", "8", "--n-test", "8", "--epochs", "1", "--batch", "8", "--lr", "0.1",
                "--train-metrics", "exact", "--out", run.toString(), "-q"), // the log's loss is then L(θ_T)
                err.toString());
        Path npy = tmp.resolve("res-npy");
        assertEquals(0, dit("export", "--run", run.toString(), "--out", npy.toString(), "-q"), err.toString());
        String readme = Files.readString(Path.of("../README.md"));
        int at = readme.indexOf("<!-- residual example");
        assertTrue(at >= 0, "README.md lacks the residual example");
        int start = readme.indexOf("```python\n", at) + "```python\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        Path script = tmp.resolve("residual.py");
        Files.writeString(script, block + String.join("\n",
                "import json, sys, numpy as np",
                "d = sys.argv[1]",
                "m, theta = json.load(open(d + '/manifest.json')), np.load(d + '/theta.npy')",
                "model.double().load_state_dict({e['name']: torch.from_numpy(theta[-1, e['offset']:e['offset']"
                        + " + int(np.prod(e['shape']))].reshape(e['shape'])) for e in m['model']['parameters']}, strict=True)",
                "x, y = torch.from_numpy(np.load(d + '/train_x.npy')), torch.from_numpy(np.load(d + '/train_y.npy'))",
                "loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x)[:, 0], y.double()).item()",
                "dit = m['training']['log'][-1]['trainLoss']",
                "print('loss', loss, 'dit', dit)",
                "sys.exit(0 if abs(loss - dit) <= 1e-10 * max(1, abs(dit)) else 1)", ""));
        Python.Result r = Python.run(script, npy);
        assertEquals(0, r.exit(), r.output());
    }

    @Test
    void pytorchRunsOfLayerListModelsImport() throws Exception {
        double resnet = recordAndImport("resnet", data("fm", "fashion-mnist-mini:pullover,coat"), RESNET, 20);
        double gelu = recordAndImport("gelu", data("blobs", "blobs:n=120,d=6,k=3,seed=4"), GELU, 20);
        System.getLogger(LayerListRecorderTest.class.getName()).log(System.Logger.Level.INFO,
                "dit_record layer lists, float64 mismatch: resnet " + resnet + ", gelu/layernorm " + gelu);
        assertTrue(resnet <= 1e-12, "ResNet-style model, PyTorch against dit: " + resnet);
        assertTrue(gelu <= 1e-12, "GELU/LayerNorm MLP, PyTorch against dit: " + gelu);

        Path influence = tmp.resolve("resnet.csv");
        assertEquals(0, dit("influence", "--run", tmp.resolve("resnet-run").toString(), "--query", "logit:0",
                "--definition", "global", "--out", influence.toString(), "-q"), err.toString());

        String other = RESNET.replace("relu,conv", "elu,conv");
        assertEquals(1, dit("import", "--from", tmp.resolve("resnet-rec").toString(), "--model", other, "--out",
                tmp.resolve("no").toString()));
        assertTrue(err.toString().contains("model.layers[1].body[1].type is \"ReLU\", but --model " + other + " has \"ELU\""),
                err.toString());
    }
}
