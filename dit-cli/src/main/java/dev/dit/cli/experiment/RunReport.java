package dev.dit.cli.experiment;

import dev.dit.cli.report.Plots;
import dev.dit.influence.Run;
import dev.dit.influence.analysis.Retraining;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.io.InfluenceCsv;
import dev.dit.influence.metrics.Bootstrap;
import dev.dit.influence.metrics.MatrixAgreement;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.window.Window;
import dev.dit.models.train.TrainMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code dit report}: the HTML report of a trained run and of influence files computed on it
 * ({@code dit influence}, {@code dit loo}), without an experiment command. Each estimate is
 * compared with the ground truth of its own definition and query on the windows both hold; each
 * estimate with two or more windows shorter than the run is drawn over time; if the run has
 * flipped labels, each estimate that covers every training sample is scored at finding them.
 *
 * <p>{@link #check} refuses, before anything is written, a file that belongs to another run (its
 * training-set fingerprint or step count differs), a file with samples or windows the run does
 * not have, and a truth that no estimate can be compared with.
 */
public final class RunReport {
    /** At most this many DIT-vs-truth scatters per pair; the table has every window. */
    static final int MAX_SCATTERS = 8;
    /** Samples drawn as lines in an influence-over-time figure. */
    static final int TOP_LINES = 8;

    /**
     * One influence file given on the command line.
     *
     * @param file where it was read from
     * @param table its content
     */
    public record Input(Path file, InfluenceCsv.Table table) {
        InfluenceMatrix matrix() {
            return table.matrix();
        }

        String name() {
            return file.getFileName().toString();
        }

        /** {@code dit-G.csv (dit, global)}. */
        String describe() {
            return name() + " (" + matrix().method() + ", " + matrix().definition().id() + ", query " + matrix().query() + ")";
        }
    }

    /**
     * What to report on.
     *
     * @param runDir the run directory, as given
     * @param run the run read from it
     * @param estimates {@code --influence} files
     * @param truths {@code --truth} files
     * @param bootstrap bootstrap resamples of the agreement intervals
     * @param bootstrapSeed their seed
     * @param ditVersion the version writing the report
     */
    public record Settings(Path runDir, LoadedRun run, List<Input> estimates, List<Input> truths, int bootstrap,
                           long bootstrapSeed, String ditVersion) {
    }

    /** An estimate and a truth of the same definition and query, restricted to their shared windows. */
    record Pair(Input estimate, Input truth, InfluenceMatrix est, InfluenceMatrix tru) {
    }

    private RunReport() {
    }

