package dev.dit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./dit loo --engine spark} runs, without a Spark installation: a JVM of its own with
 * the JVM flags and class path that the build wrote for the launcher ({@code target/classes} plus
 * {@code target/classpath.txt}). Its file is the single-machine file byte for byte, and its
 * standard error has dit's lines only, no Spark or Hadoop log lines.
 */
class LauncherClasspathIT {
    @TempDir
    static Path tmp;
    static Path run;
    static Path reference;

    @BeforeAll
    static void tinyRunAndReference() {
        run = tmp.resolve("run");
        reference = tmp.resolve("ref.csv");
        assertEquals(0, Dit.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "30", "--n-val", "20",
                "--n-test", "20", "--epochs", "2", "--batch", "8", "--lr", "0.2", "--seed", "4", "-q", "--out", run.toString()).exit());
        assertEquals(0, Dit.run("loo", "--run", run.toString(), "--definition", "local", "--windows", "epochs,full",
                "--threads", "1", "-q", "--out", reference.toString()).exit());
    }

    record Proc(int exit, List<String> err) {
    }

    /** {@code dit ARGS} as the launcher starts it for {@code --engine spark}. */
    static Proc launch(String... args) throws IOException, InterruptedException {
        Path target = Path.of("target");
        String opts = Files.readString(target.resolve("classes/dev/dit/spark/jvm-options.txt")).strip();
        String cp = target.resolve("classes") + java.io.File.pathSeparator + Files.readString(target.resolve("classpath.txt")).strip();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(opts.split("\\s+")));
        cmd.addAll(List.of("-cp", cp, "dev.dit.cli.DitCommand"));
        cmd.addAll(List.of(args));
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "finished");
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("WARNING: Using incubator modules")).toList();
        return new Proc(p.exitValue(), lines);
    }

    @Test
    void sparkRunFromTheLauncherClassPathMatchesOneMachineAndSaysOnlyDitLines() throws Exception {
        Path out = tmp.resolve("spark.csv");
        Proc p = launch("loo", "--run", run.toString(), "--definition", "local", "--windows", "epochs,full",
                "--engine", "spark", "--master", "local[2]", "--out", out.toString());
        assertEquals(0, p.exit(), String.join("\n", p.err()));
        assertEquals(-1L, Files.mismatch(reference, out));
        assertTrue(p.err().stream().allMatch(l -> l.startsWith("dit: ")), "only dit's lines: " + p.err());
        assertTrue(p.err().stream().anyMatch(l -> l.startsWith("dit: leave-one-out for 30 samples") && l.contains("spark local[2]")),
                String.join("\n", p.err()));
    }

    @Test
    void aMissingRunIsOneErrorLineAndExitOne() throws Exception {
        Path missing = tmp.resolve("missing");
        Proc p = launch("loo", "--run", missing.toUri().toString(), "--definition", "local", "--engine", "spark",
                "--master", "local[2]", "--out", tmp.resolve("none.csv").toString());
        assertEquals(1, p.exit(), String.join("\n", p.err()));
        List<String> errors = p.err().stream().filter(l -> !l.startsWith("dit: kernels=")).toList();
        assertEquals(List.of("dit: error: run directory " + missing.toUri() + ": does not exist"), errors);
    }
}
