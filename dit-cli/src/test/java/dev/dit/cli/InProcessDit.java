package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code dit} command in this JVM for command tests, capturing what it prints. */
final class InProcessDit {
    private InProcessDit() {
    }

    /**
     * Runs {@code dit ARGS...} with {@code out} and {@code err} emptied first and then holding
     * exactly what this invocation printed; returns the exit code.
     */
    static int run(StringWriter out, StringWriter err, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = DitCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Runs {@code dit ARGS...} and fails the test, with the command and what it printed on stderr, unless it exits 0. */
    static void ok(String... args) {
        StringWriter err = new StringWriter();
        assertEquals(0, run(new StringWriter(), err, args), String.join(" ", args) + ": " + err);
    }
}
