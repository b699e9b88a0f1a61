package dev.dit.cli;

import dev.dit.influence.Run;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.Diagnosis;
import dev.dit.influence.diagnose.StabilityLimit;
import dev.dit.influence.diagnose.Verdict;
import dev.dit.influence.diagnose.WindowGain;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.influence.window.Window;
import dev.dit.influence.window.Windows;
import dev.dit.models.train.OptimizerSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dit diagnose}: curvature and window-gain figures of a recorded run (method.md §9). */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Whether the linearisation behind DIT holds along a recorded run: the top eigenvalues of the batch "
                + "Hessian (+alpha I; for Adam/AdamW preconditioned by its second moments) every K steps and at each epoch's "
                + "last step (Lanczos on exact HVPs), eta*lambda_max against the optimizer's stability limit (SGD 2, "
                + "momentum:MU 2(1+MU), nesterov:MU 2(1+MU)/(1+2MU), adam 2(1+B1)/(1-B1)), and the gain of each window's "
                + "linear map prod(I - eta_t H_t) (the optimizer's linearised state map for momentum, Nesterov, Adam; "
                + "Lanczos on M^T M). Writes RUN_DIR/diagnostics.json (atomically) and prints a summary.")
public final class DiagnoseCommand implements Callable<Integer> {
    /** The default output file, inside the run directory. */
    static final String DEFAULT_OUT = "diagnostics.json";
    /** The format tag of the JSON. */
    static final String FORMAT = "dit-diagnostics/1";

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "Run directory written by 'dit train'.")
    Path runDir;

    @Option(names = "--every", defaultValue = "10", paramLabel = "K", converter = Converters.Positive.class,
            description = "Examine the curvature every K steps, besides each epoch's last step (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--windows", defaultValue = "epochs", paramLabel = "W[,W...]",
            description = "Windows whose gain to estimate, as in 'dit influence' (default: ${DEFAULT-VALUE}).")
    String windows;

    @Option(names = "--top", defaultValue = "3", paramLabel = "N", converter = Converters.Positive.class,
            description = "Top eigenvalues per examined step (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--lanczos-iterations", defaultValue = "30", paramLabel = "N", converter = Converters.Positive.class,
            description = "Lanczos products per examined step at most (default: ${DEFAULT-VALUE}).")
    int lanczosIterations;

    @Option(names = "--gain-iterations", defaultValue = "20", paramLabel = "N", converter = Converters.Positive.class,
            description = "Lanczos iterations on M^T M per window at most, each 2 HVPs per step of the window (default: ${DEFAULT-VALUE}).")
    int gainIterations;

    @Option(names = "--diagnose-seed", paramLabel = "S", description = "Seed of the start vectors (default: ${DEFAULT-VALUE}).")
    long seed = 0;

    @Option(names = "--out", paramLabel = "FILE|-",
            description = "Output JSON (default: RUN_DIR/" + DEFAULT_OUT + "); '-' writes it to standard output and the summary to stderr.")
    Path out;

    @Mixin
    QuietOption output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path target = out != null ? out : runDir.resolve(DEFAULT_OUT);
        boolean toStdout = Json.isStdout(target);
        if (!toStdout) {
            OutputPaths.refuseRunFiles(target, "--out", runDir);
            OutputPaths.refuseDirectory(target, "--out");
        }
        if (top > lanczosIterations) {
            throw Usage.error(spec, "--top", top, "more eigenvalues than --lanczos-iterations " + lanczosIterations
                    + " can find; raise --lanczos-iterations");
        }
        // The run is opened first: the default output lives inside it, so a missing run must be
        // reported as such, not as a lock file that cannot be created.
        try (LoadedRun loaded = RunDirectory.open(runDir);
             OutputLock lock = toStdout ? null : OutputLock.acquire(target, "diagnostics file")) {
            Run run = loaded.run();
            List<Window> ws = Usage.check(spec, "--windows", windows,
                    () -> Windows.parse(windows, run.trajectory().epochBoundaries()));
            Curvature.Options co = new Curvature.Options(every, top, lanczosIterations, 1e-4, seed);
            WindowGain.Options go = new WindowGain.Options(gainIterations, 1e-3, seed);
            long t0 = System.nanoTime();
            Diagnosis d;
            try (TerminalProgress bar = TerminalProgress.start("diagnose", 1, "units", output.quiet)) {
                d = Diagnosis.of(run, ws, co, go, bar);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // The JSON is the result; the table is a summary of it, so --quiet drops it.
            if (!output.quiet) {
                PrintStream table = toStdout ? System.err : System.out;
                table.print(summary(run, d));
                table.flush();
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", FORMAT);
            // A retrained run directory keeps files it does not own: the digest of run.json tells
            // which run these figures belong to.
            json.put("run_manifest_sha256", sha256(runDir.resolve(RunDirectory.MANIFEST)));
            json.putAll(toJson(run, d, co, go));
            Json.writeOrPrint(target, json);
            if (!output.quiet) {
                System.err.printf(Locale.ROOT, "dit: diagnostics of %d steps and %d window(s) -> %s (%.1f s)%n",
                        d.curvature().size(), d.gains().size(), toStdout ? "standard output" : target, seconds);
            }
        }
        return 0;
    }

    /** The printed summary: η·λ_max per epoch, the window gains, the unstable steps. */
    static String summary(Run run, Diagnosis d) {
        StringBuilder sb = new StringBuilder();
        OptimizerSpec opt = run.trajectory().optimizer();
        sb.append(String.format(Locale.ROOT, "curvature (%s is stable while eta*lambda_max(%s) < %s):%n", opt,
                StabilityLimit.matrix(opt), shortNumber(limit(run))));
        sb.append(String.format(Locale.ROOT, "%-7s %-13s %9s %15s %8s%n", "epoch", "steps", "examined", "max eta*lambda", "at step"));
        for (Diagnosis.EpochSummary e : d.epochs()) {
            sb.append(String.format(Locale.ROOT, "%-7d %-13s %9d %15s %8s%n", e.epoch(), "[" + e.start() + "," + e.end() + ")",
                    e.examined(), e.examined() == 0 ? "-" : fmt(e.maxEtaLambda()), e.examined() == 0 ? "-" : e.atStep()));
        }
        if (!d.gains().isEmpty()) {
            sb.append(String.format(Locale.ROOT, opt.equals(OptimizerSpec.SGD)
                    ? "window gain sigma_max(prod(I - eta_t H_t)):%n"
                    : "window gain sigma_max(prod J_t), J_t the linearised state map of " + opt + ":%n"));
            sb.append(String.format(Locale.ROOT, "%-12s %-13s %12s %14s %10s  %s%n", "window", "steps", "gain", "random vector",
                    "iterations", "verdict (provisional thresholds, not calibrated)"));
            List<Verdict> verdicts = Verdict.of(d, Verdict.Thresholds.provisional());
            for (int i = 0; i < d.gains().size(); i++) {
                WindowGain.Gain g = d.gains().get(i);
                Verdict v = verdicts.get(i);
                sb.append(String.format(Locale.ROOT, "%-12s %-13s %12s %14s %10s  %s: %s%n", g.window().label(),
                        "[" + g.window().start() + "," + g.window().end() + ")", pow10(g.log10Gain()),
                        pow10(g.log10RandomGrowth()), g.iterations() + (g.converged() ? "" : " (max)"), v.level().id(),
                        String.join("; ", v.reasons())));
            }
        }
        int[] unstable = d.unstableSteps();
        sb.append(unstable.length == 0
                ? String.format(Locale.ROOT, "no examined step has eta*lambda_max > %s%n", shortNumber(limit(run)))
                : String.format(Locale.ROOT, "eta*lambda_max > %s at %d of %d examined steps: %s%n",
                        shortNumber(limit(run)), unstable.length, d.curvature().size(), steps(unstable)));
        return sb.toString();
    }

    /** Steps as a list, consecutive examined steps not merged (they need not be adjacent). */
    private static String steps(int[] s) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(s.length, 20);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(s[i]);
        }
        if (s.length > shown) {
            sb.append(", ... (").append(s.length - shown).append(" more in the JSON)");
        }
        return sb.toString();
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** 4 significant digits without trailing zeros: 2, 3.8, 1.357. */
    static String shortNumber(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** 10^x, printed as a number while it fits a double, else as 1e+N. */
    static String pow10(double log10) {
        if (Double.isNaN(log10)) {
            return "NaN";
        }
        if (Math.abs(log10) < 300) {
            return fmt(Math.pow(10, log10));
        }
        return String.format(Locale.ROOT, "1e%+.1f", log10);
    }

    /** The stability limit after the first step (momentum's first step is plain SGD; AdamW's varies a little with η_t). */
    static double limit(Run run) {
        int t = Math.min(1, run.trajectory().steps() - 1);
        return StabilityLimit.of(run.trajectory().optimizer(), t, run.trajectory().learningRate(t));
    }

    static Map<String, Object> toJson(Run run, Diagnosis d, Curvature.Options co, WindowGain.Options go) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", run.model().spec().toString());
        m.put("train_fingerprint", run.train().fingerprint());
        m.put("steps", run.trajectory().steps());
        m.put("alpha", run.trajectory().alpha());
        m.put("optimizer", run.trajectory().optimizer().toString());
        m.put("stability_matrix", StabilityLimit.matrix(run.trajectory().optimizer()));
        m.put("stability_limit", limit(run));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("every", co.every());
        s.put("top", co.k());
        s.put("lanczos_max_iterations", co.maxIterations());
        s.put("lanczos_tolerance", co.tolerance());
        s.put("gain_max_iterations", go.maxIterations());
        s.put("gain_lanczos_tolerance", go.tolerance());
        s.put("seed", co.seed());
        m.put("settings", s);
        m.put("max_eta_lambda_max", d.maxEtaLambda());
        m.put("unstable_steps", d.unstableSteps());
        List<Map<String, Object>> es = new ArrayList<>();
        for (Diagnosis.EpochSummary e : d.epochs()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("epoch", e.epoch());
            r.put("start", e.start());
            r.put("end", e.end());
            r.put("examined", e.examined());
            r.put("max_eta_lambda_max", e.maxEtaLambda());
            r.put("at_step", e.atStep());
            r.put("unstable", e.unstable());
            es.add(r);
        }
        m.put("epochs", es);
        List<Map<String, Object>> gs = new ArrayList<>();
        Verdict.Thresholds th = Verdict.Thresholds.provisional();
        s.put("verdict_gain_doubtful", th.gainDoubtful());
        s.put("verdict_gain_unreliable", th.gainUnreliable());
        List<Verdict> verdicts = Verdict.of(d, th);
        for (int i = 0; i < d.gains().size(); i++) {
            WindowGain.Gain g = d.gains().get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("window", g.window().label());
            r.put("start", g.window().start());
            r.put("end", g.window().end());
            r.put("gain", Math.abs(g.log10Gain()) < 300 ? Math.pow(10, g.log10Gain()) : null);
            r.put("log10_gain", g.log10Gain());
            r.put("log10_random_growth", g.log10RandomGrowth());
            r.put("iterations", g.iterations());
            r.put("converged", g.converged());
            r.put("hvps", g.products());
            r.put("verdict", verdicts.get(i).level().id());
            r.put("verdict_provisional", true);
            r.put("reasons", verdicts.get(i).reasons());
            gs.add(r);
        }
        m.put("windows", gs);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Curvature.Point p : d.curvature()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("step", p.step());
            r.put("epoch", p.epoch());
            r.put("lr", p.learningRate());
            r.put("eta_lambda_max", p.etaLambdaMax());
            r.put("limit", p.limit());
            r.put("eigenvalues", p.eigenvalues());
            r.put("lanczos_iterations", p.iterations());
            r.put("converged", p.converged());
            cs.add(r);
        }
        m.put("curvature", cs);
        return m;
    }
}
