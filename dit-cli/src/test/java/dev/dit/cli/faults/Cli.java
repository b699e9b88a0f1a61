package dev.dit.cli.faults;

import dev.dit.autodiff.kernel.KernelsProvider;
import dev.dit.cli.DitCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the {@code dit} command in this JVM for the fault suite and captures everything it says:
 * its exit code, standard output and standard error (both picocli's writers and
 * {@code System.out/err}, which commands also use).
 */
public final class Cli {

    private Cli() {
    }

    /** What one invocation did. */
    public record Result(int exit, String out, String err) {

        /** Every line of standard error. */
        public java.util.List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        /** Output and error together, for assertion messages. */
        public String all() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code dit ARGS...} and returns what happened. Not thread-safe (it swaps System.out/err). */
    public static synchronized Result run(String... args) {
        // The kernels are chosen, and log it, once per JVM: before any case captures stderr, so
        // that no case's stderr depends on which case happened to run first.
        KernelsProvider.get();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            CommandLine cl = DitCommand.newCommandLine();
            cl.setOut(new PrintWriter(o, true));
            cl.setErr(new PrintWriter(e, true));
            code = cl.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
