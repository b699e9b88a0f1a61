package dev.dit.influence.rundir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.influence.Run;
import dev.dit.influence.estimate.Progress;
import dev.dit.models.ParameterLayout;
import dev.dit.models.data.Dataset;
import dev.dit.models.io.AtomicFile;
import dev.dit.models.io.NpyRowWriter;
import dev.dit.models.io.NpyWriter;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run as NumPy {@code .npy} files plus a {@code manifest.json}, so that Python can load it
 * with {@code numpy.load} alone (see {@code docs/run-directory.md}). θ_t is written for every step,
 * replayed between checkpoints and streamed row by row (memory O(K·p)). {@code manifest.json} is
 * written last; every file is written atomically.
 */
public final class NumpyExport {
    /** The export's manifest file name. */
    public static final String MANIFEST = "manifest.json";
    /** The export's format version: 2 since θ is in PyTorch's layout and integers are int64. */
    public static final int FORMAT_VERSION = 2;

    private final Path out;
    private final ArrayNode files = Json.array();

    private NumpyExport(Path out) {
        this.out = out;
    }

    /**
     * Exports {@code run} into directory {@code out} (created if needed; existing files of the same
     * names are replaced). {@code progress} counts θ rows written, T + 1 in all.
     *
     * @param run the run
     * @param info how it was made
     * @param out the export directory
     * @param progress counts files written
     * @return the names of the files written, manifest last
     * @throws IOException if a file cannot be written
     */
    public static List<String> write(Run run, RunInfo info, Path out, Progress progress) throws IOException {
        return write(run, info, null, out, progress);
    }

