package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.io.NpyFile;
import dev.dit.models.io.NpyWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code python/dit_record.py} against {@code /usr/bin/python3} with PyTorch: the README's worked
 * example, a CNN recorded in float32 and float64, and MLPs trained with momentum, Nesterov, Adam
 * and AdamW (their state recorded too) import into run directories whose recomputed steps agree
 * within the documented tolerances, and a record of another learning rate, other labels or another
 * model is refused, as are optimizers dit cannot represent. The README's export snippet loads a state dict. Skipped, with the
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

    /** A copy of record {@code from} whose learning rates are all 10 % higher than the ones trained with. */
    private Path withRatesOff(Path from, String name) throws IOException {
        Path to = copy(from, name);
        double[] rates;
        try (NpyFile f = NpyFile.open(to.resolve("learning_rates.npy"))) {
            rates = f.doubles();
        }
        for (int t = 0; t < rates.length; t++) {
            rates[t] *= 1.1;
        }
        NpyWriter.write(to.resolve("learning_rates.npy"), rates, rates.length);
        return to;
    }

    /** A copy of record {@code from} whose first training label is y ↦ 1 − y (another class for labels 0 and 1). */
    private Path withFirstLabelFlipped(Path from, String name) throws IOException {
        Path to = copy(from, name);
        long[] y;
        try (NpyFile f = NpyFile.open(to.resolve("train_y.npy"))) {
            y = f.longs();
        }
        y[0] = 1 - y[0];
        NpyWriter.write(to.resolve("train_y.npy"), y, y.length);
        return to;
    }

    private int dit(String... args) {
        return InProcessDit.run(out, err, args);
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
        Path lr = withRatesOff(tmp.resolve("c32"), "lr");
        assertTrue(refusedBy(lr, "cnn:4,6") > 0.05, err.toString());

        // Other labels than the ones trained on: one flipped label is caught at its first batch
        Path labels = withFirstLabelFlipped(tmp.resolve("c32"), "labels");
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
    void momentumNesterovAdamAndAdamWRecordedInTorchImportWithTheirState() throws Exception {
        Path run = tmp.resolve("fm-optim");
        assertEquals(0, dit("train", "--data", "fashion-mnist-mini", "--model", "logreg", "--n-train", "40", "--n-val",
                "10", "--n-test", "10", "--epochs", "1", "--batch", "8", "--lr", "0.1", "--out", run.toString(), "-q"),
                err.toString());
        Path data = tmp.resolve("fm-optim-npy");
        assertEquals(0, dit("export", "--run", run.toString(), "--out", data.toString(), "-q"), err.toString());
        Path script = Python.SCRIPTS.resolve("record_optim.py");
        // name, torch optimizer, float bits, every, dit's spec of it
        String[][] runs = {{"mom64", "momentum", "64", "1", "momentum:0.9"},
            {"nes64k5", "nesterov", "64", "5", "nesterov:0.9"},
            {"adam64", "adam", "64", "1", "adam:0.9,0.999,1.0E-8"},
            {"adamw64", "adamw", "64", "1", "adamw:0.9,0.999,1.0E-8,0.05"},
            {"adam32", "adam", "32", "1", "adam:0.9,0.999,1.0E-8"}};
        StringBuilder measured = new StringBuilder("dit_record optimizer mismatch:");
        for (String[] c : runs) {
            Python.Result r = Python.run(script, data, tmp.resolve(c[0]), c[1], c[2], c[3]);
            assertEquals(0, r.exit(), r.output());
            double m = imported(tmp.resolve(c[0]), "mlp:8:tanh", tmp.resolve(c[0] + "-run"));
            assertTrue(m <= (c[2].equals("64") ? 1e-10 : 1e-3), c[0] + ": " + m);
            measured.append(' ').append(c[0]).append(' ').append(m);
            try (dev.dit.influence.rundir.LoadedRun loaded = dev.dit.influence.rundir.RunDirectory.read(
                    tmp.resolve(c[0] + "-run"))) {
                assertEquals(c[4], loaded.run().trajectory().optimizer().toString());
                assertEquals(c[1].equals("adamw") ? 0 : 1e-3, loaded.run().trajectory().alpha(), c[0]);
                assertEquals(c[3].equals("5") ? 5 : 1, loaded.run().trajectory().checkpointEvery());
            }
        }
        System.getLogger(RecorderTest.class.getName()).log(System.Logger.Level.INFO, measured.toString());
        Path csv = tmp.resolve("adam-influence.csv");
        assertEquals(0, dit("influence", "--run", tmp.resolve("adam64-run").toString(), "--query", "logit:0",
                "--definition", "global", "--out",
                csv.toString(), "--quiet"), err.toString());

        // An Adam record with learning rates 10 % off, or one training label flipped, is refused
        Path lr = withRatesOff(tmp.resolve("adam64"), "adam-lr");
        double lrOff = refusedBy(lr, "mlp:8:tanh");
        assertTrue(lrOff > 0.05, err.toString());
        System.getLogger(RecorderTest.class.getName()).log(System.Logger.Level.INFO, "Adam record, rates 10 % off: "
                + lrOff);
        Path labels = withFirstLabelFlipped(tmp.resolve("adam64"), "adam-labels");
        assertEquals(1, dit("import", "--from", labels.toString(), "--model", "mlp:8:tanh", "--out",
                tmp.resolve("no").toString()));
        assertTrue(err.toString().contains(": recomputing step") && err.toString().contains("trained by"
                + " adam:0.9,0.999,1.0E-8 (from the recorded state)"), err.toString());
    }

    @Test
    void theRecorderRefusesWhatDitCannotRepresentAndWritesTheDirectoryOnlyOnClose() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("refusals"));
        Files.writeString(dir.resolve("m.py"), String.join("\n", List.of(
                "import torch", "from dit_record import Recorder",
                "m = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(2, 1))",
                "d = dict(train=([[0.0, 1.0]], [0]), val=([[0.0, 1.0]], [1]), test=([[0.0, 1.0]], [1]))",
                "P = m.parameters",
                "for make in [lambda: torch.optim.SGD(P(), lr=0.1, momentum=0.9, dampening=0.1),",
                "             lambda: torch.optim.Adam(P(), amsgrad=True),",
                "             lambda: torch.optim.AdamW(P(), maximize=True),",
                "             lambda: torch.optim.RMSprop(P()),",
                "             lambda: torch.optim.SGD([m[1].weight], lr=0.1),",
                "             lambda: torch.optim.SGD([{'params': [m[1].weight], 'momentum': 0.5},"
                        + " {'params': [m[1].bias]}], lr=0.1, momentum=0.9)]:",
                "    try:",
                "        Recorder('r', m, make(), **d)",
                "    except ValueError as e:",
                "        print(e)",
                "adam = torch.optim.Adam(P())",
                "m(torch.zeros(1, 2)).sum().backward()",
                "adam.step()",
                "try:",
                "    Recorder('r', m, adam, **d)",
                "except ValueError as e:",
                "    print(e)",
                "two = torch.optim.SGD([{'params': [m[1].weight], 'lr': 0.2}, {'params': [m[1].bias]}], lr=0.1)",
                "rec = Recorder('r2', m, two, **d)",
                "try:",
                "    rec.step([0])",
                "except ValueError as e:",
                "    print(e)",
                "rec = Recorder('r3', m, torch.optim.Adam(P()), **d)",
                "rec.step([0])",
                "try:",
                "    rec.step([0])  # without adam.step() in between",
                "except ValueError as e:",
                "    print(e)",
                "import os",
                "rec = Recorder('r', m, torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9), **d)",
                "rec.step([0])",
                "print(os.path.exists('r'), os.path.exists('r.partial'))  # not closed: no r yet",
                "rec.close()",
                "print(os.path.exists('r'), os.path.exists('r.partial'), sorted(os.listdir('r'))[:4])", "")));
        Python.Result r = Python.runIn(dir, dir.resolve("m.py"));
        assertEquals(String.join("\n",
                "dit_record: SGD(dampening=0.1) is not supported; dit's momentum has dampening 0",
                "dit_record: Adam(amsgrad=True) is not supported; dit's Adam has no amsgrad",
                "dit_record: maximize=True is not supported; dit minimises the loss",
                "dit_record: torch.optim.rmsprop.RMSprop is not supported; dit reads torch.optim.SGD (momentum,"
                        + " nesterov, weight_decay), torch.optim.Adam and torch.optim.AdamW",
                "dit_record: the optimizer must update every parameter of the model, and only those",
                "dit_record: parameter groups with different momentum (0.5, 0.9); dit needs one value for all parameters",
                "dit_record: the optimizer has taken steps already; create the Recorder before the first optimizer.step()",
                "dit_record: parameter groups with different learning rates",
                "dit_record: the optimizer has taken 0 steps, the recorder saw 1: call rec.step(idx) once before every"
                        + " optimizer.step()",
                "False True",
                "True False ['batch_indices.npy', 'batch_offsets.npy', 'learning_rates.npy', 'manifest.json']"),
                r.output().strip());
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
