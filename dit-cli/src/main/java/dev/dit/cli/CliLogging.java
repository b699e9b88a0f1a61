package dev.dit.cli;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the libraries' {@link System.Logger} lines go when dit runs as a command: one line each on
 * stderr, {@code dit: MESSAGE} (INFO) or {@code dit: warning: MESSAGE}, instead of the JDK's
 * two-line default format. Only the {@code dev.dit} loggers are configured; an application that
 * embeds the libraries configures its own logging instead.
 */
final class CliLogging {
    /** The parent of every dit logger. */
    static final String ROOT = "dev.dit";

    /** Kept reachable: java.util.logging holds its loggers weakly, and the configuration with them. */
    private static final Logger DIT = Logger.getLogger(ROOT);

    private CliLogging() {
    }

    /** Sends {@code dev.dit} log records at INFO and above to {@code System.err}, one line each. */
    static void install() {
        install(DIT);
    }

    /** Configures {@code logger} (and so its children) as {@link #install()} does the dit loggers. */
    static void install(Logger logger) {
        for (Handler h : logger.getHandlers()) {
            logger.removeHandler(h);
        }
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        logger.addHandler(new StderrHandler());
    }

    /** The line a record becomes, without the line break. */
    static String line(LogRecord r) {
        String message = new Formatter() {
            @Override
            public String format(LogRecord record) {
                return formatMessage(record);
            }
        }.format(r);
        return r.getLevel().intValue() >= Level.WARNING.intValue() ? "dit: warning: " + message : "dit: " + message;
    }

    /** Writes to the current {@code System.err}, looked up per record (tests may replace it). */
    private static final class StderrHandler extends Handler {
        StderrHandler() {
            setLevel(Level.INFO);
        }

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                PrintStream err = System.err;
                err.println(line(r));
                err.flush();
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            // System.err stays open: it belongs to the process.
        }
    }
}
