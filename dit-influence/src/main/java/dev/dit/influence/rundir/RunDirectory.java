package dev.dit.influence.rundir;

import dev.dit.influence.Run;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.CurvatureCsv;
import dev.dit.models.Model;
import dev.dit.models.ParameterLayout;
import dev.dit.models.data.Dataset;
import dev.dit.models.io.AtomicFile;
import dev.dit.models.train.TrainConfig;
import dev.dit.models.train.Trajectory;
import dev.dit.models.trajectory.Hyperparameters;
import dev.dit.models.trajectory.TrajectoryHeader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A trained run on disk, self-contained: reading it never needs the original data source. Layout
 * (see {@code docs/run-directory.md}):
 * <pre>
 * run.json           manifest: RunInfo, split fingerprints, every other file's length and SHA-256
 * trajectory.dit     batches, learning rates, checkpoints (dev.dit.models.trajectory format)
 * data/train.ds      the training set as trained on (corrupted labels included)
 * data/val.ds        the validation set
 * data/test.ds       the test set
 * corrupted.csv      index,original_label,new_label of each corrupted training sample
 * training-log.csv   epoch,step,train_loss,train_acc,val_loss,val_acc
 * </pre>
 * {@code run.json} is written last, so a directory without it is incomplete. Every file is
 * written atomically, and the same run gives byte-identical files (no timestamps, no paths).
 * The data files are {@code DatasetFile} version 2 (features coded into a palette where that is
 * smaller). Directories written by older versions hold version 1 (the features as doubles), as
 * {@code data/*.ds} or gzipped ({@code data/*.ds.gz}, named so in their {@code run.json}); they are
 * read as well.
 */
public final class RunDirectory {
    /** The manifest, written last. */
    public static final String MANIFEST = "run.json";
    /** The trajectory file. */
    public static final String TRAJECTORY = "trajectory.dit";
    /** The corrupted samples. */
    public static final String CORRUPTED = "corrupted.csv";
    /** The per-epoch training log. */
    public static final String TRAINING_LOG = "training-log.csv";
    /** The curvature monitor's file, present only in runs trained with {@code --monitor}. */
    public static final String CURVATURE = CurvatureCsv.FILE;
    /** The split names, in file order. */
    static final List<String> SPLITS = List.of("train", "val", "test");

    private RunDirectory() {
    }

    /**
     * The data file of a split ({@code train}, {@code val} or {@code test}), relative to the directory.
     *
     * @param split {@code train}, {@code val} or {@code test}
     * @return the path, e.g. {@code data/train.ds}
     */
    public static String dataFile(String split) {
        return "data/" + split + ".ds";
    }

    /** The gzipped data file of a split, as older versions wrote it (still read). */
    static String legacyDataFile(String split) {
        return dataFile(split) + DatasetFile.GZIP_SUFFIX;
    }

    /** Every file of a run directory written now except {@code run.json}, in manifest order. */
    static List<String> contentFiles() {
        List<String> data = new ArrayList<>();
        SPLITS.forEach(s -> data.add(dataFile(s)));
        return contentFiles(data);
    }

    /** The same with the data files a manifest names (current or legacy), in split order. */
    private static List<String> contentFiles(List<String> dataFiles) {
        List<String> files = new ArrayList<>(dataFiles);
        files.addAll(List.of(TRAJECTORY, CORRUPTED, TRAINING_LOG));
        return files;
    }

    /**
     * Writes {@code run} into {@code dir} (created if needed). An existing {@code run.json} is
     * deleted first, so an interrupted rewrite leaves an incomplete directory rather than a wrong
     * one; files not belonging to a run directory are left alone.
     *
     * @param dir the run directory
     * @param run the run
     * @param info how it was made
     * @throws IllegalArgumentException if {@code info} does not describe {@code run}
     * @throws IOException if a file cannot be written
     */
    public static void write(Path dir, Run run, RunInfo info) throws IOException {
        write(dir, run, info, null);
    }

    /**
     * As {@link #write(Path, Run, RunInfo)}, with the curvature monitor's figures in
     * {@value #CURVATURE}, listed in {@code run.json} like the other files (null: no such file; a
     * stale one is deleted).
     *
     * @param dir the run directory
     * @param run the run
     * @param info how it was made
     * @param curvature the monitored points, or null for a run trained without the monitor
     * @throws IllegalArgumentException if {@code info} does not describe {@code run}
     * @throws IOException if a file cannot be written
     */
    public static void write(Path dir, Run run, RunInfo info, List<Curvature.Point> curvature) throws IOException {
        checkDescribes(run, info);
        Files.createDirectories(dir.resolve("data"));
        Files.deleteIfExists(dir.resolve(MANIFEST));
        Files.deleteIfExists(dir.resolve(CURVATURE));
        Trajectory traj = run.trajectory();
        TrajectoryFile.write(dir.resolve(TRAJECTORY), trajectoryHeader(run.model(), run.train(), info, traj.epochBoundaries()),
                traj);
        writeAroundTrajectory(dir, run, info, curvature);
    }

    /**
     * Writes every file of a run directory but the trajectory, which is already in place (training
     * streamed it there, see {@link RunTraining#trainInto}); {@code run.json} last.
     */
    static void writeAroundTrajectory(Path dir, Run run, RunInfo info, List<Curvature.Point> curvature)
            throws IOException {
        writeData(dir, run.train(), run.val(), run.test());
        writeRest(dir, run, info, curvature);
    }

    /**
     * Writes the three data files ({@code data/*.ds}); they do not depend on training. The gzipped
     * data files of an older run in the same directory are deleted (no longer listed).
     */
    static void writeData(Path dir, Dataset train, Dataset val, Dataset test) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Dataset[] splits = {train, val, test};
        for (int s = 0; s < splits.length; s++) {
            DatasetFile.write(dir.resolve(dataFile(SPLITS.get(s))), splits[s]);
            Files.deleteIfExists(dir.resolve(legacyDataFile(SPLITS.get(s))));
        }
    }

    /**
     * Writes {@code corrupted.csv}, {@code training-log.csv}, the curvature monitor's figures if
     * any (null: none, a stale file is deleted) and then {@code run.json}, the trajectory and the
     * data files being in place already.
     */
    static void writeRest(Path dir, Run run, RunInfo info, List<Curvature.Point> curvature) throws IOException {
        checkDescribes(run, info);
        Files.deleteIfExists(dir.resolve(MANIFEST));
        Files.deleteIfExists(dir.resolve(CURVATURE));
        Dataset[] splits = {run.train(), run.val(), run.test()};
        Trajectory traj = run.trajectory();
        CsvFiles.writeCorrupted(dir.resolve(CORRUPTED), run.corrupted(), info.originalLabels(), run.train());
        CsvFiles.writeLog(dir.resolve(TRAINING_LOG), info.log());
        List<Manifest.Split> splitEntries = new ArrayList<>();
        for (int s = 0; s < splits.length; s++) {
            splitEntries.add(new Manifest.Split(SPLITS.get(s), dataFile(SPLITS.get(s)), splits[s].size(),
                    DatasetFile.fingerprint(splits[s])));
        }
        List<String> names = new ArrayList<>(contentFiles());
        if (curvature != null) {
            AtomicFile.writeString(dir.resolve(CURVATURE), CurvatureCsv.format(curvature));
            names.add(CURVATURE);
        }
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (String f : names) {
            Path p = dir.resolve(f);
            files.add(new Manifest.FileEntry(f, Files.size(p), Digest.sha256(p)));
        }
        Manifest m = new Manifest(info, run.train().sampleShape(), run.train().numClasses(),
                run.model().parameterCount(), traj.steps(), traj.epochBoundaries(), run.corrupted().length,
                splitEntries, files);
        AtomicFile.writeString(dir.resolve(MANIFEST), m.encode());
    }

    private static void checkDescribes(Run run, RunInfo info) {
        TrainConfig c = info.config();
        Trajectory t = run.trajectory();
        List<String> problems = new ArrayList<>();
        if (!info.modelSpec().equals(run.model().spec())) {
            problems.add("model " + info.modelSpec() + " vs " + run.model().spec());
        }
        if (c.checkpointEvery() != t.checkpointEvery() || Double.compare(c.l2(), t.alpha()) != 0
                || c.epochs() != t.schedule().epochs() || !c.optimizer().equals(t.optimizer())) {
            problems.add("config " + c + " vs trajectory (K=" + t.checkpointEvery() + ", α=" + t.alpha() + ", "
                    + t.schedule().epochs() + " epochs, " + t.optimizer() + ")");
        }
        if (info.plan().nTrain() != run.train().size() || info.plan().nVal() != run.val().size()
                || info.plan().nTest() != run.test().size()) {
            problems.add("sizes " + info.plan() + " vs " + run.train().size() + "/" + run.val().size() + "/"
                    + run.test().size());
        }
        if (info.standardizer() != null && info.standardizer().featureCount() != run.train().featureCount()) {
            problems.add("standardizer of " + info.standardizer().featureCount() + " features for "
                    + run.train().featureCount());
        }
        if (info.originalLabels().length != run.corrupted().length) {
            problems.add(info.originalLabels().length + " original labels for " + run.corrupted().length
                    + " corrupted samples");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("run info does not describe the run: " + String.join("; ", problems));
        }
    }

    /** The trajectory header of a run: model, layout, training-set fingerprint, hyper-parameters. */
    static TrajectoryHeader trajectoryHeader(Model model, Dataset train, RunInfo info, int[] epochBoundaries) {
        return trajectoryHeader(model, train, info.config(), info.ditVersion(), epochBoundaries);
    }

    /** The same from the parts of the run info the header holds, known before training. */
    static TrajectoryHeader trajectoryHeader(Model model, Dataset train, TrainConfig c, String ditVersion,
                                             int[] epochBoundaries) {
        TrajectoryHeader.Builder b = TrajectoryHeader.builder().modelSpec(model.spec().toString());
        for (ParameterLayout.Entry e : model.layout().entries()) {
            b.parameter(e.name(), e.shape());
        }
        return b.dataset(DatasetFile.fingerprint(train), train.size())
                .hyperparameters(new Hyperparameters(c.batchSize(), c.learningRate(), c.schedule(), c.l2(), c.epochs(),
                        c.seed(), model.numClasses()))
                .checkpointEvery(c.checkpointEvery())
                .optimizer(c.optimizer())
                .epochBoundaries(epochBoundaries)
                .ditVersion(ditVersion)
                .build();
    }

    /**
     * Reads a run directory, verifying every file against {@code run.json} (length and SHA-256,
     * the trajectory included, which reads all of it once), every dataset's checksum and
     * fingerprint, and the trajectory header against the manifest. Checkpoints stay on disk; close
     * the result to release the trajectory file.
     *
     * @param dir the run directory
     * @throws RunDirectoryException if the directory is missing, incomplete or damaged (naming the file)
     * @throws dev.dit.models.trajectory.TrajectoryFormatException if the trajectory file's structure is damaged
     * @return the run and its info; close it when done
     */
    public static LoadedRun read(Path dir) throws IOException {
        return load(dir, true);
    }

    /**
     * As {@link #read(Path)}, but the trajectory is not hashed as a whole: its structure is verified
     * on opening and each checkpoint's CRC when it is read. For large runs whose every checkpoint
     * is about to be read anyway.
     *
     * @param dir the run directory
     * @return the run and its info; close it when done
     * @throws IOException if a file cannot be read or is damaged
     */
    public static LoadedRun open(Path dir) throws IOException {
        return load(dir, false);
    }

    private static LoadedRun load(Path dir, boolean hashTrajectory) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new RunDirectoryException(dir, null, Files.exists(dir) ? "is not a directory" : "does not exist");
        }
        Path mf = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(mf)) {
            throw new RunDirectoryException(dir, MANIFEST, "missing: the run directory is incomplete (writing it"
                    + " was interrupted, or this is not a run directory)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(mf)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RunDirectoryException(dir, MANIFEST, "not valid UTF-8: file is damaged", e);
        }
        Manifest m = Manifest.decode(text, dir, MANIFEST);
        ManifestChecks checks = new ManifestChecks(dir, m);
        checks.selfConsistent();
        List<String> dataFiles = new ArrayList<>();
        for (String split : SPLITS) {
            dataFiles.add(dataFileOf(dir, m, split));
        }
        verifyFiles(dir, m, contentFiles(dataFiles), hashTrajectory);
        Dataset[] data = new Dataset[SPLITS.size()];
        for (int s = 0; s < data.length; s++) {
            data[s] = DatasetFile.read(dir, dataFiles.get(s));
            checks.split(SPLITS.get(s), data[s]);
        }
        Dataset train = data[0];
        checks.standardised(train);
        int[][] corrupted = CsvFiles.readCorrupted(dir, CORRUPTED, train);
        if (corrupted[0].length != m.numCorrupted()) {
            throw new RunDirectoryException(dir, CORRUPTED, "lists " + corrupted[0].length
                    + " samples, run.json says " + m.numCorrupted() + " (field 'data.numCorrupted')");
        }
        Model model;
        try {
            model = new Model(m.info().modelSpec(), train.sampleShape(), train.numClasses());
        } catch (IllegalArgumentException e) {
            throw new RunDirectoryException(dir, MANIFEST, "field 'model.spec': " + e.getMessage(), e);
        }
        RunInfo info = withLabels(m.info(), corrupted[1]);
        TrajectoryFile tf = TrajectoryFile.open(dir.resolve(TRAJECTORY));
        try {
            checks.model(model, tf.header());
            checks.header(trajectoryHeader(model, train, info, m.epochBoundaries()), tf.header());
            Run run = new Run(model, train, data[1], data[2], tf.trajectory(), corrupted[0]);
            return new LoadedRun(run, info);
        } catch (IOException | RuntimeException e) {
            tf.close();
            throw e;
        }
    }

    private static RunInfo withLabels(RunInfo i, int[] originalLabels) {
        return new RunInfo(i.dataSpec(), i.plan(), i.modelSpec(), i.config(), i.log(), originalLabels, i.ditVersion(),
                i.standardizer());
    }

    private static void verifyFiles(Path dir, Manifest m, List<String> content, boolean hashTrajectory)
            throws IOException {
        Set<String> listed = new HashSet<>();
        for (Manifest.FileEntry f : m.files()) {
            if (!(content.contains(f.path()) || f.path().equals(CURVATURE)) || !listed.add(f.path())) {
                throw new RunDirectoryException(dir, MANIFEST, "unexpected or repeated file entry '" + f.path() + "'");
            }
        }
        for (String f : content) {
            if (!listed.contains(f)) {
                throw new RunDirectoryException(dir, MANIFEST, "does not list " + f);
            }
        }
        for (Manifest.FileEntry f : m.files()) {
            Path p = dir.resolve(f.path());
            if (!Files.isRegularFile(p)) {
                throw new RunDirectoryException(dir, f.path(), "missing (listed in run.json)");
            }
            long size = Files.size(p);
            if (size != f.bytes()) {
                throw new RunDirectoryException(dir, f.path(), "is " + size + " bytes, run.json says " + f.bytes()
                        + ": file is truncated or damaged");
            }
            if ((hashTrajectory || !f.path().equals(TRAJECTORY)) && !Digest.sha256(p).equals(f.sha256())) {
                throw new RunDirectoryException(dir, f.path(), "content does not match run.json (SHA-256 differs):"
                        + " file is damaged");
            }
        }
    }

    /** The data file the manifest names for a split: the current one or, in older runs, the gzipped one. */
    private static String dataFileOf(Path dir, Manifest m, String name) throws RunDirectoryException {
        Manifest.Split s = m.split(name);
        if (!s.file().equals(dataFile(name)) && !s.file().equals(legacyDataFile(name))) {
            throw new RunDirectoryException(dir, MANIFEST, "split " + name + " must be stored in " + dataFile(name)
                    + " (or " + legacyDataFile(name) + "), not " + s.file());
        }
        return s.file();
    }
}
