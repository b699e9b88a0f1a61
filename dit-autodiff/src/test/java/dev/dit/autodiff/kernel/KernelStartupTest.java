package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Loading the kernels has no side effects an embedding application would notice: they report
 * through {@link System.Logger}, never by printing to stderr, and start no thread until work is
 * split (and then only daemon threads).
 */
class KernelStartupTest {

    @Test
    void badThreadPropertyIsLoggedAsAWarningNotPrinted() {
        List<LogRecord> records = new ArrayList<>();
        String err = capturingStderr(KernelThreads.class.getName(), records, () -> {
            assertEquals(2, KernelThreads.threadsFromProperty("many", 2));
            assertEquals(3, KernelThreads.threadsFromProperty("0", 3));
            assertEquals(3, KernelThreads.threadsFromProperty("-1", 3));
            assertEquals(5, KernelThreads.threadsFromProperty(" 5 ", 2));
            assertEquals(2, KernelThreads.threadsFromProperty(null, 2));
            assertEquals(2, KernelThreads.threadsFromProperty("", 2));
        });
        assertEquals("", err);
        assertEquals(3, records.size(), records.toString());
        for (LogRecord r : records) {
            assertEquals(Level.WARNING, r.getLevel());
        }
        assertEquals("ignoring bad -Ddit.threads=many (a thread count must be a whole number >= 1), using 2",
                records.get(0).getMessage());
        assertTrue(records.get(1).getMessage().startsWith("ignoring bad -Ddit.threads=0 "), records.get(1).getMessage());
    }

    /** A fresh JVM, because the choice is made once, when the class loads. */
    @Test
    void kernelChoiceIsOneInfoRecordAndNothingOnStderr() throws Exception {
        String out = runJava(ChooseKernels.class.getName());
        assertEquals("records=1 level=INFO message=kernels=vector stderr=0", out.strip());
    }

    @Test
    void noThreadStartsWhenTheKernelsLoadAndWorkersAreDaemons() throws Exception {
        String out = runJava(StartThreads.class.getName());
        assertEquals("afterLoad=0 afterSplit=1 daemon=true", out.strip());
    }

    @Test
    void unknownKernelRequestIsAWarningNamingIt() throws Exception {
        String out = runJava("-Ddit.kernels=gpu", ChooseKernels.class.getName());
        assertEquals("records=1 level=WARNING message=kernels=vector stderr=0", out.strip());
    }

    private static String runJava(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** Child JVM: records what {@link KernelsProvider} logs and what it prints to {@code System.err}. */
    public static final class ChooseKernels {
        public static void main(String[] args) {
            List<LogRecord> records = new ArrayList<>();
            String err = capturingStderr(KernelsProvider.class.getName(), records, KernelsProvider::get);
            LogRecord r = records.get(0);
            String message = r.getMessage();
            boolean unknownNamed = message.contains("unknown -Ddit.kernels=gpu");
            System.out.println("records=" + records.size() + " level=" + r.getLevel()
                    + " message=" + message.substring(0, message.indexOf(' '))
                    + (r.getLevel() == Level.WARNING && !unknownNamed ? " (reason missing)" : "")
                    + " stderr=" + err.length());
        }
    }

    /** Child JVM: kernel worker threads before and after the first split work. */
    public static final class StartThreads {
        public static void main(String[] args) {
            KernelsProvider.get();
            long before = workers();
            int[] ran = new int[2];
            Parallel.run(2, i -> ran[i]++); // part 1 runs on the worker, or on the caller if it is late
            boolean daemon = ran[0] == 1 && ran[1] == 1 && Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("dit-kernel-")).allMatch(Thread::isDaemon);
            System.out.println("afterLoad=" + before + " afterSplit=" + workers() + " daemon=" + daemon);
        }

        private static long workers() {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("dit-kernel-")).count();
        }
    }

    static String capturingStderr(String logger, List<LogRecord> records, Runnable action) {
        Logger jul = Logger.getLogger(logger);
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parents = jul.getUseParentHandlers();
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        jul.addHandler(h);
        jul.setUseParentHandlers(false);
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(oldErr);
            jul.removeHandler(h);
            jul.setUseParentHandlers(parents);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