    /**
     * Refuses what {@link #write} would refuse, without writing anything.
     *
     * @param s what to report on
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static void validate(Settings s) {
        check(s);
    }

    /**
     * Checks that every file belongs to the run and that every truth has an estimate to be
     * compared with; returns the pairs.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    static List<Pair> check(Settings s) {
        Run run = s.run().run();
        List<Input> all = new ArrayList<>(s.estimates());
        all.addAll(s.truths());
        for (Input in : all) {
            belongsTo(in, run);
        }
        List<Pair> pairs = new ArrayList<>();
        for (Input t : s.truths()) {
            List<Input> sameKind = s.estimates().stream()
                    .filter(e -> e.matrix().definition() == t.matrix().definition() && e.matrix().query().equals(t.matrix().query()))
                    .toList();
            if (sameKind.isEmpty()) {
                throw new IllegalArgumentException("--truth " + t.describe() + " has no --influence file of the same "
                        + "definition and query to be compared with (an estimate is compared only with the truth of its own "
                        + "definition); given: " + (s.estimates().isEmpty() ? "none"
                        : String.join(", ", s.estimates().stream().map(Input::describe).toList())));
            }
            int before = pairs.size();
            for (Input e : sameKind) {
                List<Window> shared = new ArrayList<>(t.matrix().windows());
                shared.retainAll(e.matrix().windows());
                if (!shared.isEmpty()) {
                    pairs.add(new Pair(e, t, restrict(e.matrix(), shared), restrict(t.matrix(), shared)));
                }
            }
            if (pairs.size() == before) {
                throw new IllegalArgumentException("--truth " + t.describe() + " shares no window with the --influence "
                        + "files of its definition (truth windows " + t.matrix().windows() + ", estimate windows "
                        + sameKind.get(0).matrix().windows() + ")");
            }
        }
        return pairs;
    }

    /** Refuses a file computed on another run, or one with samples or windows this run does not have. */
    private static void belongsTo(Input in, Run run) {
        String fingerprint = in.table().header().get(Influences.TRAIN_FINGERPRINT);
        if (fingerprint == null) {
            throw new IllegalArgumentException(in.file() + ": no '" + Influences.TRAIN_FINGERPRINT + "' header line: cannot "
                    + "tell which run it belongs to (files from dit influence, dit loo, dit demo and the experiments have one)");
        }
        if (!fingerprint.equals(run.train().fingerprint())) {
            throw new IllegalArgumentException(in.file() + ": computed on another run: its " + Influences.TRAIN_FINGERPRINT + " "
                    + fingerprint + " differs from the run's training set " + run.train().fingerprint());
        }
        String model = in.table().header().get("model");
        if (model != null && !model.equals(run.model().spec().toString())) {
            throw new IllegalArgumentException(in.file() + ": computed on another run: its model " + model
                    + " differs from the run's " + run.model().spec());
        }
        int steps = run.trajectory().steps();
        String declared = in.table().header().get("steps");
        if (declared != null && !declared.equals(Integer.toString(steps))) {
            throw new IllegalArgumentException(in.file() + ": computed on another run: it says steps " + declared
                    + ", the run has " + steps);
        }
        for (Window w : in.matrix().windows()) {
            if (w.end() > steps) {
                throw new IllegalArgumentException(in.file() + ": window " + w + " ends after the run's last step " + steps);
            }
        }
        int[] samples = in.matrix().samples();
        boolean[] seen = new boolean[run.n()];
        for (int r = 0; r < samples.length; r++) {
            if (samples[r] < 0 || samples[r] >= run.n()) {
                throw new IllegalArgumentException(in.file() + ": sample " + samples[r] + " is not a training sample of the run "
                        + "(it has " + run.n() + ")");
            }
            if (seen[samples[r]]) {
                throw new IllegalArgumentException(in.file() + ": sample " + samples[r] + " appears twice");
            }
            seen[samples[r]] = true;
            for (int w = 0; w < in.matrix().windows().size(); w++) {
                if (!Double.isFinite(in.matrix().get(r, w))) {
                    throw new IllegalArgumentException(in.file() + ": sample " + samples[r] + ", window "
                            + in.matrix().windows().get(w).label() + ": value is not finite");
                }
            }
        }
    }

    /** {@code m} with only the {@code windows} columns (each must be in {@code m}). */
    static InfluenceMatrix restrict(InfluenceMatrix m, List<Window> windows) {
        int[] cols = windows.stream().mapToInt(w -> m.windows().indexOf(w)).toArray();
        double[][] v = new double[m.rows()][cols.length];
        for (int r = 0; r < v.length; r++) {
            for (int c = 0; c < cols.length; c++) {
                v[r][c] = m.get(r, cols[c]);
            }
        }
        return new InfluenceMatrix(m.method(), m.definition(), m.query(), windows, m.samples(), v);
    }

