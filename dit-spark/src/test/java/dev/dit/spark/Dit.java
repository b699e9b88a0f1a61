package dev.dit.spark;

import dev.dit.cli.DitCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code dit ARGS} in this JVM, as the launcher does with dit-spark on the class path, capturing stderr. */
final class Dit {
    private Dit() {
    }

    record Result(int exit, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank() && !l.startsWith("dit: kernels=")).toList();
        }
    }

    static synchronized Result run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            CommandLine cl = DitCommand.newCommandLine();
            cl.setErr(new PrintWriter(e, true));
            int code = cl.execute(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }
}
