package dev.dit.influence.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dit.influence.Run;
import dev.dit.influence.Runs;
import dev.dit.influence.estimate.Progress;
import dev.dit.models.BatchTally;
import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.Dataset;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.data.Standardizer;
import dev.dit.models.io.NpyFile;
import dev.dit.models.train.BatchSchedule;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.MemoryCheckpoints;
import dev.dit.models.train.OptimizerSpec;
import dev.dit.models.train.Optimizer;
import dev.dit.models.train.OptimizerState;
import dev.dit.models.train.ThetaReplay;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.TrainMetrics;
import dev.dit.models.train.Trainer;
import dev.dit.models.train.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a run recorded elsewhere, in the format {@link NumpyExport} writes (by {@code dit export}
 * or {@code python/dit_record.py}), and checks it before it becomes an ordinary run: every file's
 * dtype and shape, the manifest's layers and optimizer against the model, and the trajectory
 * itself, by recomputing the optimizer's steps from the recorded θ and optimizer state (momentum
 * buffer, or Adam's exp_avg and exp_avg_sq, recorded at the same steps as θ). Between two recorded
 * θ (every step, or the checkpoints listed in {@code theta_steps.npy}) dit replays the steps from
 * the first and compares with the second; the mismatch is max|θ̂ − θ_b| / max|θ_b − θ_a|, the
 * error relative to the largest recorded change (likewise for each state vector), and a mismatch
 * above the tolerance refuses the run naming the steps.
 */
public final class NumpyImport {
    /** Default tolerance for θ recorded in float64: a float64 PyTorch run differs from dit by rounding (~1e-14). */
    public static final double FLOAT64_TOLERANCE = 1e-8;
    /**
     * Default tolerance for θ recorded in float32: float32 rounding of θ and of the gradient
     * (measured up to a few 1e-4 on the tests' runs), well below the O(1) of a wrong model or data.
     */
    public static final double FLOAT32_TOLERANCE = 1e-2;

    /**
     * An imported run and how well dit reproduced it.
     *
     * @param run        the run, in memory
     * @param mismatch   the largest mismatch found (see the class comment)
     * @param worstStep  the step whose recomputation mismatched most (the first step of its segment)
     * @param tolerance  the tolerance it was checked against
     * @param float32    whether θ was recorded in float32
     * @param checkedSegments how many recorded pairs of θ were compared
     */
    public record Result(LoadedRun run, double mismatch, int worstStep, double tolerance, boolean float32,
                         int checkedSegments) {
    }

    private final Path dir;
    private final JsonNode manifest;

