package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.models.io.NpyFile;
import dev.dit.models.io.NpyWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dit export} → {@code dit import} → {@code dit influence}, and the import's refusals. */
class ImportCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int dit(String... args) {
        return InProcessDit.run(out, err, args);
    }

    private Path trainAndExport(String name, String data, String model, String k) {
        return trainAndExport(name, data, model, k, "sgd", "0.2");
    }

    private Path trainAndExport(String name, String data, String model, String k, String optimizer, String lr) {
        Path run = tmp.resolve(name);
        assertEquals(0, dit("train", "--data", data, "--model", model, "--n-train", "40", "--n-val", "12", "--n-test", "8",
                "--epochs", "2", "--batch", "8", "--lr", lr, "--checkpoint-every", k, "--corrupt", "0.1", "--seed", "3",
                "--optimizer", optimizer, "--out", run.toString(), "--quiet"), err.toString());
        Path npy = tmp.resolve(name + "-npy");
        assertEquals(0, dit("export", "--run", run.toString(), "--out", npy.toString(), "--quiet"), err.toString());
        return npy;
    }

    /** The influence file of {@code run}, without the {@code # run:} line that names the directory. */
    private List<String> influence(Path run, String... extra) throws IOException {
        Path csv = tmp.resolve(run.getFileName() + "-" + String.join("", extra).replace(":", "") + ".csv");
        String[] base = {"influence", "--run", run.toString(), "--definition", "global", "--out", csv.toString(), "--quiet"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertEquals(0, dit(args), err.toString());
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("# run: " + run)), lines.toString());
        return lines.stream().filter(l -> !l.startsWith("# run: ")).toList();
    }

    @Test
    void exportImportInfluenceGivesIdenticalFiles() throws IOException {
        for (String[] c : new String[][] {{"mlp", "moons:n=80,seed=2", "mlp:5,4:tanh", "3"},
            {"cnn", "fashion-mnist-mini:pullover,coat", "cnn:2,3", "1"}}) {
            Path npy = trainAndExport(c[0], c[1], c[2], c[3]);
            Path imported = tmp.resolve(c[0] + "-imported");
            assertEquals(0, dit("import", "--from", npy.toString(), "--model", c[2], "--out", imported.toString()),
                    err.toString());
            assertTrue(out.toString().contains("largest mismatch 0.00"), out.toString()); // dit reproduces itself exactly
            try (LoadedRun a = RunDirectory.read(tmp.resolve(c[0])); LoadedRun b = RunDirectory.read(imported)) {
                assertEquals(a.run().train().fingerprint(), b.run().train().fingerprint());
                assertEquals(a.run().trajectory().steps(), b.run().trajectory().steps());
                // dit train's default batch-mean log, recomputed by the import from θ_t and the batches bit for bit
                assertEquals(dev.dit.models.train.TrainMetrics.BATCH_MEAN, a.info().config().trainMetrics());
                assertEquals(a.info().config().trainMetrics(), b.info().config().trainMetrics());
                assertEquals(a.info().log(), b.info().log());
                assertEquals(java.util.Arrays.toString(a.run().corrupted()), java.util.Arrays.toString(b.run().corrupted()));
            }
            assertEquals(influence(tmp.resolve(c[0])), influence(imported), c[2]);
            assertEquals(influence(tmp.resolve(c[0]), "--query", "logit:1"), influence(imported, "--query", "logit:1"), c[2]);
        }
    }

    /**
     * Momentum, Nesterov, Adam and AdamW runs export their optimizer in PyTorch's terms and its
     * state before every step; the import recomputes θ and the state and gives the same influence.
     */
    @Test
    void statefulOptimizersRoundTripWithTheirState() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String[] c : new String[][] {{"mom", "momentum:0.9", "0.05", "3", "torch.optim.SGD", "momentum_buffer"},
            {"nes", "nesterov:0.8", "0.05", "1", "torch.optim.SGD", "momentum_buffer"},
            {"adam", "adam:0.9,0.99,1e-6", "0.01", "2", "torch.optim.Adam", "exp_avg,exp_avg_sq"},
            {"adamw", "adamw:0.9,0.999,1e-8,0.1", "0.01", "1", "torch.optim.AdamW", "exp_avg,exp_avg_sq"}}) {
            Path npy = trainAndExport(c[0], "moons:n=80,seed=2", "mlp:5,4:tanh", c[3], c[1], c[2]);
            JsonNode m = json.readTree(npy.resolve("manifest.json").toFile());
            JsonNode o = m.get("optimizer");
            assertEquals(c[4], o.get("torch").asText(), o.toString());
            assertEquals(List.of(c[5].split(",")), json.convertValue(o.at("/state/keys"), List.class), o.toString());
            JsonNode h = o.get("hyperparameters");
            switch (c[0]) {
                case "mom", "nes" -> {
                    assertEquals(c[0].equals("mom") ? 0.9 : 0.8, h.get("momentum").asDouble());
                    assertEquals(0.0, h.get("dampening").asDouble());
                    assertEquals(c[0].equals("nes"), h.get("nesterov").asBoolean());
                    assertEquals(1e-3, h.get("weight_decay").asDouble()); // dit train's default l2
                }
                case "adam" -> {
                    assertEquals("[0.9,0.99]", h.get("betas").toString());
                    assertEquals(1e-6, h.get("eps").asDouble());
                    assertEquals(1e-3, h.get("weight_decay").asDouble());
                }
                default -> {
                    assertEquals(0.1, h.get("weight_decay").asDouble()); // decoupled; dit's l2 is beside it
                    assertEquals(1e-3, o.get("l2").asDouble());
                }
            }
            for (String key : c[5].split(",")) {
                try (NpyFile f = NpyFile.open(npy.resolve(key + ".npy"))) {
                    assertEquals("(11, 44)", f.shapeString(), key); // the state before each of the 10 steps, and after
                    double[] first = new double[44];
                    f.readDoubles(0, first, 0, 44);
                    assertEquals(0, java.util.Arrays.stream(first).map(Math::abs).max().orElseThrow(), "zero at step 0");
                }
            }
            Path imported = tmp.resolve(c[0] + "-imported");
            assertEquals(0, dit("import", "--from", npy.toString(), "--model", "mlp:5,4:tanh", "--out",
                    imported.toString()), err.toString());
            assertTrue(out.toString().contains("largest mismatch 0.00"), out.toString());
            try (LoadedRun a = RunDirectory.read(tmp.resolve(c[0])); LoadedRun b = RunDirectory.read(imported)) {
                assertEquals(a.run().trajectory().optimizer(), b.run().trajectory().optimizer());
                assertEquals(a.info().config().optimizer(), b.info().config().optimizer());
                assertEquals(a.run().trajectory().alpha(), b.run().trajectory().alpha());
                assertEquals(a.info().log(), b.info().log());
            }
            assertEquals(influence(tmp.resolve(c[0])), influence(imported), c[1]);
            assertEquals(influence(tmp.resolve(c[0]), "--query", "logit:1"), influence(imported, "--query", "logit:1"),
                    c[1]);
        }
    }

    @Test
    void aWrongOptimizerOrStateIsRefused() throws IOException {
        Path good = trainAndExport("adam", "moons:n=80,seed=2", "mlp:5,4:tanh", "1", "adam", "0.01");
        String model = "mlp:5,4:tanh";
        ObjectMapper json = new ObjectMapper();

        Path tampered = copy(good, "tampered"); // one coordinate of Adam's second moment before step 6
        double[] v;
        try (NpyFile f = NpyFile.open(tampered.resolve("exp_avg_sq.npy"))) {
            v = f.doubles();
        }
        v[6 * 44 + 17] *= 2;
        NpyWriter.write(tampered.resolve("exp_avg_sq.npy"), v, 11, 44);
        String e = refused(tampered, model);
        assertTrue(e.startsWith("dit: error: import " + tampered + ": exp_avg_sq.npy: recomputing step 5 from θ_5 and its"
                + " exp_avg, exp_avg_sq misses the recorded exp_avg_sq at step 6 by max |Δ| = "), e);
        assertTrue(e.endsWith("the run is not model mlp:5,4:tanh trained by adam:0.9,0.999,1.0E-8 (from the recorded"
                + " state) on these data, batches and learning rates"), e);

        Path betas = copy(good, "betas"); // the record is Adam with β1 0.9; recomputing it with β1 0.8 misses
        ObjectNode m = (ObjectNode) json.readTree(betas.resolve("manifest.json").toFile());
        ((ObjectNode) m.at("/optimizer/hyperparameters")).putArray("betas").add(0.8).add(0.999);
        ((ObjectNode) m.get("optimizer")).put("spec", "adam:0.8,0.999,1e-8"); // every field consistent
        ((ObjectNode) m.get("training")).put("optimizer", "adam:0.8,0.999,1e-8");
        json.writeValue(betas.resolve("manifest.json").toFile(), m);
        e = refused(betas, model);
        // Adam's first step is η·sign(g) whatever β1 is, so θ_1 matches: the recorded exp_avg catches it
        assertTrue(e.startsWith("dit: error: import " + betas + ": exp_avg.npy: recomputing step 0 from θ_0 and its"
                + " exp_avg, exp_avg_sq misses the recorded exp_avg at step 1"), e);

        String[][] manifests = {
            {"/optimizer/hyperparameters", "amsgrad", "true", "optimizer.hyperparameters.amsgrad is true; dit's Adam has"
                + " no amsgrad"},
            {"/optimizer/hyperparameters", "maximize", "true", "optimizer.hyperparameters.maximize is true; dit minimises"
                + " the loss"},
            {"/optimizer", "torch", "\"torch.optim.RMSprop\"", "optimizer.torch is \"torch.optim.RMSprop\"; dit reads"
                + " torch.optim.SGD, torch.optim.Adam and torch.optim.AdamW"},
            {"/optimizer/hyperparameters", "weight_decay", "0.5", "training.l2 is 0.001, but the optimizer object's L2"
                + " term (weight_decay of SGD and Adam, l2 of AdamW) is 0.5"},
            {"/training", "optimizer", "\"adamw\"", "training.optimizer is adamw, but the optimizer object describes"
                + " adam:0.9,0.999,1.0E-8"},
            // the derived fields must agree with torch + hyperparameters: no one can tell which one is right
            {"/optimizer", "spec", "\"adam:0.8,0.999,1e-8\"", "optimizer.spec is \"adam:0.8,0.999,1e-8\", but"
                + " optimizer.torch and optimizer.hyperparameters give \"adam:0.9,0.999,1.0E-8\""},
            {"/optimizer", "spec", "\"rmsprop\"", "optimizer.spec \"rmsprop\" is not an optimizer: unknown optimizer"
                + " 'rmsprop' (expected " + dev.dit.models.train.OptimizerSpec.GRAMMAR + ")"},
            {"/optimizer", "name", "\"adamw\"", "optimizer.name is \"adamw\", but optimizer.torch and"
                + " optimizer.hyperparameters give \"adam\""},
        };
        for (String[] c : manifests) {
            Path bad = copy(good, "bad-" + c[1]);
            ObjectNode mf = (ObjectNode) json.readTree(bad.resolve("manifest.json").toFile());
            ((ObjectNode) mf.at(c[0])).set(c[1], json.readTree(c[2]));
            json.writeValue(bad.resolve("manifest.json").toFile(), mf);
            assertEquals("dit: error: import " + bad + ": manifest.json: " + c[3], refused(bad, model));
        }
        Path sgdState = copy(good, "dampening"); // momentum with dampening: dit has none
        ObjectNode mf = (ObjectNode) json.readTree(sgdState.resolve("manifest.json").toFile());
        ObjectNode o = (ObjectNode) mf.get("optimizer");
        o.put("torch", "torch.optim.SGD");
        ((ObjectNode) o.get("hyperparameters")).put("momentum", 0.9).put("dampening", 0.1);
        ((ObjectNode) mf.get("training")).put("optimizer", "momentum:0.9");
        json.writeValue(sgdState.resolve("manifest.json").toFile(), mf);
        assertEquals("dit: error: import " + sgdState + ": manifest.json: optimizer.hyperparameters.dampening is 0.1;"
                + " dit's momentum has dampening 0", refused(sgdState, model));

        Path missing = copy(good, "no-state");
        Files.delete(missing.resolve("exp_avg.npy"));
        assertEquals("dit: error: import " + missing + ": exp_avg.npy: missing", refused(missing, model));

        Path rows = copy(good, "rows");
        NpyWriter.write(rows.resolve("exp_avg.npy"), new double[10 * 44], 10, 44);
        assertEquals("dit: error: import " + rows + ": exp_avg.npy: shape (10, 44), expected (11, 44): one row per row"
                + " of theta.npy", refused(rows, model));
    }

    @Test
    void aPlainSgdExportHasNoOptimizerObjectOrStateFiles() throws IOException {
        Path npy = trainAndExport("sgd", "moons:n=80,seed=2", "mlp:5,4:tanh", "1");
        JsonNode m = new ObjectMapper().readTree(npy.resolve("manifest.json").toFile());
        assertFalse(m.has("optimizer"), m.toString());
        assertEquals("sgd", m.at("/training/optimizer").asText());
        for (String f : List.of("momentum_buffer.npy", "exp_avg.npy", "exp_avg_sq.npy")) {
            assertFalse(Files.exists(npy.resolve(f)), f);
        }
    }

    @Test
    void checkpointsOnlyWithThetaStepsImportToo() throws IOException {
        Path npy = trainAndExport("mlp", "moons:n=80,seed=2", "mlp:5,4:tanh", "1");
        // keep θ_0, θ_4, θ_8 and θ_10 of the 10 steps
        int[] keep = {0, 4, 8, 10};
        double[] rows;
        int p;
        try (NpyFile f = NpyFile.open(npy.resolve("theta.npy"))) {
            p = (int) f.shape()[1];
            rows = new double[keep.length * p];
            for (int r = 0; r < keep.length; r++) {
                f.readDoubles((long) keep[r] * p, rows, r * p, p);
            }
        }
        NpyWriter.write(npy.resolve("theta.npy"), rows, keep.length, p);
        NpyWriter.write(npy.resolve("theta_steps.npy"), new long[] {0, 4, 8, 10}, 4);
        Path imported = tmp.resolve("imported");
        assertEquals(0, dit("import", "--from", npy.toString(), "--model", "mlp:5,4:tanh", "--out", imported.toString()),
                err.toString());
        assertTrue(out.toString().contains("3 recorded segments recomputed"), out.toString());
        try (LoadedRun b = RunDirectory.read(imported)) {
            assertEquals(4, b.run().trajectory().checkpointEvery());
        }
        assertEquals(influence(tmp.resolve("mlp")), influence(imported));

        NpyWriter.write(npy.resolve("theta_steps.npy"), new long[] {0, 4, 9, 10}, 4);
        assertEquals(1, dit("import", "--from", npy.toString(), "--model", "mlp:5,4:tanh", "--out",
                tmp.resolve("x").toString()));
        assertEquals("dit: error: import " + npy + ": theta_steps.npy: entry 2 is 9, expected 8 (0, K, 2K, … then 10, K = 4)",
                err.toString().strip());
    }

    private String refused(Path npy, String model) {
        Path target = tmp.resolve("refused");
        int code = dit("import", "--from", npy.toString(), "--model", model, "--out", target.toString());
        String e = err.toString().strip();
        assertEquals(1, code, e);
        assertEquals(1, e.lines().count(), e);
        assertFalse(Files.exists(target), "no run directory is left behind");
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith(".refused")), "no staging left behind");
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
        return e;
    }

    @Test
    void malformedInputsAreRefusedNamingTheFile() throws IOException {
        Path good = trainAndExport("mlp", "moons:n=80,seed=2", "mlp:5,4:tanh", "1");
        String model = "mlp:5,4:tanh";

        Path narrow = copy(good, "narrow"); // int32 labels and indices are read as well as int64
        for (String f : List.of("train_y.npy", "batch_indices.npy")) {
            long[] v;
            try (NpyFile n = NpyFile.open(narrow.resolve(f))) {
                v = n.longs();
            }
            int[] w = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                w[i] = Math.toIntExact(v[i]);
            }
            NpyWriter.write(narrow.resolve(f), w, w.length);
        }
        assertEquals(0, dit("import", "--from", narrow.toString(), "--model", model, "--out",
                tmp.resolve("narrow-run").toString(), "--quiet"), err.toString());

        Path missing = copy(good, "missing");
        Files.delete(missing.resolve("learning_rates.npy"));
        assertEquals("dit: error: import " + missing + ": learning_rates.npy: missing", refused(missing, model));

        Path shape = copy(good, "shape");
        NpyWriter.write(shape.resolve("theta.npy"), new double[11 * 40], 11, 40);
        assertEquals("dit: error: import " + shape + ": theta.npy: shape (11, 40), but model mlp:5,4:tanh has 44"
                + " parameters: expected (rows, 44)", refused(shape, model));

        Path dtype = copy(good, "dtype");
        NpyWriter.write(dtype.resolve("train_y.npy"), new double[40], 40);
        assertEquals("dit: error: import " + dtype + ": train_y.npy: dtype <f8, but integers (<i8 or <i4) are needed",
                refused(dtype, model));

        Path truncated = copy(good, "truncated");
        byte[] b = Files.readAllBytes(truncated.resolve("batch_indices.npy"));
        Files.write(truncated.resolve("batch_indices.npy"), java.util.Arrays.copyOf(b, b.length - 8));
        String e = refused(truncated, model);
        assertTrue(e.startsWith("dit: error: import " + truncated + ": batch_indices.npy: ") && e.endsWith("(truncated)"), e);

        Path label = copy(good, "label");
        NpyWriter.write(label.resolve("val_y.npy"), new long[] {0, 1, 2, 0, 1, 0, 1, 0, 1, 0, 1, 0}, 12);
        assertEquals("dit: error: import " + label + ": val_y.npy: entry 2 is 2, outside [0, 2)", refused(label, model));

        Path momentum = copy(good, "momentum"); // a momentum run needs its momentum buffer
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(momentum.resolve("manifest.json").toFile());
        ((ObjectNode) m.get("training")).put("optimizer", "momentum:0.9");
        json.writeValue(momentum.resolve("manifest.json").toFile(), m);
        assertEquals("dit: error: import " + momentum + ": momentum_buffer.npy: missing", refused(momentum, model));
        ((ObjectNode) m.get("training")).put("optimizer", "lbfgs");
        json.writeValue(momentum.resolve("manifest.json").toFile(), m);
        assertEquals("dit: error: import " + momentum + ": manifest.json: training.optimizer: unknown optimizer 'lbfgs'"
                + " (expected " + dev.dit.models.train.OptimizerSpec.GRAMMAR + ")", refused(momentum, model));

        Path metrics = copy(good, "metrics");
        ObjectNode mm = (ObjectNode) json.readTree(metrics.resolve("manifest.json").toFile());
        ((ObjectNode) mm.get("training")).put("trainMetrics", "mean");
        json.writeValue(metrics.resolve("manifest.json").toFile(), mm);
        assertEquals("dit: error: import " + metrics + ": manifest.json: training.trainMetrics: unknown training metrics"
                + " 'mean' (expected batch-mean or exact)", refused(metrics, model));

        assertEquals(1, dit("import", "--from", good.toString(), "--model", model, "--out", good.toString()));
        assertTrue(err.toString().startsWith("dit: error: --out " + good + " is the --from directory"), err.toString());
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertEquals(1, dit("import", "--from", good.toString(), "--model", model, "--out", other.toString(), "--force"));
        assertTrue(err.toString().contains("not"), err.toString());
        assertEquals("mine", Files.readString(other.resolve("notes.txt")), "a directory that is not a run is never replaced");

        assertEquals("dit: error: import " + good + ": manifest.json: model.layers[2].type is \"Tanh\", but --model"
                + " mlp:5,4 has \"ReLU\" (nn.ReLU())", refused(good, "mlp:5,4"));
        String wider = refused(good, "mlp:6,4:tanh");
        assertTrue(wider.contains("model.numParams is 44, but --model mlp:6,4:tanh has 51 parameters"), wider);
    }

    @Test
    void aTamperedThetaOrAnotherModelIsRefusedNamingTheStep() throws IOException {
        Path good = trainAndExport("mlp", "moons:n=80,seed=2", "mlp:5,4:tanh", "1");
        Path tampered = copy(good, "tampered");
        double[] theta;
        try (NpyFile f = NpyFile.open(tampered.resolve("theta.npy"))) {
            theta = f.doubles();
        }
        theta[6 * 44 + 17] += 1e-3; // θ_6, one weight
        NpyWriter.write(tampered.resolve("theta.npy"), theta, 11, 44);
        String e = refused(tampered, "mlp:5,4:tanh");
        assertTrue(e.startsWith("dit: error: import " + tampered + ": theta.npy: recomputing step 5 from θ_5 misses the"
                + " recorded θ_6 by max |Δθ| = 0.00100000"), e);
        assertTrue(e.contains("above the tolerance 1.0E-8 for float64 θ"), e);

        // Without the manifest's layer list, a different activation is caught by the steps themselves.
        Path other = copy(good, "other");
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(other.resolve("manifest.json").toFile());
        ((ObjectNode) m.get("model")).remove(List.of("layers", "parameters"));
        json.writeValue(other.resolve("manifest.json").toFile(), m);
        e = refused(other, "mlp:5,4:sigmoid");
        assertTrue(e.startsWith("dit: error: import " + other + ": theta.npy: recomputing step 0 from θ_0 misses the"
                + " recorded θ_1 by"), e);
        assertTrue(e.contains("the run is not model mlp:5,4:sigmoid trained by SGD"), e);
        // ... and a generous --tolerance lets it through
        assertEquals(0, dit("import", "--from", other.toString(), "--model", "mlp:5,4:sigmoid", "--tolerance", "1e9",
                "--out", tmp.resolve("lenient").toString(), "--quiet"), err.toString());
    }

    private Path copy(Path from, String name) throws IOException {
        Path to = tmp.resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }
}
