package dev.dit.influence.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.influence.Runs;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.FeatureScaling;
import dev.dit.models.data.Standardizer;
import dev.dit.models.train.LearningRate;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.TrainMetrics;
import dev.dit.models.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of {@code run.json}: the {@link RunInfo} (except the corrupted samples' original
 * labels, which live in {@code corrupted.csv}), shapes and sizes, the fingerprint of each split,
 * and every other file of the directory with its length and SHA-256.
 */
record Manifest(RunInfo info, int[] sampleShape, int numClasses, int numParams, int steps, int[] epochBoundaries,
                int numCorrupted, List<Split> splits, List<FileEntry> files) {
    static final String FORMAT = "dit-run";
    static final int FORMAT_VERSION = 1;

    /** One data split: its name (train, val, test), file, size and content fingerprint. */
    record Split(String name, String file, int size, String fingerprint) {
    }

    /** One file of the directory, path relative to it with {@code /} separators. */
    record FileEntry(String path, long bytes, String sha256) {
    }

    String encode() {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("ditVersion", info.ditVersion());
        Runs.DataPlan plan = info.plan();
        ObjectNode data = root.putObject("data");
        data.put("spec", info.dataSpec());
        data.put("nTrain", plan.nTrain());
        data.put("nVal", plan.nVal());
        data.put("nTest", plan.nTest());
        data.put("splitSeed", plan.splitSeed());
        data.put("corruptFraction", plan.corruptFraction());
        data.put("corruptSeed", plan.corruptSeed());
        data.put("numCorrupted", numCorrupted);
        ints(data.putArray("sampleShape"), sampleShape);
        data.put("numClasses", numClasses);
        if (info.standardizer() != null) { // absent for unstandardised runs, so their run.json stays as it was
            data.put("standardize", plan.scaling().id());
            ObjectNode st = data.putObject("standardizer");
            doubles(st.putArray("mean"), info.standardizer().mean());
            doubles(st.putArray("scale"), info.standardizer().scale());
        }
        ObjectNode splitsNode = data.putObject("splits");
        for (Split s : splits) {
            ObjectNode o = splitsNode.putObject(s.name());
            o.put("file", s.file());
            o.put("size", s.size());
            o.put("fingerprint", s.fingerprint());
        }
        ObjectNode model = root.putObject("model");
        model.put("spec", info.modelSpec().toString());
        model.put("numParams", numParams);
        TrainConfig c = info.config();
        ObjectNode training = root.putObject("training");
        training.put("epochs", c.epochs());
        training.put("batchSize", c.batchSize());
        training.put("learningRate", c.learningRate());
        training.put("lrDecay", c.schedule().id());
        training.put("l2", c.l2());
        training.put("seed", c.seed());
        training.put("checkpointEvery", c.checkpointEvery());
        if (!c.optimizer().equals(dev.dit.models.train.OptimizerSpec.SGD)) {
            // Only then: a plain-SGD run.json stays byte for byte what earlier versions wrote.
            training.put("optimizer", c.optimizer().toString());
        }
        if (c.trainMetrics() != TrainMetrics.EXACT) {
            // Only then: an exact-log run.json stays byte for byte what earlier versions wrote.
            training.put("trainMetrics", c.trainMetrics().id());
        }
        training.put("steps", steps);
        ints(training.putArray("epochBoundaries"), epochBoundaries);
        ArrayNode log = root.putArray("log");
        for (Trainer.EpochLog e : info.log()) {
            ObjectNode o = log.addObject();
            o.put("epoch", e.epoch());
            o.put("step", e.step());
            o.put("trainLoss", e.trainLoss());
            o.put("trainAcc", e.trainAccuracy());
            o.put("valLoss", e.valLoss());
            o.put("valAcc", e.valAccuracy());
        }
        ArrayNode fileList = root.putArray("files");
        for (FileEntry f : files) {
            ObjectNode o = fileList.addObject();
            o.put("path", f.path());
            o.put("bytes", f.bytes());
            o.put("sha256", f.sha256());
        }
        return Json.pretty(root);
    }

    private static void doubles(ArrayNode a, double[] values) {
        for (double v : values) {
            a.add(v);
        }
    }

    private static void ints(ArrayNode a, int[] values) {
        for (int v : values) {
            a.add(v);
        }
    }

    /**
     * Parses {@code run.json}. The info's original labels are left empty: they come from
     * {@code corrupted.csv}.
     *
     * @throws RunDirectoryException naming the field that is missing or wrong
     */
    static Manifest decode(String text, Path dir, String rel) throws RunDirectoryException {
        JsonNode root = Json.parse(text, dir, rel);
        Json.Fields f = new Json.Fields(root, dir, rel);
        if (!FORMAT.equals(f.textAt("format"))) {
            throw f.bad("format", "must be \"" + FORMAT + "\" (this is not a dit run directory)");
        }
        int version = f.intAt("formatVersion");
        if (version != FORMAT_VERSION) {
            throw f.bad("formatVersion", "is " + version + "; this dit reads version " + FORMAT_VERSION);
        }
        try {
            return decodeFields(f);
        } catch (IllegalArgumentException e) { // a check the field readers missed: still name the file
            throw new RunDirectoryException(dir, rel, e.getMessage(), e);
        }
    }

    private static Manifest decodeFields(Json.Fields f) throws RunDirectoryException {
        FeatureScaling scaling = FeatureScaling.NONE;
        if (f.has("data.standardize")) {
            try {
                scaling = FeatureScaling.parse(f.textAt("data.standardize"));
            } catch (IllegalArgumentException e) {
                throw f.bad("data.standardize", "must be \"none\" or \"z\", found \"" + f.textAt("data.standardize") + "\"");
            }
        }
        Runs.DataPlan plan = new Runs.DataPlan(f.intAt("data.nTrain", 1), f.intAt("data.nVal", 0), f.intAt("data.nTest", 0),
                f.longAt("data.splitSeed"), fraction(f, "data.corruptFraction"), f.longAt("data.corruptSeed"), scaling);
        Standardizer standardizer = standardizer(f, scaling);
        TrainConfig config = new TrainConfig(f.intAt("training.epochs", 1), f.intAt("training.batchSize", 1),
                positive(f, "training.learningRate"), lrDecay(f), nonNegative(f, "training.l2"),
                f.longAt("training.seed"), f.intAt("training.checkpointEvery", 1), optimizer(f), trainMetrics(f));
        List<Trainer.EpochLog> log = new ArrayList<>();
        for (int i = 0; i < f.arrayAt("log").size(); i++) {
            Json.Fields e = f.element("log", i);
            log.add(new Trainer.EpochLog(e.intAt("epoch"), e.intAt("step"), e.doubleAt("trainLoss"),
                    e.doubleAt("trainAcc"), e.doubleAt("valLoss"), e.doubleAt("valAcc")));
        }
        ModelSpec modelSpec;
        try {
            modelSpec = ModelSpec.parse(f.textAt("model.spec"));
        } catch (IllegalArgumentException e) {
            throw f.bad("model.spec", "is not a model spec: " + e.getMessage());
        }
        RunInfo info = new RunInfo(f.textAt("data.spec"), plan, modelSpec, config, log, new int[0],
                f.textAt("ditVersion"), standardizer);
        List<Split> splits = new ArrayList<>();
        for (String name : List.of("train", "val", "test")) {
            String p = "data.splits." + name;
            splits.add(new Split(name, f.textAt(p + ".file"), f.intAt(p + ".size", 0), f.textAt(p + ".fingerprint")));
        }
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < f.arrayAt("files").size(); i++) {
            Json.Fields e = f.element("files", i);
            files.add(new FileEntry(e.textAt("path"), e.longAt("bytes"), e.textAt("sha256")));
        }
        return new Manifest(info, f.intsAt("data.sampleShape"), f.intAt("data.numClasses", 2),
                f.intAt("model.numParams", 1), f.intAt("training.steps", 1), f.intsAt("training.epochBoundaries"),
                f.intAt("data.numCorrupted", 0), splits, files);
    }

    private static Standardizer standardizer(Json.Fields f, FeatureScaling scaling) throws RunDirectoryException {
        if (scaling == FeatureScaling.NONE) {
            if (f.has("data.standardizer")) {
                throw f.bad("data.standardizer", "is present but data.standardize is not \"z\"");
            }
            return null;
        }
        double[] mean = f.doublesAt("data.standardizer.mean");
        double[] scale = f.doublesAt("data.standardizer.scale");
        try {
            return Standardizer.of(mean, scale);
        } catch (IllegalArgumentException e) {
            throw f.bad("data.standardizer", "is invalid: " + e.getMessage());
        }
    }

    private static double positive(Json.Fields f, String path) throws RunDirectoryException {
        double v = f.doubleAt(path);
        if (!(v > 0) || !Double.isFinite(v)) {
            throw f.bad(path, "must be a finite number > 0, found " + v);
        }
        return v;
    }

    private static double nonNegative(Json.Fields f, String path) throws RunDirectoryException {
        double v = f.doubleAt(path);
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw f.bad(path, "must be a finite number >= 0, found " + v);
        }
        return v;
    }

    private static double fraction(Json.Fields f, String path) throws RunDirectoryException {
        double v = f.doubleAt(path);
        if (!(v >= 0 && v <= 1)) {
            throw f.bad(path, "must be a fraction in [0, 1], found " + v);
        }
        return v;
    }

    private static LearningRate lrDecay(Json.Fields f) throws RunDirectoryException {
        String id = f.textAt("training.lrDecay");
        try {
            return LearningRate.fromId(id);
        } catch (IllegalArgumentException e) {
            throw f.bad("training.lrDecay", "is \"" + id + "\": " + e.getMessage());
        }
    }

    /** The split of this name. */
    Split split(String name) {
        return splits.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** What the log's training loss and accuracy are; run.json files written before the choice have none: exact. */
    private static TrainMetrics trainMetrics(Json.Fields f) throws RunDirectoryException {
        if (!f.has("training.trainMetrics")) {
            return TrainMetrics.EXACT;
        }
        String id = f.textAt("training.trainMetrics");
        for (TrainMetrics m : TrainMetrics.values()) {
            if (m.id().equals(id)) { // as written, not case-folded: run.json holds what dit wrote
                return m;
            }
        }
        throw f.bad("training.trainMetrics", "is \"" + id + "\": must be \"batch-mean\" or \"exact\"");
    }

    /** The run's optimizer; run.json files written before optimizers existed have none and ran SGD. */
    private static dev.dit.models.train.OptimizerSpec optimizer(Json.Fields f) throws RunDirectoryException {
        if (!f.has("training.optimizer")) {
            return dev.dit.models.train.OptimizerSpec.SGD;
        }
        try {
            return dev.dit.models.train.OptimizerSpec.parse(f.textAt("training.optimizer"));
        } catch (IllegalArgumentException e) {
            throw f.bad("training.optimizer", "is '" + f.textAt("training.optimizer") + "': " + e.getMessage());
        }
    }
}
