package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dit.cli.DitCommand;
import dev.dit.influence.io.PartialRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's conventions, case by case: a usage error is exit 2 with one line naming the
 * user's flag and value and pointing to {@code --help}, and leaves nothing on disk; {@code --version}
 * and {@code --help} answer on every command; {@code -q} silences progress and information;
 * {@code --json -} puts JSON alone on standard output.
 */
class CliFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path run;
    static Path estimate;
    static Path truth;

    /** A tiny run, an estimate and a ground truth for the commands that read them. */
    @BeforeAll
    static void tinyRun() {
        run = tmp.resolve("run");
        estimate = tmp.resolve("dit.csv");
        truth = tmp.resolve("loo.csv");
        ok(Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "mlp:4:tanh", "--n-train", "40", "--n-val", "20",
                "--n-test", "20", "--epochs", "2", "--batch", "16", "--lr", "0.2", "--seed", "3", "-q", "--out", run.toString()));
        ok(Cli.run("influence", "--run", run.toString(), "--definition", "local", "--windows", "full,last", "-q",
                "--out", estimate.toString()));
        ok(Cli.run("loo", "--run", run.toString(), "--definition", "local", "--windows", "full,last", "--samples", "10",
                "--threads", "1", "-q", "--out", truth.toString()));
    }

    private static Cli.Result ok(Cli.Result r) {
        assertEquals(0, r.exit(), r.all());
        return r;
    }

    /** A fresh path under the temporary directory that no case has used. */
    private static Path fresh(String name) {
        return tmp.resolve("case-" + System.nanoTime() + "-" + name);
    }

    private static String[] train(Path out, String... override) {
        return merge(List.of("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "40", "--n-val", "20",
                "--n-test", "20", "--epochs", "2", "--batch", "16", "--lr", "0.1", "--out", out.toString()), override);
    }

    private static String[] experiment(String name, Path out, String... override) {
        return merge(List.of("experiment", name, "--data", "blobs:n=120,d=4", "--n-train", "40", "--n-val", "20",
                "--n-test", "20", "--epochs", "3", "--batch", "16", "--bootstrap", "10", "--out", out.toString()), override);
    }

    private static String[] runCommand(String command, Path out, String... override) {
        return merge(List.of(command, "--run", run.toString(), "--definition", "local", "--out", out.toString()), override);
    }

    /** {@code base} with each {@code --flag value} of {@code override} replacing the base's value or appended; flags alone are appended. */
    private static String[] merge(List<String> base, String... override) {
        List<String> args = new ArrayList<>(base);
        for (int i = 0; i < override.length; i++) {
            String flag = override[i];
            boolean hasValue = i + 1 < override.length && !override[i + 1].matches("--?[a-zA-Z].*");
            int at = args.indexOf(flag);
            if (hasValue && at >= 0) {
                args.set(at + 1, override[++i]);
            } else {
                args.add(flag);
                if (hasValue) {
                    args.add(override[++i]);
                }
            }
        }
        return args.toArray(String[]::new);
    }

    /** One usage error: the arguments, where the command would have written, and what stderr must name. */
    record UsageCase(String name, String[] args, Path output, List<String> named) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static UsageCase usage(String name, Path output, String[] args, String... named) {
        return new UsageCase(name, args, output, List.of(named));
    }

    static Stream<UsageCase> usageErrors() {
        Path t = fresh("train");
        Path o = fresh("out.csv");
        Path e = fresh("experiment");
        return Stream.of(
                usage("train: malformed model spec", t, train(t, "--model", "mlp:x"), "--model 'mlp:x'", "'x' is not a layer size"),
                usage("train: CNN too deep for 28x28 images", t, train(t, "--data", "fashion-mnist-mini", "--model", "cnn:2,2,2,2"),
                        "--model 'cnn:2,2,2,2'", "use at most 3 layers"),
                usage("train: CNN on flat samples", t, train(t, "--model", "cnn:4"), "--model 'cnn:4'", "needs image samples"),
                usage("train: malformed data option", t, train(t, "--data", "blobs:n=x"), "--data 'blobs:n=x'", "must be an integer"),
                usage("train: unknown data kind", t, train(t, "--data", "parquet:x"), "--data 'parquet:x'", "unknown data spec kind"),
                usage("train: split larger than the data", t, train(t, "--n-train", "600"), "--data 'blobs:n=120,d=4'",
                        "--n-train 600", "only 120"),
                usage("train: unknown learning-rate schedule", t, train(t, "--lr-decay", "exponential"),
                        "--lr-decay 'exponential'", "unknown learning-rate schedule", "constant, sqrt, step:E,GAMMA, cosine"),
                usage("train: zero batch", t, train(t, "--batch", "0"), "--batch '0'", "at least 1"),
                usage("train: epochs beyond an int", t, train(t, "--epochs", "99999999999"), "--epochs '99999999999'"),
                usage("train: negative learning rate", t, train(t, "--lr", "-1"), "--lr '-1'", "above 0"),
                usage("train: corrupt fraction above 1", t, train(t, "--corrupt", "1.5"), "--corrupt '1.5'", "[0, 1]"),
                usage("train: non-numeric l2", t, train(t, "--l2", "much"), "--l2 'much'", "not a number"),
                usage("train: seed that is not an integer", t, train(t, "--seed", "0x1F"), "--seed '0x1F'", "not an integer"),
                usage("train: output path the platform cannot represent", t, train(t, "--out", t + "\u0000x"), "--out '",
                        "not a valid path on this system"),
                usage("train: misspelt flag", t, train(t, "--lr-deacy", "sqrt"), "--lr-deacy", "did you mean", "--lr-decay"),
                usage("dit: misspelt command", t, new String[] {"trian", "--out", t.toString()}, "unknown command 'trian'",
                        "did you mean train"),
                usage("experiment: misspelt subcommand", e, new String[] {"experiment", "stagse", "--out", e.toString()},
                        "unknown command 'stagse'", "did you mean stages"),
                usage("train: missing --out", t, Arrays.copyOf(train(t), train(t).length - 2), "missing required option", "--out"),
                usage("influence: unknown definition", o, runCommand("influence", o, "--definition", "both"),
                        "--definition 'both'", "global or local"),
                usage("influence: unknown window", o, runCommand("influence", o, "--windows", "full,late"),
                        "--windows 'full,late'", "unknown item 'late'"),
                usage("influence: test point outside the split", o, runCommand("influence", o, "--query", "logit:999"),
                        "--query 'logit:999'", "test point 999 outside [0, 20)"),
                usage("influence: unknown method", o, runCommand("influence", o, "--method", "shapley"),
                        "--method 'shapley'", "unknown method"),
                usage("influence: influence functions asked for a time window", o,
                        runCommand("influence", o, "--method", "if", "--windows", "full,first"), "--windows 'full,first'",
                        "--method if", "use --windows full"),
                usage("loo: zero threads", o, runCommand("loo", o, "--threads", "0"), "--threads '0'", "at least 1"),
                usage("loo: more samples than the run has", o, runCommand("loo", o, "--samples", "999"),
                        "--samples '999'", "outside 1..40"),
                usage("loo: samples neither all nor a count", o, runCommand("loo", o, "--samples", "some"),
                        "--samples 'some'", "not an integer"),
                usage("agree: zero bootstrap resamples", o, new String[] {"agree", "--estimate", estimate.toString(), "--truth",
                    truth.toString(), "--bootstrap", "0", "--json", o.toString()}, "--bootstrap '0'", "at least 1"),
                usage("correlation: unknown window, found before training", e, experiment("correlation", e, "--windows", "full,late"),
                        "--windows 'full,late'", "unknown item 'late'"),
                usage("correlation: class outside the task", e, experiment("correlation", e, "--query", "logit:0:7"),
                        "--query 'logit:0:7'", "class 7 outside [0, 2)"),
                usage("correlation: seed list with a word", e, experiment("correlation", e, "--seeds", "1,two"),
                        "--seeds '1,two'", "'two' is not an integer"),
                usage("correlation: model list starting with a number", e, experiment("correlation", e, "--models", "16,logreg"),
                        "--models '16,logreg'", "starts with a number"),
                usage("correlation: old --decay spelling still checked", e, experiment("correlation", e, "--decay", "cosine:5"),
                        "--decay 'cosine:5'", "cosine takes no parameters"),
                usage("stages: fewer than 3 epochs", e, experiment("stages", e, "--epochs", "2"), "--epochs '2'",
                        "at least 3 epochs"),
                usage("patterns: unknown definition", e, experiment("patterns", e, "--definition", "both"),
                        "--definition 'both'", "global or local"),
                usage("detection: rate that is not a number", e, experiment("detection", e, "--rates", "0.1,lots"),
                        "--rates '0.1,lots'", "'lots' is not a number"),
                usage("detection: rate that flips no label", e, experiment("detection", e, "--rates", "0.1,0.01"),
                        "--rates '0.1,0.01'", "rate 0.01 flips no label of --n-train 40"),
                usage("detection: explicit last-k beyond the epochs", e, experiment("detection", e, "--last-k", "5"),
                        "--last-k '5'", "K <= --epochs 3"),
                usage("demo: malformed data spec, no report directory", e, new String[] {"demo", "--quick", "--data", "moons:noise=x",
                    "--out", e.toString()}, "--data 'moons:noise=x'", "finite number"),
                usage("selfcheck: negative tolerance", o, new String[] {"selfcheck", "--tolerance", "-1", "--json", o.toString()},
                        "--tolerance '-1'", "above 0"),
                usage("export: missing --run", o, new String[] {"export", "--out", o.toString()}, "missing required option",
                        "--run"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void usageErrorIsExitTwoWithOneLineNamingTheFlag(UsageCase c) throws IOException {
        Cli.Result r = Cli.run(c.args());
        assertEquals(DitCommand.EXIT_USAGE, r.exit(), r.all());
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).toList();
        assertEquals(1, lines.size(), r.all());
        String line = lines.get(0);
        assertTrue(line.startsWith("dit: error: "), line);
        for (String s : c.named()) {
            assertTrue(line.toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT)), "'" + s + "' missing in: " + line);
        }
        assertTrue(line.matches(".*; see 'dit( \\w+)* --help'$"), "no --help hint: " + line);
        assertFalse(line.matches(".*(Exception|java\\.|conv2d|dense\\d|\\tat ).*"), "internal names leak: " + line);
        assertEquals("", r.out(), "nothing on stdout");
        assertFalse(Files.exists(c.output()), "nothing written at " + c.output());
        assertFalse(Files.exists(PartialRows.partialOf(c.output())), "no partial file");
        try (Stream<Path> left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(c.output().getFileName().toString())),
                    "no temporary file left beside " + c.output());
        }
    }

    /** One failed run: exit 1 and one line naming the file, in words rather than exception names. */
    static Stream<Arguments> failedRuns() {
        Path missing = tmp.resolve("missing");
        return Stream.of(
                Arguments.of("agree: estimate file missing", new String[] {"agree", "--estimate", missing + ".csv", "--truth",
                    truth.toString()}, missing + ".csv: no such file or directory"),
                Arguments.of("influence: run directory missing", new String[] {"influence", "--run", missing.toString(),
                    "--definition", "local", "--out", fresh("x.csv").toString()}, missing.toString()),
                Arguments.of("export: run directory missing", new String[] {"export", "--run", missing.toString(), "--out",
                    fresh("npy").toString()}, missing.toString()),
                Arguments.of("agree: a run.json given as an influence file", new String[] {"agree", "--estimate",
                    run.resolve("run.json").toString(), "--truth", truth.toString()}, "run.json: line 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedRuns")
    void failedRunIsExitOneWithOneLineNamingTheFile(String name, String[] args, String named) {
        Cli.Result r = Cli.run(args);
        assertEquals(DitCommand.EXIT_FAILED, r.exit(), r.all());
        List<String> lines = informational(r);
        assertEquals(1, lines.size(), r.all());
        assertTrue(lines.get(0).startsWith("dit: error: ") && lines.get(0).contains(named), r.all());
        assertFalse(lines.get(0).matches(".*(Exception|java\\.|\\tat ).*"), "Java names leak: " + lines.get(0));
        assertEquals("", r.out());
    }

    /** Every command path, e.g. {@code [experiment, stages]}; the root is the empty path. */
    static Stream<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(DitCommand.newCommandLine(), new ArrayList<>(), out);
        return out.stream();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                collect(sub, p, out);
            }
        });
    }

    private static String[] with(List<String> path, String flag) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        return args.toArray(String[]::new);
    }

    @ParameterizedTest(name = "dit {0} --version")
    @MethodSource("commands")
    void versionOnEveryCommand(List<String> path) {
        Cli.Result r = Cli.run(with(path, "--version"));
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().matches("(?s)dit \\d+\\.\\d+\\.\\d+\\S*\\R.*Java .*"), r.all());
        assertEquals("", r.err());
    }

    @ParameterizedTest(name = "dit {0} --help")
    @MethodSource("commands")
    void helpDescribesEveryOptionAndShowsItsDefault(List<String> path) {
        Cli.Result r = Cli.run(with(path, "--help"));
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("Usage: dit" + (path.isEmpty() ? "" : " " + String.join(" ", path)) + " "), r.out());
        String flat = r.out().replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        CommandSpec spec = DitCommand.newCommandLine().getCommandSpec();
        for (String name : path) {
            spec = spec.subcommands().get(name).getCommandSpec();
        }
        if (spec.subcommands().isEmpty()) {
            OptionSpec quiet = spec.findOption("--quiet");
            assertTrue(quiet != null && Arrays.asList(quiet.names()).contains("-q"), "every command that runs takes -q/--quiet");
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            assertTrue(o.description().length > 0 && !o.description()[0].isBlank(), o.longestName() + " has no description");
            assertTrue(flat.contains(o.longestName()), o.longestName() + " missing from help");
            Object dflt = o.defaultValue() != null ? o.defaultValue() : o.initialValue();
            if (dflt != null && !o.required() && !o.isMultiValue() && !(dflt instanceof Boolean)) {
                String shown = ("default:" + dflt).replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
                assertTrue(flat.contains(shown), o.longestName() + ": help does not show its default " + dflt);
            }
        }
    }

    @Test
    void aFlagIsSpelledAndTakesItsValueAlikeInEveryCommand() {
        Map<String, Set<String>> labels = new TreeMap<>();
        Set<String> visible = new TreeSet<>();
        commands().forEach(path -> {
            CommandSpec spec = DitCommand.newCommandLine().getCommandSpec();
            for (String name : path) {
                spec = spec.subcommands().get(name).getCommandSpec();
            }
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    visible.add(o.longestName());
                    if (!o.longestName().equals("--out") && o.arity().max() > 0) {
                        labels.computeIfAbsent(o.longestName(), k -> new TreeSet<>()).add(o.paramLabel());
                    }
                }
            }
        });
        labels.forEach((flag, l) -> assertEquals(1, l.size(), flag + " takes different values in different commands: " + l));
        for (String old : List.of("--decay", "--loo-seed")) {
            assertFalse(visible.contains(old), old + " is an old spelling and must stay hidden");
        }
        assertTrue(visible.containsAll(List.of("--lr-decay", "--samples-seed", "--loo-samples-seed", "--bootstrap-seed")));
    }

    @Test
    void rootHelpListsEveryCommand() {
        Cli.Result r = ok(Cli.run("--help"));
        for (String c : List.of("demo", "train", "influence", "loo", "agree", "experiment", "export", "selfcheck", "help")) {
            assertTrue(r.out().matches("(?s).*\\n  " + c + " .*"), c + " missing from: " + r.out());
        }
        Cli.Result e = ok(Cli.run("experiment", "--help"));
        for (String c : List.of("correlation", "stages", "patterns", "detection")) {
            assertTrue(e.out().contains("  " + c + " "), c + " missing from: " + e.out());
        }
    }

    /** Standard error without the kernel line the library prints once per JVM. */
    private static List<String> informational(Cli.Result r) {
        return r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).toList();
    }

    @Test
    void quietTrainPrintsNothingAndStillWritesTheRun() {
        Path out = fresh("run");
        Cli.Result r = ok(Cli.run(train(out, "-q")));
        assertEquals("", r.out());
        assertEquals(List.of(), informational(r));
        assertTrue(Files.isRegularFile(out.resolve("run.json")), "run written");
        Cli.Result loud = ok(Cli.run(train(fresh("run"))));
        assertTrue(loud.out().contains("epoch 2/2"), "without -q the epochs are shown: " + loud.all());
    }

    @Test
    void quietAlsoSilencesTheLibrariesInformationalLog() {
        System.Logger lib = System.getLogger("dev.dit.autodiff.kernel.KernelsProvider");
        ok(Cli.run(train(fresh("run"), "-q")));
        assertFalse(lib.isLoggable(System.Logger.Level.INFO), "INFO passes under -q");
        assertTrue(lib.isLoggable(System.Logger.Level.WARNING), "warnings still pass under -q");
        ok(Cli.run(train(fresh("run"))));
        assertTrue(lib.isLoggable(System.Logger.Level.INFO), "INFO is back without -q");
    }

    @Test
    void quietInfluenceLooAndExportPrintNothing() {
        Path est = fresh("est.csv");
        Cli.Result i = ok(Cli.run(runCommand("influence", est, "-q")));
        assertEquals("", i.out());
        assertEquals(List.of(), informational(i));
        assertTrue(Files.isRegularFile(est));
        Path loo = fresh("loo.csv");
        Cli.Result l = ok(Cli.run(runCommand("loo", loo, "--samples", "3", "--quiet")));
        assertEquals("", l.out());
        assertEquals(List.of(), informational(l));
        assertTrue(Files.isRegularFile(loo));
        Path npy = fresh("npy");
        Cli.Result x = ok(Cli.run("export", "--run", run.toString(), "--out", npy.toString(), "-q"));
        assertEquals("", x.out());
        assertEquals(List.of(), informational(x));
        assertTrue(Files.isRegularFile(npy.resolve("theta.npy")));
        Cli.Result loud = ok(Cli.run(runCommand("influence", fresh("est.csv"))));
        assertTrue(loud.err().contains("dit: dit influence of 40 samples"), "without -q a summary line: " + loud.all());
    }

    @Test
    void quietExperimentPrintsNothingAndWritesItsReport() {
        Path out = fresh("stages");
        Cli.Result r = ok(Cli.run(experiment("stages", out, "-q")));
        assertEquals("", r.out());
        assertEquals(List.of(), informational(r));
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void quietSelfcheckAnswersByItsExitCodeAlone() {
        Cli.Result r = ok(Cli.run("selfcheck", "-q"));
        assertEquals("", r.out());
        assertEquals(List.of(), informational(r));
        Cli.Result failing = Cli.run("selfcheck", "-q", "--tolerance", "1e-300");
        assertEquals(DitCommand.EXIT_FAILED, failing.exit(), failing.all());
        assertEquals("", failing.out());
        assertTrue(failing.err().startsWith("dit: error: selfcheck failed"), "errors are still printed: " + failing.all());
    }

    @Test
    void agreeJsonDashIsJsonAloneOnStdout() throws IOException {
        Cli.Result r = ok(Cli.run("agree", "--estimate", estimate.toString(), "--truth", truth.toString(), "--json", "-",
                "--bootstrap", "20"));
        JsonNode j = JSON.readTree(r.out());
        assertEquals("local", j.get("definition").asText());
        assertEquals(2, j.get("windows").size());
        assertTrue(r.err().contains("pearson"), "the table goes to stderr: " + r.all());
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");

        Cli.Result quiet = ok(Cli.run("agree", "--estimate", estimate.toString(), "--truth", truth.toString(), "--json", "-",
                "--bootstrap", "20", "-q"));
        assertEquals(j, JSON.readTree(quiet.out()));
        assertEquals(List.of(), informational(quiet));
    }

    @Test
    void influenceOutDashPrintsTheFileOnStdout() throws IOException {
        Cli.Result r = ok(Cli.run(runCommand("influence", Path.of("-"), "--windows", "full,last")));
        assertEquals(Files.readString(estimate), r.out(), "stdout holds exactly what --out FILE writes");
        assertTrue(r.err().contains("dit influence of 40 samples"), "the summary goes to stderr: " + r.all());
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
    }

    @Test
    void selfcheckJsonGoesToStdoutOrAFile() throws IOException {
        Cli.Result dash = ok(Cli.run("selfcheck", "--json", "-"));
        JsonNode j = JSON.readTree(dash.out());
        assertTrue(j.get("passed").asBoolean(), dash.out());
        assertTrue(j.get("models").size() > 0);
        Cli.Result bare = ok(Cli.run("selfcheck", "--json"));
        assertEquals(j.get("gradient_max_rel_err"), JSON.readTree(bare.out()).get("gradient_max_rel_err"));
        Path file = fresh("selfcheck.json");
        Cli.Result toFile = ok(Cli.run("selfcheck", "--json", file.toString()));
        assertTrue(JSON.readTree(file.toFile()).get("passed").asBoolean());
        assertTrue(toFile.out().contains("PASS"), "with a file, the table stays on stdout: " + toFile.all());
    }

    @Test
    void oldSpellingsAreHiddenAliasesOfTheCanonicalFlags() throws IOException {
        Path canonical = fresh("canonical.csv");
        Path old = fresh("old.csv");
        ok(Cli.run(runCommand("loo", canonical, "--samples", "4", "--samples-seed", "5", "-q")));
        ok(Cli.run(runCommand("loo", old, "--samples", "4", "--seed", "5", "-q")));
        assertEquals(Files.readString(canonical).replace(canonical.toString(), "OUT"),
                Files.readString(old).replace(old.toString(), "OUT"));
        Path out = fresh("stages");
        ok(Cli.run(experiment("stages", out, "-q", "--decay", "constant")));
        assertEquals("constant", JSON.readTree(out.resolve("config.json").toFile()).get("decay").asText());
        String help = ok(Cli.run("experiment", "stages", "--help")).out();
        assertFalse(help.contains("--decay"), "old spellings stay out of the help");
        assertTrue(help.contains("--lr-decay"));
    }

    @Test
    void lastKDefaultShrinksToShortRunsAndIsRecordedAsUsed() throws IOException {
        Path out = fresh("detection");
        ok(Cli.run(experiment("detection", out, "-q", "--epochs", "2", "--rates", "0.1", "--no-retrain")));
        assertEquals(2, JSON.readTree(out.resolve("config.json").toFile()).get("last_k").asInt());
    }
}