    private NumpyImport(Path dir, JsonNode manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Reads and checks the recorded run in {@code dir} as model {@code spec}.
     *
     * @param dir       the directory of {@code .npy} files and {@code manifest.json}
     * @param spec      the model the run claims to be
     * @param tolerance the largest mismatch accepted, or null for the default of θ's dtype
     * @param progress  counts recomputed steps
     * @return the run (in memory) and the largest mismatch
     * @throws IOException naming the file and the problem, or the step and the size of a mismatch
     */
    public static Result read(Path dir, ModelSpec spec, Double tolerance, Progress progress) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("import " + dir + ": not a directory");
        }
        Path mf = dir.resolve(NumpyExport.MANIFEST);
        if (!Files.isRegularFile(mf)) {
            throw new IOException("import " + dir + ": " + NumpyExport.MANIFEST + ": missing");
        }
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(mf.toFile());
        } catch (IOException e) {
            throw new IOException("import " + dir + ": " + NumpyExport.MANIFEST + ": invalid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (m == null || !m.isObject()) {
            throw new IOException("import " + dir + ": " + NumpyExport.MANIFEST + ": expected a JSON object");
        }
        return new NumpyImport(dir, m).read(spec, tolerance, progress);
    }

    private IOException bad(String file, String problem) {
        return new IOException("import " + dir + ": " + file + ": " + problem);
    }

    private JsonNode field(String path, boolean required) throws IOException {
        JsonNode n = manifest;
        for (String k : path.split("\\.")) {
            n = n == null ? null : n.get(k);
        }
        if ((n == null || n.isNull()) && required) {
            throw bad(NumpyExport.MANIFEST, "field '" + path + "' is missing");
        }
        return n == null || n.isNull() ? null : n;
    }

    private Result read(ModelSpec spec, Double tolerance, Progress progress) throws IOException {
        String format = text("format", null);
        if (!"dit-export".equals(format)) {
            throw bad(NumpyExport.MANIFEST, "field 'format' is " + format + ", expected \"dit-export\"");
        }
        int version = field("formatVersion", true).asInt();
        if (version != NumpyExport.FORMAT_VERSION) {
            throw bad(NumpyExport.MANIFEST, "formatVersion " + version + " is not supported (" + NumpyExport.FORMAT_VERSION
                    + (version == 1 ? "; version 1 held dense weights as [in, out]: export the run again)" : ")"));
        }
        int numClasses = field("model.numClasses", true).asInt();
        double l2 = field("training.l2", true).asDouble();
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw bad(NumpyExport.MANIFEST, "field 'training.l2' must be a finite number >= 0, found " + l2);
        }
        OptimizerSpec optimizer = optimizer(l2);
        TrainMetrics metrics = trainMetrics();
        List<String> stateKeys = TorchOptimizer.stateKeys(optimizer);

        Dataset train = split("train", numClasses, null);
        Dataset val = split("val", numClasses, train.sampleShape());
        Dataset test = split("test", numClasses, train.sampleShape());
        Model model;
        try {
            model = new Model(spec, train.sampleShape(), numClasses);
        } catch (IllegalArgumentException e) {
            throw bad("train_x.npy", e.getMessage());
        }
        TorchLayers torch = TorchLayers.of(model);
        checkModel(spec, model, torch);

        double[] lrs = vector("learning_rates.npy", true);
        int steps = lrs.length;
        for (int t = 0; t < steps; t++) {
            if (!(lrs[t] >= 0) || Double.isInfinite(lrs[t])) {
                throw bad("learning_rates.npy", "entry " + t + " is " + lrs[t] + ", must be finite and >= 0");
            }
        }
        if (steps < 1) {
            throw bad("learning_rates.npy", "no steps");
        }
        int[][] batches = batches(steps, train.size());
        int[] bounds = epochBoundaries(steps);

        int p = model.parameterCount();
        boolean float32;
        MemoryCheckpoints store = new MemoryCheckpoints(steps);
        MemoryCheckpoints states = stateKeys.isEmpty() ? null : new MemoryCheckpoints(steps);
        int[] recorded;
        int every;
        try (NpyFile theta = open("theta.npy")) {
            if (!theta.isFloat()) {
                throw bad("theta.npy", "dtype " + theta.dtype() + ", but floats (<f8 or <f4) are needed");
            }
            float32 = theta.dtype().equals("<f4");
            long[] shape = theta.shape();
            if (shape.length != 2 || shape[1] != p) {
                throw bad("theta.npy", "shape " + theta.shapeString() + ", but model " + spec + " has " + p
                        + " parameters: expected (rows, " + p + ")");
            }
            recorded = recordedSteps((int) shape[0], steps);
            every = recorded.length == steps + 1 ? 1 : recorded[1];
            double[] row = new double[p];
            double[] ditRow = new double[p];
            for (int r = 0; r < recorded.length; r++) {
                theta.readDoubles((long) r * p, row, 0, p);
                for (int i = 0; i < p; i++) {
                    if (!Double.isFinite(row[i])) {
                        throw bad("theta.npy", "row " + r + " (step " + recorded[r] + ") holds " + row[i] + " at " + i);
                    }
                }
                torch.fromTorch(row, ditRow);
                store.write(recorded[r], ditRow);
            }
        }
        if (states != null) {
            readStates(stateKeys, recorded, float32, torch, states);
        }
        Trajectory traj = new Trajectory(BatchSchedule.of(batches, bounds), lrs, l2, every, store, p, optimizer, states);

        double tol = tolerance != null ? tolerance : float32 ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
        Evaluator ev = new Evaluator(model);
        double[] worst = verify(traj, train, ev, recorded, tol, float32, spec, stateKeys, progress);

        // optional: a run recorded elsewhere usually has no flipped labels
        int[] corrupted = Files.exists(dir.resolve("corrupted.npy")) ? ints("corrupted.npy", train.size()) : new int[0];
        int[] original = Files.exists(dir.resolve("corrupted_original_y.npy"))
                ? ints("corrupted_original_y.npy", numClasses) : new int[0];
        if (corrupted.length != original.length) {
            throw bad("corrupted_original_y.npy", original.length + " labels for " + corrupted.length + " corrupted samples");
        }
        List<Trainer.EpochLog> log = log(traj, train, val, ev, bounds, metrics);
        Standardizer st = standardizer(train.featureCount());
        JsonNode given = field("training.learningRate", false);
        double lr0 = given != null && given.asDouble() > 0 && Double.isFinite(given.asDouble()) ? given.asDouble()
                : firstPositive(lrs); // informational, like the schedule: a run directory needs it > 0
        LearningRate schedule = LearningRate.CONSTANT;
        String decay = text("training.lrDecay", null);
        if (decay != null) {
            try {
                schedule = LearningRate.fromId(decay);
            } catch (IllegalArgumentException e) {
                schedule = LearningRate.CONSTANT; // informational only: the stored η_t are what counts
            }
        }
        int batchSize = 0;
        for (int[] b : batches) {
            batchSize = Math.max(batchSize, b.length);
        }
        if (field("training.batchSize", false) != null) {
            batchSize = Math.max(1, field("training.batchSize", false).asInt());
        }
        TrainConfig cfg = new TrainConfig(bounds.length - 1, batchSize, lr0, schedule, l2, longAt("training.seed"),
                every, optimizer, metrics);
        Runs.DataPlan plan = new Runs.DataPlan(train.size(), val.size(), test.size(), longAt("data.splitSeed"),
                field("data.corruptFraction", false) == null ? 0 : field("data.corruptFraction", false).asDouble(),
                longAt("data.corruptSeed"), st == null ? FeatureScaling.NONE : FeatureScaling.Z);
        RunInfo info = new RunInfo(text("data.spec", "import"), plan, spec, cfg, log, original,
                text("ditVersion", RunInfo.CURRENT_DIT_VERSION), st);
        Run run = new Run(model, train, val, test, traj, corrupted);
        return new Result(new LoadedRun(run, info), worst[0], (int) worst[1], tol, float32, recorded.length - 1);
    }

    private static double firstPositive(double[] lrs) {
        for (double v : lrs) {
            if (v > 0) {
                return v;
            }
        }
        return 1; // all zero: the config needs some positive rate; the stored η_t are what counts
    }

    private String text(String path, String fallback) throws IOException {
        JsonNode n = field(path, false);
        return n == null ? fallback : n.asText();
    }

    private long longAt(String path) throws IOException {
        JsonNode n = field(path, false);
        return n == null ? 0 : n.asLong();
    }

    /** Each layer's non-descriptive fields must be ours, a residual block's body layer by layer. */
    private void checkLayers(ModelSpec spec, String where, JsonNode layers, JsonNode ours) throws IOException {
        if (!layers.isArray() || layers.size() != ours.size()) {
            throw bad(NumpyExport.MANIFEST, where + " has " + layers.size() + " layers, but --model " + spec
                    + " is the nn.Sequential of " + ours.size());
        }
        for (int i = 0; i < ours.size(); i++) {
            JsonNode o = ours.get(i);
            JsonNode t = layers.get(i);
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("body")) { // the type, checked before, is the same
                    checkLayers(spec, where + "[" + i + "].body", t.path("body"), e.getValue());
                    continue;
                }
                boolean descriptive = e.getValue().isTextual() && !e.getKey().equals("type");
                if (!descriptive && !e.getValue().equals(t.get(e.getKey()))) {
                    throw bad(NumpyExport.MANIFEST, where + "[" + i + "]." + e.getKey() + " is " + t.get(e.getKey())
                            + ", but --model " + spec + " has " + e.getValue() + " (" + o.get("torch").asText() + ")");
                }
            }
        }
    }

    /** The manifest's description of the model, where it has one, must be {@code spec}'s. */
    private void checkModel(ModelSpec spec, Model model, TorchLayers torch) throws IOException {
        JsonNode numParams = field("model.numParams", false);
        if (numParams != null && numParams.asInt() != model.parameterCount()) {
            throw bad(NumpyExport.MANIFEST, "model.numParams is " + numParams.asInt() + ", but --model " + spec + " has "
                    + model.parameterCount() + " parameters");
        }
        JsonNode layers = field("model.layers", false);
        if (layers != null) {
            checkLayers(spec, "model.layers", layers, torch.layers());
        }
        JsonNode params = field("model.parameters", false);
        if (params != null) {
            List<TorchLayers.Param> ours = torch.parameters();
            for (int i = 0; i < Math.max(params.size(), ours.size()); i++) {
                String found = i < params.size() ? params.get(i).path("name").asText() + " " + params.get(i).path("shape")
                        + " at " + params.get(i).path("offset") : "nothing";
                String expected = "nothing";
                if (i < ours.size()) {
                    TorchLayers.Param q = ours.get(i);
                    expected = q.key() + " " + java.util.Arrays.toString(q.torchShape()).replace(" ", "") + " at " + q.offset();
                }
                if (!found.equals(expected)) {
                    throw bad(NumpyExport.MANIFEST, "model.parameters[" + i + "] is " + found + ", but --model " + spec
                            + " has " + expected);
                }
            }
        }
    }

    private Dataset split(String name, int numClasses, int[] sampleShape) throws IOException {
        String xf = name + "_x.npy";
        String yf = name + "_y.npy";
        double[] x;
        long[] shape;
        try (NpyFile f = open(xf)) {
            if (!f.isFloat()) {
                throw bad(xf, "dtype " + f.dtype() + ", but floats (<f8 or <f4) are needed");
            }
            shape = f.shape();
            if (shape.length < 2) {
                throw bad(xf, "shape " + f.shapeString() + ": expected (n, features...)");
            }
            x = f.doubles();
        }
        int[] sample = new int[shape.length - 1];
        for (int i = 1; i < shape.length; i++) {
            sample[i - 1] = (int) shape[i];
        }
        if (sampleShape != null && !java.util.Arrays.equals(sample, sampleShape)) {
            throw bad(xf, "samples of shape " + java.util.Arrays.toString(sample) + ", but train_x.npy has "
                    + java.util.Arrays.toString(sampleShape));
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw bad(xf, "element " + i + " is " + x[i]);
            }
        }
        int[] labels = ints(yf, numClasses);
        if (labels.length != shape[0]) {
            throw bad(yf, labels.length + " labels, but " + xf + " has " + shape[0] + " samples");
        }
        List<String> names = new ArrayList<>();
        JsonNode given = field("data.classNames", false);
        for (int c = 0; c < numClasses; c++) {
            names.add(given != null && given.size() == numClasses ? given.get(c).asText() : Integer.toString(c));
        }
        return new Dataset(name, x, labels, sample, numClasses, names);
    }

    private NpyFile open(String file) throws IOException {
        try {
            return NpyFile.open(dir.resolve(file));
        } catch (IOException e) {
            throw bad(file, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    /** A 1-D integer array with entries in [0, bound). */
    private int[] ints(String file, int bound) throws IOException {
        long[] v;
        try (NpyFile f = open(file)) {
            if (f.shape().length != 1) {
                throw bad(file, "shape " + f.shapeString() + ", expected one dimension");
            }
            if (f.isFloat()) {
                throw bad(file, "dtype " + f.dtype() + ", but integers (<i8 or <i4) are needed");
            }
            v = f.longs();
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= bound) {
                throw bad(file, "entry " + i + " is " + v[i] + ", outside [0, " + bound + ")");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    private double[] vector(String file, boolean floats) throws IOException {
        try (NpyFile f = open(file)) {
            if (f.shape().length != 1) {
                throw bad(file, "shape " + f.shapeString() + ", expected one dimension");
            }
            if (floats && !f.isFloat()) {
                throw bad(file, "dtype " + f.dtype() + ", but floats (<f8 or <f4) are needed");
            }
            return f.doubles();
        }
    }

    private int[][] batches(int steps, int n) throws IOException {
        long[] off;
        try (NpyFile f = open("batch_offsets.npy")) {
            if (f.isFloat() || f.shape().length != 1 || f.shape()[0] != steps + 1) {
                throw bad("batch_offsets.npy", "dtype " + f.dtype() + " shape " + f.shapeString() + ", expected integers of"
                        + " shape (" + (steps + 1) + ",): one more than learning_rates.npy");
            }
            off = f.longs();
        }
        int[] idx = ints("batch_indices.npy", n);
        if (off[0] != 0 || off[steps] != idx.length) {
            throw bad("batch_offsets.npy", "must run from 0 to " + idx.length + " (the length of batch_indices.npy), found "
                    + off[0] + " to " + off[steps]);
        }
        int[][] b = new int[steps][];
        for (int t = 0; t < steps; t++) {
            if (off[t + 1] <= off[t]) {
                throw bad("batch_offsets.npy", "batch " + t + " is empty or negative (" + off[t] + " to " + off[t + 1] + ")");
            }
            b[t] = java.util.Arrays.copyOfRange(idx, (int) off[t], (int) off[t + 1]);
        }
        return b;
    }

    private int[] epochBoundaries(int steps) throws IOException {
        JsonNode n = field("training.epochBoundaries", false);
        if (n == null) {
            return new int[] {0, steps};
        }
        int[] b = new int[n.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = n.get(i).asInt();
            if (i > 0 && b[i] <= b[i - 1]) {
                throw bad(NumpyExport.MANIFEST, "training.epochBoundaries must increase strictly, found " + n);
            }
        }
        if (b.length < 2 || b[0] != 0 || b[b.length - 1] != steps) {
            throw bad(NumpyExport.MANIFEST, "training.epochBoundaries must run from 0 to " + steps + " (the number of"
                    + " learning rates), found " + n);
        }
        return b;
    }

    /** The steps of theta.npy's rows: every step, or those in theta_steps.npy, which must be 0, K, 2K, …, T. */
    private int[] recordedSteps(int rows, int steps) throws IOException {
        Path listed = dir.resolve("theta_steps.npy");
        if (!Files.exists(listed)) {
            if (rows != steps + 1) {
                throw bad("theta.npy", rows + " rows for " + steps + " steps: expected " + (steps + 1) + " (θ before every"
                        + " step and after the last) or a theta_steps.npy naming the rows' steps");
            }
            int[] all = new int[rows];
            for (int t = 0; t < rows; t++) {
                all[t] = t;
            }
            return all;
        }
        int[] s = ints("theta_steps.npy", steps + 1);
        if (s.length != rows) {
            throw bad("theta_steps.npy", s.length + " steps for " + rows + " rows of theta.npy");
        }
        int k = s.length > 1 ? s[1] : 0;
        List<Integer> expected = new ArrayList<>();
        for (int t = 0; k > 0 && t < steps; t += k) {
            expected.add(t);
        }
        expected.add(steps);
        if (k < 1 || s.length != expected.size()) {
            throw bad("theta_steps.npy", "must be 0, K, 2K, … below " + steps + ", then " + steps + " (K = its second entry)");
        }
        for (int i = 0; i < s.length; i++) {
            if (s[i] != expected.get(i)) {
                throw bad("theta_steps.npy", "entry " + i + " is " + s[i] + ", expected " + expected.get(i)
                        + " (0, K, 2K, … then " + steps + ", K = " + k + ")");
            }
        }
        return s;
    }

    /**
     * The run's optimizer: the manifest's {@code optimizer} object (PyTorch's terms) where there is
     * one, which must agree with {@code training.optimizer} and {@code training.l2}; else
     * {@code training.optimizer} (default sgd).
     */
    private OptimizerSpec optimizer(double l2) throws IOException {
        String given = text("training.optimizer", null);
        OptimizerSpec named = null;
        if (given != null) {
            try {
                named = OptimizerSpec.parse(given);
            } catch (IllegalArgumentException e) {
                throw bad(NumpyExport.MANIFEST, "training.optimizer: " + e.getMessage());
            }
        }
        JsonNode object = field("optimizer", false);
        if (object == null) {
            return named == null ? OptimizerSpec.SGD : named;
        }
        TorchOptimizer.Read read;
        try {
            read = TorchOptimizer.read(object);
        } catch (IllegalArgumentException e) {
            throw bad(NumpyExport.MANIFEST, e.getMessage());
        }
        if (named != null && !named.equals(read.spec())) {
            throw bad(NumpyExport.MANIFEST, "training.optimizer is " + given + ", but the optimizer object describes "
                    + read.spec());
        }
        if (Double.compare(read.l2(), l2) != 0) {
            throw bad(NumpyExport.MANIFEST, "training.l2 is " + l2 + ", but the optimizer object's L2 term (weight_decay"
                    + " of SGD and Adam, l2 of AdamW) is " + read.l2());
        }
        return read.spec();
    }

    /**
     * The optimizer state files: one row per row of theta.npy, in PyTorch's layout, stored packed in
     * dit's. Row by row across the files, so that only the store holds the state.
     */
    private void readStates(List<String> keys, int[] recorded, boolean float32, TorchLayers torch,
                            MemoryCheckpoints states) throws IOException {
        int p = torch.parameters().stream().mapToInt(TorchLayers.Param::length).sum();
        List<NpyFile> files = new ArrayList<>();
        try {
            for (String key : keys) {
                String file = key + ".npy";
                NpyFile f = open(file);
                files.add(f);
                if (!f.isFloat()) {
                    throw bad(file, "dtype " + f.dtype() + ", but floats (<f8 or <f4) are needed");
                }
                long[] shape = f.shape();
                if (shape.length != 2 || shape[0] != recorded.length || shape[1] != p) {
                    throw bad(file, "shape " + f.shapeString() + ", expected (" + recorded.length + ", " + p
                            + "): one row per row of theta.npy");
                }
                if (f.dtype().equals("<f4") != float32) {
                    throw bad(file, "dtype " + f.dtype() + ", but theta.npy is " + (float32 ? "<f4" : "<f8"));
                }
            }
            double[] packed = new double[keys.size() * p];
            double[] row = new double[p];
            double[] ditRow = new double[p];
            for (int r = 0; r < recorded.length; r++) {
                for (int k = 0; k < keys.size(); k++) {
                    files.get(k).readDoubles((long) r * p, row, 0, p);
                    for (int i = 0; i < p; i++) {
                        if (!Double.isFinite(row[i])) {
                            throw bad(keys.get(k) + ".npy", "row " + r + " (step " + recorded[r] + ") holds " + row[i]
                                    + " at " + i);
                        }
                    }
                    torch.fromTorch(row, ditRow);
                    System.arraycopy(ditRow, 0, packed, k * p, p);
                }
                states.write(recorded[r], packed);
            }
        } finally {
            for (NpyFile f : files) {
                f.close();
            }
        }
    }

    /** Recomputes every recorded segment, θ and the optimizer state; returns {worst mismatch, its first step}. */
    private double[] verify(Trajectory traj, Dataset train, Evaluator ev, int[] recorded, double tol, boolean float32,
                            ModelSpec spec, List<String> stateKeys, Progress progress) throws IOException {
        int p = traj.parameterCount();
        OptimizerSpec o = traj.optimizer();
        Optimizer opt = new Optimizer(o, ev);
        OptimizerState state = new OptimizerState(o, p);
        OptimizerState startState = new OptimizerState(o, p);
        OptimizerState endState = new OptimizerState(o, p);
        double[] theta = new double[p];
        double[] start = new double[p];
        double[] end = new double[p];
        double worst = 0;
        int worstStep = 0;
        int steps = traj.steps();
        String from = stateKeys.isEmpty() ? "" : " and its " + String.join(", ", stateKeys);
        String trainedBy = o.kind() == OptimizerSpec.Kind.SGD ? "SGD" : o + " (from the recorded state)";
        for (int r = 0; r + 1 < recorded.length; r++) {
            int a = recorded[r];
            int b = recorded[r + 1];
            traj.readCheckpoint(a, start, startState);
            traj.readCheckpoint(b, end, endState);
            System.arraycopy(start, 0, theta, 0, p);
            state.copyFrom(startState);
            for (int t = a; t < b; t++) {
                opt.step(theta, state, train, traj.batch(t), traj.learningRate(t), traj.alpha(), -1);
            }
            for (int c = 0; c <= stateKeys.size(); c++) {
                double[] got = c == 0 ? theta : state.vector(c - 1);
                double[] want = c == 0 ? end : endState.vector(c - 1);
                double[] was = c == 0 ? start : startState.vector(c - 1);
                double err = 0;
                double change = 0;
                for (int i = 0; i < p; i++) {
                    err = Math.max(err, Math.abs(got[i] - want[i]));
                    change = Math.max(change, Math.abs(want[i] - was[i]));
                }
                double mismatch = err == 0 ? 0 : change == 0 ? Double.POSITIVE_INFINITY : err / change;
                if (!(mismatch <= tol)) {
                    String what = b == a + 1 ? "step " + a : "steps " + a + " to " + (b - 1);
                    String missed = c == 0 ? "θ_" + b + " by max |Δθ| = "
                            : stateKeys.get(c - 1) + " at step " + b + " by max |Δ| = ";
                    throw bad(c == 0 ? "theta.npy" : stateKeys.get(c - 1) + ".npy", "recomputing " + what + " from θ_" + a
                            + from + " misses the recorded " + missed + err + ", " + mismatch + " of the largest"
                            + " recorded change (" + change + "), above the tolerance " + tol + " for "
                            + (float32 ? "float32" : "float64") + " θ: the run is not model " + spec + " trained by "
                            + trainedBy + " on these data, batches and learning rates");
                }
                if (mismatch > worst) {
                    worst = mismatch;
                    worstStep = a;
                }
            }
            progress.update(b, steps);
        }
        return new double[] {worst, worstStep};
    }

    /** What the manifest's {@code training.trainMetrics} says the log holds; absent (every PyTorch recording): exact. */
    private TrainMetrics trainMetrics() throws IOException {
        String given = text("training.trainMetrics", null);
        if (given == null) {
            return TrainMetrics.EXACT;
        }
        try {
            return TrainMetrics.parse(given);
        } catch (IllegalArgumentException e) {
            throw bad(NumpyExport.MANIFEST, "training.trainMetrics: " + e.getMessage());
        }
    }

    /**
     * The training log as {@code dit train} writes it with {@code metrics}: the validation loss and
     * accuracy at each epoch's end; the training ones there too, or the mean over the epoch's batch
     * entries at each θ_t, summed in the trainer's order (so an exported run's log comes back bit for bit).
     */
    private static List<Trainer.EpochLog> log(Trajectory traj, Dataset train, Dataset val, Evaluator ev, int[] bounds,
                                              TrainMetrics metrics) {
        ThetaReplay replay = new ThetaReplay(traj, train, ev);
        double[] theta = new double[traj.parameterCount()];
        List<Trainer.EpochLog> log = new ArrayList<>();
        for (int e = 1; e < bounds.length; e++) {
            Evaluator.LossAccuracy tr = metrics == TrainMetrics.BATCH_MEAN
                    ? batchMean(traj, train, ev, replay, bounds[e - 1], bounds[e], theta) : null;
            replay.theta(bounds[e], theta);
            if (tr == null) {
                tr = ev.lossAndAccuracy(theta, train);
            }
            Evaluator.LossAccuracy va = val.size() == 0 ? new Evaluator.LossAccuracy(Double.NaN, Double.NaN)
                    : ev.lossAndAccuracy(theta, val);
            log.add(new Trainer.EpochLog(e, bounds[e], tr.loss(), tr.accuracy(), va.loss(), va.accuracy()));
        }
        return log;
    }

    /** The mean loss and accuracy over the batch entries of steps {@code from … to−1}, each at its θ_t. */
    private static Evaluator.LossAccuracy batchMean(Trajectory traj, Dataset train, Evaluator ev, ThetaReplay replay,
                                                    int from, int to, double[] theta) {
        BatchTally tally = new BatchTally();
        for (int t = from; t < to; t++) {
            replay.theta(t, theta);
            int[] b = traj.batch(t);
            ev.tally(theta, train, b, 0, b.length, tally);
        }
        return new Evaluator.LossAccuracy(tally.meanLoss(), tally.accuracy());
    }

    private Standardizer standardizer(int features) throws IOException {
        if (!"z".equals(text("data.standardize", "none")) || !Files.exists(dir.resolve("standardizer_mean.npy"))) {
            return null;
        }
        double[] mean = vector("standardizer_mean.npy", true);
        double[] scale = vector("standardizer_scale.npy", true);
        if (mean.length != features || scale.length != features) {
            throw bad("standardizer_mean.npy", mean.length + " means and " + scale.length + " scales for " + features
                    + " features");
        }
        return Standardizer.of(mean, scale);
    }
}