    /**
     * Writes the report into {@code dir} (an empty directory; the caller publishes it) and returns
     * a short summary (without the report's path).
     *
     * @param s what to report on
     * @param dir the directory to fill
     * @return summary lines for the terminal
     * @throws IllegalArgumentException as {@link #validate}
     */
    public static List<String> write(Settings s, Path dir) {
        List<Pair> pairs = check(s);
        Run run = s.run().run();
        var info = s.run().info();
        Outputs out = new Outputs(dir, "dit report: " + s.runDir().toAbsolutePath().normalize().getFileName());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "report");
        config.put("dit_version", s.ditVersion());
        config.put("run", s.runDir().toString());
        config.put(Influences.TRAIN_FINGERPRINT, run.train().fingerprint());
        config.put("influence", s.estimates().stream().map(i -> i.file().toString()).toList());
        config.put("truth", s.truths().stream().map(i -> i.file().toString()).toList());
        config.put("bootstrap_resamples", s.bootstrap());
        config.put("bootstrap_seed", s.bootstrapSeed());
        out.config(config);

        double testAccuracy = new Retraining(run, info.modelSpec(), info.config()).originalTestAccuracy();
        Set<String> queries = new LinkedHashSet<>();
        s.estimates().forEach(i -> queries.add(i.matrix().query()));
        s.truths().forEach(i -> queries.add(i.matrix().query()));
        Glance glance = new Glance()
                .data(info.dataSpec(), run.n(), run.val().size(), run.test().size(), run.corrupted().length,
                        queries.isEmpty() ? "none (no influence file given)" : String.join(", ", queries))
                .model(info.modelSpec(), run.model().parameterCount(), info.config())
                .training(info.log(), info.config().trainMetrics(), testAccuracy);
        out.table("training", info.config().trainMetrics() == TrainMetrics.BATCH_MEAN
                ? "Training log per epoch (train_loss and train_accuracy: the mean over the epoch's batches)"
                : "Training log per epoch", Experiments.trainingLog(info.log()));
        CurvatureFigures.draw(out, CurvatureFigures.read(s.runDir()));

        trust(out, s.estimates());
        agreement(out, glance, pairs, s);
        overTime(out, s.estimates(), run);
        List<DetectionStudy.Row> detection = detection(out, glance, s.estimates(), run);

