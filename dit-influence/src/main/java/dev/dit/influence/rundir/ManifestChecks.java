package dev.dit.influence.rundir;

import dev.dit.models.Model;
import dev.dit.models.data.Dataset;
import dev.dit.models.train.Trainer;
import dev.dit.models.trajectory.Hyperparameters;
import dev.dit.models.trajectory.TrajectoryHeader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Cross-checks {@code run.json} against itself and against the files it describes, so that an
 * edited or inconsistent field is refused naming {@code run.json} and the field, rather than
 * surfacing later as a wrong number or a message about some other file.
 */
final class ManifestChecks {
    private final Path dir;
    private final Manifest m;

    ManifestChecks(Path dir, Manifest m) {
        this.dir = dir;
        this.m = m;
    }

    private RunDirectoryException bad(String field, String problem) {
        return new RunDirectoryException(dir, RunDirectory.MANIFEST, "field '" + field + "' " + problem);
    }

    /** What {@code run.json} must satisfy on its own: epochs, boundaries, steps, log and split sizes agree. */
    void selfConsistent() throws RunDirectoryException {
        int epochs = m.info().config().epochs();
        int[] b = m.epochBoundaries();
        if (b.length != epochs + 1) {
            throw bad("training.epochBoundaries", "has " + b.length + " entries, but training.epochs = " + epochs
                    + " needs " + (epochs + 1));
        }
        if (b[0] != 0 || b[epochs] != m.steps()) {
            throw bad("training.epochBoundaries", "must run from 0 to training.steps = " + m.steps() + ", found "
                    + Arrays.toString(b));
        }
        for (int e = 0; e < epochs; e++) {
            if (b[e + 1] <= b[e]) {
                throw bad("training.epochBoundaries", "must increase, found " + Arrays.toString(b));
            }
        }
        List<Trainer.EpochLog> log = m.info().log();
        if (log.size() != epochs) {
            throw bad("log", "has " + log.size() + " entries, but training.epochs = " + epochs);
        }
        for (int e = 0; e < epochs; e++) {
            if (log.get(e).epoch() != e + 1 || log.get(e).step() != b[e + 1]) {
                throw bad("log[" + e + "]", "is epoch " + log.get(e).epoch() + " at step " + log.get(e).step()
                        + ", expected epoch " + (e + 1) + " at step " + b[e + 1] + " (training.epochBoundaries)");
            }
        }
        int[] planned = {m.info().plan().nTrain(), m.info().plan().nVal(), m.info().plan().nTest()};
        String[] fields = {"data.nTrain", "data.nVal", "data.nTest"};
        for (int s = 0; s < planned.length; s++) {
            Manifest.Split split = m.split(RunDirectory.SPLITS.get(s));
            if (split.size() != planned[s]) {
                throw bad(fields[s], "is " + planned[s] + ", but data.splits." + split.name() + ".size is " + split.size());
            }
        }
        if (m.numCorrupted() > planned[0]) {
            throw bad("data.numCorrupted", "is " + m.numCorrupted() + ", more than data.nTrain = " + planned[0]);
        }
    }

    /** A split as read from its file against the fields describing it. */
    void split(String name, Dataset d) throws RunDirectoryException {
        Manifest.Split s = m.split(name);
        String field = "data.splits." + name;
        if (d.size() != s.size()) {
            throw bad(field + ".size", "is " + s.size() + ", but " + s.file() + " holds " + d.size() + " samples");
        }
        String fp = DatasetFile.fingerprint(d);
        if (!fp.equals(s.fingerprint())) {
            throw bad(field + ".fingerprint", "is " + s.fingerprint() + ", but " + s.file() + " holds data with "
                    + fp);
        }
        if (!Arrays.equals(d.sampleShape(), m.sampleShape())) {
            throw bad("data.sampleShape", "is " + Arrays.toString(m.sampleShape()) + ", but " + s.file()
                    + " holds samples of shape " + Arrays.toString(d.sampleShape()));
        }
        if (d.numClasses() != m.numClasses()) {
            throw bad("data.numClasses", "is " + m.numClasses() + ", but " + s.file() + " has " + d.numClasses()
                    + " classes");
        }
    }

