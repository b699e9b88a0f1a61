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
        AtomicFile.writeString(out.resolve(MANIFEST), Json.pretty(e.manifest(run, info)));
        List<String> names = new ArrayList<>();
        e.files.forEach(f -> names.add(f.get("name").asText()));
        names.add(MANIFEST);
        return names;
    }

    private void theta(Run run, Progress progress) throws IOException {
        Trajectory t = run.trajectory();
        int rows = t.steps() + 1;
        int p = t.parameterCount();
        ThetaReplay replay = run.replay();
        double[] row = new double[p];
        try (NpyRowWriter w = NpyWriter.openRows(out.resolve("theta.npy"), rows, p)) {
            for (int s = 0; s < rows; s++) {
                replay.theta(s, row);
                w.writeRow(row);
                progress.update(s + 1, rows);
            }
        }
        entry("theta.npy", "<f8", new int[] {rows, p}, "theta[t] = θ_t, the parameters before step t; theta[T] is"
                + " the final model");
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
        int[] indices = new int[(int) offsets[steps]];
        for (int s = 0; s < steps; s++) {
            System.arraycopy(t.batch(s), 0, indices, (int) offsets[s], t.batch(s).length);
        }
        ints("batch_indices.npy", indices, "S_t = batch_indices[batch_offsets[t]:batch_offsets[t+1]], training-set"
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

    private void ints(String file, int[] values, String description) throws IOException {
        NpyWriter.write(out.resolve(file), values, values.length);
        entry(file, "<i4", new int[] {values.length}, description);
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
        root.put("formatVersion", 1);
        root.put("ditVersion", info.ditVersion());
        root.put("update", "theta[t+1] = theta[t] - lr[t] * (mean over i in S_t of grad loss(z_i; theta[t])"
                + " + l2 * theta[t])");
        ObjectNode model = root.putObject("model");
        model.put("spec", run.model().spec().toString());
        model.put("loss", run.model().binary() ? "binary cross-entropy on one logit (label 1 = positive)"
                : "softmax cross-entropy over numClasses logits");
        model.put("numParams", run.model().parameterCount());
        model.put("numClasses", run.model().numClasses());
        ArrayNode sample = model.putArray("sampleShape");
        for (int d : run.model().sampleShape()) {
            sample.add(d);
        }
        model.put("layoutNote", "theta is the row-major concatenation of the parameters below; dense weights are"
                + " [in, out] (x @ W + b), convolution weights [out, in, kh, kw]");
        ArrayNode params = model.putArray("parameters");
        for (ParameterLayout.Entry e : run.model().layout().entries()) {
            ObjectNode o = params.addObject();
            o.put("name", e.name());
            ArrayNode s = o.putArray("shape");
            for (int d : e.shape()) {
                s.add(d);
            }
            o.put("offset", e.offset());
        }
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
        training.put("steps", t.steps());
        ArrayNode bounds = training.putArray("epochBoundaries");
        for (int b : t.epochBoundaries()) {
            bounds.add(b);
        }
        root.set("files", files);
        return root;
    }
}