        out.summary(glance.build());
        out.finish();
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "run %s: %s, %d training samples (%d labels flipped), test accuracy %.3f",
                s.runDir(), info.modelSpec(), run.n(), run.corrupted().length, testAccuracy));
        summary.add(pairs.size() + " estimate/truth pair(s) compared; " + detection.size() + " ranking(s) scored for flipped labels");
        return summary;
    }

    /** The verdicts that influence files carry (dit influence; older files have none), as trust panels. */
    private static void trust(Outputs out, List<Input> estimates) {
        boolean first = true;
        for (Input in : estimates) {
            var verdicts = in.table().verdicts();
            if (verdicts.isEmpty()) {
                continue;
            }
            if (first) {
                out.section("Can these numbers be trusted?");
                out.paragraph("The verdict per window that dit influence wrote into each file (docs/method.md section 10): "
                        + "green reliable, amber doubtful, red unreliable, with the reasons.");
                first = false;
            }
            out.trust(in.file().getFileName() + " (" + in.matrix().method() + ", " + in.matrix().definition().id() + ")",
                    verdicts);
        }
    }

    private static void agreement(Outputs out, Glance glance, List<Pair> pairs, Settings s) {
        if (pairs.isEmpty()) {
            glance.agreement("No ground truth given: run 'dit loo' with the same --definition, --query and --windows as "
                    + "'dit influence', and pass its file with --truth.");
            return;
        }
        out.section("Agreement with retraining");
        out.paragraph("Each estimate against the leave-one-out truth of its own definition and query, on the samples the truth "
                + "holds and the windows both files hold. Agreement: Pearson r, Spearman rho, Kendall tau-b and the Jaccard "
                + "overlap of the top-10% by |influence|, each with a " + s.bootstrap() + "-resample bootstrap 95% interval.");
        List<String> columns = new ArrayList<>(List.of("estimate_file", "truth_file"));
        columns.addAll(List.of(AgreementStudy.COLUMNS));
        Table table = new Table(columns.toArray(String[]::new))
                .noValue(AgreementStudy.noValue(s.run().run().trajectory().steps()));
        List<AgreementStudy.Entry> entries = new ArrayList<>();
        Map<AgreementStudy.Entry, String> label = new java.util.IdentityHashMap<>();
        boolean[] corrupted = s.run().run().corruptedMask();
        int index = 0;
        for (Pair p : pairs) {
            index++;
            List<MatrixAgreement.Row> rows = MatrixAgreement.compare(p.est(), p.tru(),
                    new Bootstrap(s.bootstrapSeed(), s.bootstrap()));
            for (MatrixAgreement.Row r : rows) {
                AgreementStudy.Entry e = new AgreementStudy.Entry(p.est().definition(), p.est().method(), r.window(),
                        r.agreement());
                entries.add(e);
                label.put(e, Glance.estimate(e) + (pairs.size() > 1 ? " (" + p.estimate().name() + ")" : ""));
                List<Object> cells = new ArrayList<>(List.of(p.estimate().name(), p.truth().name()));
                cells.addAll(Arrays.asList(AgreementStudy.cells(e)));
                table.add(cells.toArray());
            }
            int[] samples = p.tru().samples();
            boolean[] flipped = Influences.select(corrupted, samples);
            List<Window> windows = p.tru().windows();
            out.paragraph(String.format(Locale.ROOT, "%s against %s: %d samples, %d window(s)%s.", p.estimate().describe(),
                    p.truth().name(), samples.length, windows.size(), windows.size() > MAX_SCATTERS
                            ? "; scatters of the first " + MAX_SCATTERS + " windows, every window in the table" : ""));
            String who = Glance.estimate(entries.get(entries.size() - 1));
            for (int w = 0; w < Math.min(windows.size(), MAX_SCATTERS); w++) {
                Window win = windows.get(w);
                double[] x = p.est().column(w, samples);
                double[] y = p.tru().column(w);
                out.figure("scatter_" + index + "_" + p.est().definition().id() + "_" + win.label(),
                        String.format(Locale.ROOT, "%s (%s) vs leave-one-out (%s), window %s, %d samples; flipped labels in "
                                + "accent colour", who, p.estimate().name(), p.truth().name(), win, samples.length),
                        png -> Plots.scatter(png, who + " vs LOO, " + win.label(), who + " estimate", "leave-one-out", x, y,
                                flipped));
            }
        }
        out.table("agreement", "Agreement with retraining, every pair and window", table);
        glance.agreement("Each estimate against the leave-one-out truth of its own definition (G: the sample removed from the "
                + "whole run; L: only inside the window) on the samples the truth holds; 95% bootstrap intervals in brackets.",
                entries, label::get);
    }

    /** Lines of the strongest samples and a heat map, for each estimate with two or more windows shorter than the run. */
    private static void overTime(Outputs out, List<Input> estimates, Run run) {
        int steps = run.trajectory().steps();
        boolean[] corrupted = run.corruptedMask();
        boolean any = false;
        int index = 0;
        for (Input in : estimates) {
            index++;
            InfluenceMatrix m = in.matrix();
            List<Window> timed = new ArrayList<>(m.windows().stream().filter(w -> !(w.start() == 0 && w.end() == steps)).toList());
            if (timed.size() < 2) {
                continue;
            }
            timed.sort(Comparator.comparingInt(Window::start).thenComparingInt(Window::end));
            if (!any) {
                out.section("Influence over time");
                out.paragraph("Per window, in order of the window's start; windows spanning the whole run are left out. Red: "
                        + "positive (removing the sample would raise the query: it helps); blue: negative (it hurts).");
                any = true;
            }
            InfluenceMatrix t = restrict(m, timed);
            double[][] values = Influences.values(t);
            String[] labels = Influences.labels(t);
            String who = (m.method().equals("dit") ? "DIT" : m.method()) + "-" + Influences.letter(m.definition());
            int[] samples = t.samples();
            Map<String, double[]> lines = new LinkedHashMap<>();
            for (int r : strongest(values, TOP_LINES)) {
                lines.put("#" + samples[r] + (corrupted[samples[r]] ? " (flipped)" : ""), values[r]);
            }
            String stem = Outputs.slug(in.name().replaceAll("\\.csv$", ""));
            out.figure("over_time_" + index + "_" + stem, String.format(Locale.ROOT, "Influence per window of the %d samples "
                            + "with the largest summed |influence|, %s (%s)", lines.size(), who, in.name()),
                    png -> Plots.lines(png, who + ": strongest samples over time", "window", "influence on " + m.query(),
                            labels, lines));
            out.figure("heatmap_" + index + "_" + stem, "Samples x windows, " + who + " (" + in.name() + "; the samples "
                            + "with the largest |influence| in any window)",
                    png -> Plots.heatmap(png, "Influence per window (" + who + ")", values, labels));
        }
        if (!any && !estimates.isEmpty()) {
            out.section("Influence over time");
            out.paragraph("No influence file has two or more windows shorter than the whole run, so there is nothing to draw "
                    + "over time; compute one with, for example, dit influence --windows epochs.");
        }
    }

    /** Rows with the largest summed |value|, strongest first, ties by row. */
    static int[] strongest(double[][] values, int top) {
        Integer[] order = new Integer[values.length];
        double[] weight = new double[values.length];
        for (int r = 0; r < values.length; r++) {
            order[r] = r;
            for (double v : values[r]) {
                weight[r] += Math.abs(v);
            }
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer r) -> -weight[r]).thenComparingInt(r -> r));
        return Arrays.stream(order).limit(top).mapToInt(Integer::intValue).toArray();
    }

    private static List<DetectionStudy.Row> detection(Outputs out, Glance glance, List<Input> estimates, Run run) {
        if (run.corrupted().length == 0) {
            glance.detection("The run has no flipped labels (it was trained without --corrupt): nothing to detect.");
            return List.of();
        }
        int n = run.n();
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        List<DetectionStudy.Ranking> rankings = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        for (Input in : estimates) {
            InfluenceMatrix m = in.matrix();
            if (m.rows() != n) {
                partial.add(in.name() + " (" + m.rows() + " of " + n + " samples)");
                continue;
            }
            for (int w = 0; w < m.windows().size(); w++) {
                rankings.add(new DetectionStudy.Ranking(m.method(), Influences.letter(m.definition()),
                        m.windows().get(w).label(), m.column(w, all)));
            }
        }
        String left = partial.isEmpty() ? "" : " Not ranked, as they do not cover every training sample: "
                + String.join(", ", partial) + ".";
        if (rankings.isEmpty()) {
            glance.detection("The run has " + run.corrupted().length + " flipped labels, but no influence file covers all " + n
                    + " training samples to rank them." + left);
            return List.of();
        }
        List<DetectionStudy.Row> rows = DetectionStudy.evaluate(rankings, run.corruptedMask());
        out.section("Finding the flipped labels");
        out.paragraph(String.format(Locale.ROOT, "%d of the %d training labels were flipped. Each estimate and window ranks the "
                + "samples by ascending influence (most harmful first); precision and recall among the k = %d lowest, and "
                + "ROC-AUC.%s", run.corrupted().length, n, run.corrupted().length, left));
        DetectionStudy.curves(out, "report", "every estimate and window", rows);
        Table det = DetectionStudy.table(rows);
        out.table("detection", "Flipped-label detection, every estimate and window", det);
        Table curves = new Table("rate", "ranking", "k", "precision", "recall");
        DetectionStudy.curveData(curves, (double) run.corrupted().length / n, rows);
        out.data("pr_curves", curves);
        glance.detection(rows, n);
        return rows;
    }
}