    /** The model that {@code model.spec} builds against {@code model.numParams} and the trajectory. */
    void model(Model model, TrajectoryHeader found) throws RunDirectoryException {
        if (model.parameterCount() != found.numParams()) {
            throw bad("model.spec", "is " + m.info().modelSpec() + ", a model of " + model.parameterCount()
                    + " parameters, but " + RunDirectory.TRAJECTORY + " holds " + found.numParams() + " per θ (model "
                    + found.modelSpec() + ")");
        }
        if (model.parameterCount() != m.numParams()) {
            throw bad("model.numParams", "is " + m.numParams() + ", but model " + model.spec() + " has "
                    + model.parameterCount() + " parameters");
        }
    }

    /**
     * The trajectory header against the one {@code run.json} implies; the first difference is
     * named by the run.json field it comes from.
     */
    void header(TrajectoryHeader expected, TrajectoryHeader found) throws RunDirectoryException {
        if (expected.equals(found)) {
            return;
        }
        Hyperparameters e = expected.hyperparameters();
        Hyperparameters f = found.hyperparameters();
        String where = ", but " + RunDirectory.TRAJECTORY + " was recorded with ";
        if (!expected.modelSpec().equals(found.modelSpec()) || !expected.parameters().equals(found.parameters())) {
            throw bad("model.spec", "is " + expected.modelSpec() + where + found.modelSpec());
        }
        if (!expected.datasetFingerprint().equals(found.datasetFingerprint())
                || expected.numExamples() != found.numExamples()) {
            throw bad("data.splits.train.fingerprint", "describes " + expected.numExamples() + " samples with "
                    + expected.datasetFingerprint() + where + found.numExamples() + " with " + found.datasetFingerprint());
        }
        compare("training.epochs", e.epochs(), f.epochs(), where);
        compare("training.batchSize", e.batchSize(), f.batchSize(), where);
        compare("training.learningRate", e.learningRate(), f.learningRate(), where);
        compare("training.lrDecay", e.lrSchedule().id(), f.lrSchedule().id(), where);
        compare("training.l2", e.l2(), f.l2(), where);
        compare("training.seed", e.seed(), f.seed(), where);
        compare("data.numClasses", e.numClasses(), f.numClasses(), where);
        compare("training.checkpointEvery", expected.checkpointEvery(), found.checkpointEvery(), where);
        compare("training.optimizer", expected.optimizer().toString(), found.optimizer().toString(), where);
        compare("training.steps", expected.numSteps(), found.numSteps(), where);
        compare("training.epochBoundaries", Arrays.toString(expected.epochBoundaries()),
                Arrays.toString(found.epochBoundaries()), where);
        compare("ditVersion", expected.ditVersion(), found.ditVersion(), where);
        throw new RunDirectoryException(dir, RunDirectory.TRAJECTORY, "header does not match run.json: expected "
                + expected + ", found " + found);
    }

    private void compare(String field, Object expected, Object found, String where) throws RunDirectoryException {
        if (!expected.equals(found)) {
            throw bad(field, "is " + expected + where + found);
        }
    }

    /** With {@code data.standardize = z}, the stored training split must be standardised. */
    void standardised(Dataset train) throws RunDirectoryException {
        if (m.info().standardizer() == null) {
            return;
        }
        if (m.info().standardizer().featureCount() != train.featureCount()) {
            throw bad("data.standardizer", "has " + m.info().standardizer().featureCount() + " features, but "
                    + RunDirectory.dataFile("train") + " has " + train.featureCount());
        }
        int j = m.info().standardizer().firstUnstandardisedFeature(train);
        if (j >= 0) {
            throw bad("data.standardize", "is z, but feature " + j + " of " + RunDirectory.dataFile("train")
                    + " does not have mean 0 and standard deviation 1");
        }
    }
}