    /**
     * As {@link #write(Run, RunInfo, Path, Progress)}, also recording in the manifest what
     * {@code query} resolves to on this run ({@code query}: the test point, the class, the sign for
     * a binary model, and its value at θ_T).
     *
     * @param run the run
     * @param info how it was made
     * @param query a query spec ({@code val-loss}, {@code test-loss:K}, {@code logit:K[:C]},
     *              {@code prob:K[:C]}), or null for none
     * @param out the export directory
     * @param progress counts θ rows written
     * @return the names of the files written, manifest last
     * @throws IllegalArgumentException for a query the run cannot answer
     * @throws IOException if a file cannot be written
     */
    public static List<String> write(Run run, RunInfo info, String query, Path out, Progress progress)
            throws IOException {
        ObjectNode resolved = query == null ? null : QueryDescription.resolve(run, query);
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve(MANIFEST));
        NumpyExport e = new NumpyExport(out);
        e.theta(run, progress);
        e.steps(run.trajectory());
        e.split("train", run.train());
        e.split("val", run.val());
        e.split("test", run.test());
        e.ints("corrupted.npy", run.corrupted(), "indices of the training samples whose labels were corrupted");
        e.ints("corrupted_original_y.npy", info.originalLabels(),
                "their labels before corruption (train_y holds the corrupted ones)");
        if (info.standardizer() != null) {
            e.doubles("standardizer_mean.npy", info.standardizer().mean(), "per-feature mean of the raw training"
                    + " split; x = (raw - mean) / scale gives the *_x arrays");
            e.doubles("standardizer_scale.npy", info.standardizer().scale(), "per-feature divisor: the population"
                    + " standard deviation of the raw training split, 1 for a constant feature");
        }
        ObjectNode manifest = e.manifest(run, info);
        if (resolved != null) {
            manifest.set("query", resolved);
        }
        AtomicFile.writeString(out.resolve(MANIFEST), Json.pretty(manifest));
        List<String> names = new ArrayList<>();
        e.files.forEach(f -> names.add(f.get("name").asText()));
        names.add(MANIFEST);
        return names;
    }

    private void theta(Run run, Progress progress) throws IOException {
        Trajectory t = run.trajectory();
        if (t.optimizer().stateVectors() > 0) {
            thetaAndState(run, progress);
            return;
        }
        int rows = t.steps() + 1;
        int p = t.parameterCount();
        ThetaReplay replay = run.replay();
        TorchLayers torch = TorchLayers.of(run.model());
        double[] row = new double[p];
        double[] torchRow = new double[p];
        try (NpyRowWriter w = NpyWriter.openRows(out.resolve("theta.npy"), rows, p)) {
            for (int s = 0; s < rows; s++) {
                replay.theta(s, row);
                torch.toTorch(row, torchRow);
                w.writeRow(torchRow);
                progress.update(s + 1, rows);
            }
        }
        thetaEntry(rows, p);
    }

    private void thetaEntry(int rows, int p) {
        entry("theta.npy", "<f8", new int[] {rows, p}, "theta[t] = θ_t, the parameters before step t, in PyTorch's"
                + " layout (torch.nn.utils.parameters_to_vector of model.parameters); theta[T] is the final model");
    }

    /** θ_t and the optimizer's state before step t, every step, each state vector in its own file, PyTorch's layout. */
    private void thetaAndState(Run run, Progress progress) throws IOException {
        Trajectory t = run.trajectory();
        int rows = t.steps() + 1;
        int p = t.parameterCount();
        ThetaReplay replay = run.replay();
        TorchLayers torch = TorchLayers.of(run.model());
        List<String> keys = TorchOptimizer.stateKeys(t.optimizer());
        OptimizerState state = new OptimizerState(t.optimizer(), p);
        double[] row = new double[p];
        double[] torchRow = new double[p];
        List<NpyRowWriter> writers = new ArrayList<>();
        try {
            writers.add(NpyWriter.openRows(out.resolve("theta.npy"), rows, p));
            for (String k : keys) {
                writers.add(NpyWriter.openRows(out.resolve(k + ".npy"), rows, p));
            }
            for (int s = 0; s < rows; s++) {
                replay.state(s, row, state);
                torch.toTorch(row, torchRow);
                writers.get(0).writeRow(torchRow);
                for (int i = 0; i < keys.size(); i++) {
                    torch.toTorch(state.vector(i), torchRow);
                    writers.get(i + 1).writeRow(torchRow);
                }
                progress.update(s + 1, rows);
            }
            for (NpyRowWriter w : writers) {
                w.close();
            }
        } catch (IOException | RuntimeException e) {
            writers.forEach(NpyRowWriter::abort);
            throw e;
        }
        thetaEntry(rows, p);
        for (String k : keys) {
            entry(k + ".npy", "<f8", new int[] {rows, p}, k + "[t]: optimizer.state[p]['" + k + "'] before step t,"
                    + " concatenated over model.parameters() in PyTorch's layout like theta (zeros before step 0)");
        }
    }

    private void steps(Trajectory t) throws IOException {
        int steps = t.steps();
        long[] offsets = new long[steps + 1];
        for (int s = 0; s < steps; s++) {
            offsets[s + 1] = offsets[s] + t.batch(s).length;
        }
        if (offsets[steps] > Integer.MAX_VALUE - 8) { // one Java array holds them before writing
            throw new IllegalArgumentException("the run's batches hold " + offsets[steps] + " sample indices, more than"
                    + " batch_indices.npy can be written from one array (" + (Integer.MAX_VALUE - 8) + ")");
        }
        long[] indices = new long[(int) offsets[steps]];
        for (int s = 0; s < steps; s++) {
            int[] b = t.batch(s);
            for (int k = 0; k < b.length; k++) {
                indices[(int) offsets[s] + k] = b[k];
            }
        }
        longs("batch_indices.npy", indices, "S_t = batch_indices[batch_offsets[t]:batch_offsets[t+1]], training-set"
                + " indices");
        NpyWriter.write(out.resolve("batch_offsets.npy"), offsets, steps + 1);
        entry("batch_offsets.npy", "<i8", new int[] {steps + 1}, "start of each batch in batch_indices; T + 1"
                + " entries");
        NpyWriter.write(out.resolve("learning_rates.npy"), t.learningRates(), steps);
        entry("learning_rates.npy", "<f8", new int[] {steps}, "η_t of each step");
    }

    private void split(String name, Dataset d) throws IOException {
        int[] sample = d.sampleShape();
        int[] shape = new int[sample.length + 1];
        shape[0] = d.size();
        System.arraycopy(sample, 0, shape, 1, sample.length);
        NpyWriter.write(out.resolve(name + "_x.npy"), d.features(), shape);
        entry(name + "_x.npy", "<f8", shape, name + " features, one sample per row");
        ints(name + "_y.npy", d.labels(), name + " labels in [0, numClasses)");
    }

    private void doubles(String file, double[] values, String description) throws IOException {
        NpyWriter.write(out.resolve(file), values, values.length);
        entry(file, "<f8", new int[] {values.length}, description);
    }

    /** Integer arrays are int64, as PyTorch indexing and cross_entropy want them. */
    private void ints(String file, int[] values, String description) throws IOException {
        long[] wide = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        longs(file, wide, description);
    }

    private void longs(String file, long[] values, String description) throws IOException {
        NpyWriter.write(out.resolve(file), values, values.length);
        entry(file, "<i8", new int[] {values.length}, description);
    }

    private void entry(String name, String dtype, int[] shape, String description) {
        ObjectNode f = files.addObject();
        f.put("name", name);
        f.put("dtype", dtype);
        ArrayNode s = f.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
        f.put("description", description);
    }

    private ObjectNode manifest(Run run, RunInfo info) {
        ObjectNode root = Json.object();
        root.put("format", "dit-export");
        root.put("formatVersion", FORMAT_VERSION);
        root.put("ditVersion", info.ditVersion());
        root.put("update", update(info.config().optimizer()));
        root.put("torchUpdate", torchUpdate(info.config().optimizer()) + ": one step on the mean loss of batch S_t");
        TorchLayers torch = TorchLayers.of(run.model());
        ObjectNode model = root.putObject("model");
        model.put("spec", run.model().spec().toString());
        model.put("family", run.model().spec().kind().name().toLowerCase(java.util.Locale.ROOT));
        if (torch.activation() != null) { // an alias's; a layer list's activations are layers
            model.put("activation", torch.activation());
        }
        model.put("loss", run.model().binary() ? "binary cross-entropy on one logit (label 1 = positive)"
                : "softmax cross-entropy over numClasses logits");
        model.put("torchLoss", run.model().binary()
                ? "torch.nn.functional.binary_cross_entropy_with_logits(model(x)[:, 0], y.double()), mean over the batch"
                : "torch.nn.functional.cross_entropy(model(x), y), mean over the batch (y int64)");
        model.put("numParams", run.model().parameterCount());
        model.put("numClasses", run.model().numClasses());
        model.put("outputs", run.model().outputs());
        ArrayNode sample = model.putArray("sampleShape");
        for (int d : run.model().sampleShape()) {
            sample.add(d);
        }
        model.put("torchModel", "torch.nn.Sequential of the layers below, in order; its state_dict keys are the"
                + " parameters' names, and theta[t] is torch.nn.utils.parameters_to_vector(model.parameters())");
        model.set("layers", torch.layers());
        model.put("layoutNote", torch.layoutNote());
        ArrayNode params = model.putArray("parameters");
        for (TorchLayers.Param e : torch.parameters()) {
            ObjectNode o = params.addObject();
            o.put("name", e.key());
            ArrayNode s = o.putArray("shape");
            for (int d : e.torchShape()) {
                s.add(d);
            }
            o.put("offset", e.offset());
            o.put("ditName", e.ditName());
            ArrayNode ds = o.putArray("ditShape");
            for (int d : e.ditShape()) {
                ds.add(d);
            }
            o.put("mapping", e.mapping());
        }
        root.set("queries", QueryDescription.formulas());
        ObjectNode data = root.putObject("data");
        data.put("spec", info.dataSpec());
        data.put("nTrain", run.train().size());
        data.put("nVal", run.val().size());
        data.put("nTest", run.test().size());
        data.put("splitSeed", info.plan().splitSeed());
        data.put("corruptFraction", info.plan().corruptFraction());
        data.put("corruptSeed", info.plan().corruptSeed());
        data.put("numCorrupted", run.corrupted().length);
        ArrayNode names = data.putArray("classNames");
        run.train().classNames().forEach(names::add);
        data.put("standardize", info.plan().scaling().id());
        if (info.standardizer() != null) {
            ObjectNode st = data.putObject("standardizer");
            st.put("formula", "x = (raw - mean) / scale, per feature, fitted on the raw training split only and"
                    + " applied to train, val and test");
            ArrayNode mean = st.putArray("mean");
            for (double v : info.standardizer().mean()) {
                mean.add(v);
            }
            ArrayNode scale = st.putArray("scale");
            for (double v : info.standardizer().scale()) {
                scale.add(v);
            }
        }
        TrainConfig c = info.config();
        Trajectory t = run.trajectory();
        ObjectNode training = root.putObject("training");
        training.put("epochs", c.epochs());
        training.put("batchSize", c.batchSize());
        training.put("learningRate", c.learningRate());
        training.put("lrDecay", c.schedule().id());
        training.put("l2", c.l2());
        training.put("seed", c.seed());
        training.put("checkpointEvery", c.checkpointEvery());
        training.put("optimizer", c.optimizer().toString());
        if (c.trainMetrics() != dev.dit.models.train.TrainMetrics.EXACT) { // an exact-log export stays as it was
            training.put("trainMetrics", c.trainMetrics().id());
        }
        training.put("steps", t.steps());
        ArrayNode bounds = training.putArray("epochBoundaries");
        for (int b : t.epochBoundaries()) {
            bounds.add(b);
        }
        ArrayNode log = training.putArray("log"); // lets a rebuild check its losses against dit's
        for (dev.dit.models.train.Trainer.EpochLog e : info.log()) {
            ObjectNode o = log.addObject();
            o.put("epoch", e.epoch());
            o.put("step", e.step());
            o.put("trainLoss", e.trainLoss());
            o.put("trainAcc", e.trainAccuracy());
            o.put("valLoss", e.valLoss());
            o.put("valAcc", e.valAccuracy());
        }
        if (c.optimizer().stateVectors() > 0) { // plain SGD exports stay as they were
            root.set("optimizer", TorchOptimizer.describe(c.optimizer(), c.l2()));
        }
        root.set("files", files);
        return root;
    }

    private static String update(OptimizerSpec o) {
        String sgd = "theta[t+1] = theta[t] - lr[t] * (mean over i in S_t of grad loss(z_i; theta[t]) + l2 * theta[t])";
        return o.kind() == OptimizerSpec.Kind.SGD ? sgd : "the " + o + " update of docs/method.md §8 with the gradient"
                + " mean over i in S_t of grad loss(z_i; theta[t]) + l2 * theta[t], from theta[t] and the optimizer state"
                + " before step t (the files of optimizer.state)";
    }

    /** PyTorch's optimizer for each of dit's (OptimizerSpec: the same update rules). */
    private static String torchUpdate(OptimizerSpec o) {
        return switch (o.kind()) {
            case SGD -> "torch.optim.SGD(model.parameters(), lr=lr[t], momentum=0, dampening=0, weight_decay=l2)";
            case MOMENTUM, NESTEROV -> "torch.optim.SGD(model.parameters(), lr=lr[t], momentum=" + o.momentum()
                    + ", dampening=0, nesterov=" + (o.kind() == OptimizerSpec.Kind.NESTEROV ? "True" : "False")
                    + ", weight_decay=l2)";
            case ADAM -> "torch.optim.Adam(model.parameters(), lr=lr[t], betas=(" + o.beta1() + ", " + o.beta2()
                    + "), eps=" + o.eps() + ", weight_decay=l2)";
            case ADAMW -> "torch.optim.AdamW(model.parameters(), lr=lr[t], betas=(" + o.beta1() + ", " + o.beta2()
                    + "), eps=" + o.eps() + ", weight_decay=" + o.weightDecay() + "), with l2 * theta also added to"
                    + " the gradient";
        };
    }
}
