package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The command turns the libraries' log records into one {@code dit: ...} line each on stderr. */
class CliLoggingTest {

    @Test
    void recordsOfTheConfiguredTreeBecomeOneLineEachOnStderr() {
        Logger parent = Logger.getLogger("dev.dit.clilogtest");
        CliLogging.install(parent);
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            System.Logger child = System.getLogger("dev.dit.clilogtest.kernel.KernelsProvider");
            child.log(System.Logger.Level.INFO, "kernels=plain");
            child.log(System.Logger.Level.WARNING, "ignoring bad -Ddit.threads=x");
            child.log(System.Logger.Level.DEBUG, "not shown");
        } finally {
            System.setErr(old);
        }
        assertEquals("dit: kernels=plain" + System.lineSeparator()
                        + "dit: warning: ignoring bad -Ddit.threads=x" + System.lineSeparator(),
                buf.toString(StandardCharsets.UTF_8));
    }
}
