package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.io.NpyFile;
import dev.dit.models.io.NpyWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code python/dit_record.py} against {@code /usr/bin/python3} with PyTorch: the README's worked
 * example and a CNN recorded in float32 and float64 import into run directories whose recomputed
 * steps agree within the documented tolerances, and a record of another learning rate, other labels
 * or another model is refused. The README's export snippet loads a state dict. Skipped, with the
 * reason logged, where torch is not installed.
 */
class RecorderTest {
    private static final Pattern MISMATCH = Pattern.compile("largest mismatch (\\S+) at step");
    private static final Pattern REFUSED = Pattern.compile(", (\\S+) of the largest recorded change");

    @TempDir
    static Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void needsTorch() {
        Python.require("torch");
    }

    private int dit(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = DitCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** The fenced python block after {@code marker} in README.md. */
    private static String readmeBlock(String marker) throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README.md lacks " + marker);
        int start = readme.indexOf("```python\n", at) + "```python\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private double imported(Path from, String model, Path run) {
        assertEquals(0, dit("import", "--from", from.toString(), "--model", model, "--out", run.toString()), err.toString());
        Matcher m = MISMATCH.matcher(out.toString());
        assertTrue(m.find(), out.toString());
        return Double.parseDouble(m.group(1));
    }

    private double refusedBy(Path from, String model) {
        assertEquals(1, dit("import", "--from", from.toString(), "--model", model, "--out", tmp.resolve("no").toString()));
        Matcher m = REFUSED.matcher(err.toString());
        assertTrue(m.find(), err.toString());
        assertTrue(err.toString().contains("theta.npy: recomputing step"), err.toString());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theReadmeExampleRecordsARunThatImportsAndAnswersQueries() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("readme"));
        Files.writeString(dir.resolve("example.py"), readmeBlock("<!-- dit_record example"));
        Python.Result r = Python.runIn(dir, dir.resolve("example.py"));
        assertEquals(0, r.exit(), r.output());
        double mismatch = imported(dir.resolve("torch-run"), "mlp:16:tanh", dir.resolve("run"));
        assertTrue(out.toString().contains("θ float32, 20 recorded segments recomputed"), out.toString());
        assertTrue(mismatch <= 1e-2, "float32 record within the default tolerance: " + mismatch);
        Path csv = dir.resolve("influence.csv");
        assertEquals(0, dit("influence", "--run", dir.resolve("run").toString(), "--query", "logit:0", "--definition",
                "global", "--out", csv.toString(), "--quiet"), err.toString());
        assertEquals(64, Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).count() - 1);
    }

    @Test
    void aCnnRecordedInFloat64AndFloat32ImportsAndOtherRunsAreRefused() throws Exception {
        Path run = tmp.resolve("fm");
        assertEquals(0, dit("train", "--data", "fashion-mnist-mini", "--model", "logreg", "--n-train", "40", "--n-val",
                "10", "--n-test", "10", "--epochs", "1", "--batch", "8", "--lr", "0.1", "--out", run.toString(), "-q"),
                err.toString());
        Path data = tmp.resolve("fm-npy");
        assertEquals(0, dit("export", "--run", run.toString(), "--out", data.toString(), "-q"), err.toString());
        Path script = Python.SCRIPTS.resolve("record_cnn.py");
        for (String[] c : new String[][] {{"c64", "64", "1"}, {"c32", "32", "1"}, {"c32k", "32", "7"}}) {
            Python.Result r = Python.run(script, data, tmp.resolve(c[0]), c[1], c[2]);
            assertEquals(0, r.exit(), r.output());
        }
        double m64 = imported(tmp.resolve("c64"), "cnn:4,6", tmp.resolve("r64"));
        assertTrue(m64 <= 1e-12, "float64 PyTorch against dit: " + m64);
        double m32 = imported(tmp.resolve("c32"), "cnn:4,6", tmp.resolve("r32"));
        assertTrue(m32 <= 1e-3, "float32 PyTorch against dit: " + m32);
        double m32k = imported(tmp.resolve("c32k"), "cnn:4,6", tmp.resolve("r32k"));
        assertTrue(out.toString().contains("22 recorded segments"), out.toString()); // 150 steps, every 7th θ and θ_T
        assertTrue(m32k <= 1e-3, "float32, checkpoints every 7 steps: " + m32k);
        System.getLogger(RecorderTest.class.getName()).log(System.Logger.Level.INFO,
                "dit_record CNN mismatch: float64 " + m64 + ", float32 " + m32 + ", float32 every 7 steps " + m32k);

        // Another learning rate than the one recorded: 10 % off
        Path lr = copy(tmp.resolve("c32"), "lr");
        double[] rates;
        try (NpyFile f = NpyFile.open(lr.resolve("learning_rates.npy"))) {
            rates = f.doubles();
        }
        for (int t = 0; t < rates.length; t++) {
            rates[t] *= 1.1;
        }
        NpyWriter.write(lr.resolve("learning_rates.npy"), rates, rates.length);
        assertTrue(refusedBy(lr, "cnn:4,6") > 0.05, err.toString());

        // Other labels than the ones trained on: one flipped label is caught at its first batch
        Path labels = copy(tmp.resolve("c32"), "labels");
        long[] y;
        try (NpyFile f = NpyFile.open(labels.resolve("train_y.npy"))) {
            y = f.longs();
        }
        y[0] = 1 - y[0]; // binary labels
        NpyWriter.write(labels.resolve("train_y.npy"), y, y.length);
        assertTrue(refusedBy(labels, "cnn:4,6") > 1e-2, err.toString());

        // Another model: the layer list says so
        assertEquals(1, dit("import", "--from", tmp.resolve("c32").toString(), "--model", "cnn:4,6:softplus", "--out",
                tmp.resolve("no").toString()));
        assertTrue(err.toString().contains("model.layers[1].type is \"ReLU\", but --model cnn:4,6:softplus has"
                + " \"Softplus\""), err.toString());
    }

    @Test
    void theReadmeExportSnippetLoadsTheStateDict() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("snippet"));
        Path run = dir.resolve("run");
        assertEquals(0, dit("train", "--data", "moons:n=80,seed=2", "--model", "mlp:16:tanh", "--n-train", "40", "--n-val",
                "20", "--n-test", "20", "--epochs", "2", "--batch", "8", "--lr", "0.2", "--out", run.toString(), "-q"),
                err.toString());
        assertEquals(0, dit("export", "--run", run.toString(), "--out", dir.resolve("export").toString(), "-q"),
                err.toString());
        String check = "\nx, y = np.load('export/val_x.npy'), np.load('export/val_y.npy')\n"
                + "z = model(torch.from_numpy(x))[:, 0]\n"
                + "loss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.from_numpy(y).double()).item()\n"
                + "assert abs(loss - m['training']['log'][-1]['valLoss']) < 1e-12, loss\n"
                + "print('valLoss', loss)\n";
        Files.writeString(dir.resolve("snippet.py"), readmeBlock("**Export** (`dit export") + check);
        Python.Result r = Python.runIn(dir, dir.resolve("snippet.py"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().startsWith("valLoss"), r.output());
    }

    @Test
    void theRecorderRefusesMomentumAndWritesTheDirectoryOnlyOnClose() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("momentum"));
        Files.writeString(dir.resolve("m.py"), String.join("\n", List.of(
                "import torch", "from dit_record import Recorder",
                "m = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(2, 1))",
                "try:",
                "    Recorder('r', m, torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9), train=([[0.0, 1.0]], [0]),"
                        + " val=([[0.0, 1.0]], [1]), test=([[0.0, 1.0]], [1]))",
                "except ValueError as e:",
                "    print(e)",
                "import os",
                "rec = Recorder('r', m, torch.optim.SGD(m.parameters(), lr=0.1), train=([[0.0, 1.0]], [0]),"
                        + " val=([[0.0, 1.0]], [1]), test=([[0.0, 1.0]], [1]))",
                "rec.step([0])",
                "print(os.path.exists('r'), os.path.exists('r.partial'))  # not closed: no r yet",
                "rec.close()",
                "print(os.path.exists('r'), os.path.exists('r.partial'), sorted(os.listdir('r'))[:3])", "")));
        Python.Result r = Python.runIn(dir, dir.resolve("m.py"));
        assertEquals("dit_record: dit import reads plain SGD runs only (momentum=0)\nFalse True\n"
                + "True False ['batch_indices.npy', 'batch_offsets.npy', 'learning_rates.npy']", r.output().strip());
    }

    private static Path copy(Path from, String name) throws IOException {
        Path to = Files.createDirectories(tmp.resolve(name));
        try (var s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
