package dev.dit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The optional Python interpreter of the cross-checks against numpy and PyTorch: $DIT_PYTHON, else
 * /usr/bin/python3 (Debian's, where python3-numpy and python3-torch install).
 */
final class Python {
    static final String PYTHON = System.getenv().getOrDefault("DIT_PYTHON", "/usr/bin/python3");
    /** The test scripts, relative to the module (surefire's working directory). */
    static final Path SCRIPTS = Path.of("src/test/python");
    /** The recorder shipped to users, relative to the module. */
    static final Path RECORDER = Path.of("../python");

    private Python() {
    }

    /** Whether the interpreter imports {@code module}. */
    static boolean has(String module) {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Skips the calling test, saying why, unless the interpreter imports {@code module}; fails it
     * instead where {@code DIT_PYTHON_TESTS=required} (set by {@code .ci/run}, which installs both
     * modules), so that CI never passes by skipping.
     */
    static void require(String module) {
        if (has(module)) {
            return;
        }
        if ("required".equals(System.getenv("DIT_PYTHON_TESTS"))) {
            Assertions.fail(missing(module) + " (DIT_PYTHON_TESTS=required)");
        }
        Assumptions.abort(missing(module));
    }

    /** The reason a check needing {@code module} is skipped. */
    static String missing(String module) {
        return PYTHON + " cannot import " + module + " (install python3-" + module + " or set DIT_PYTHON): skipped";
    }

    /** Output and exit code of one run. */
    record Result(int exit, String output) {
    }

    /** Runs {@code script} with {@code args}, stdout and stderr merged, within 10 minutes. */
    static Result run(Path script, Object... args) throws IOException, InterruptedException {
        return runIn(null, script, args);
    }

    /** As {@link #run}, in working directory {@code cwd} (null: this process's). */
    static Result runIn(Path cwd, Path script, Object... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
        for (Object a : args) {
            cmd.add(a.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (cwd != null) {
            pb.directory(cwd.toFile());
            cmd.set(1, script.toAbsolutePath().toString());
        }
        pb.environment().put("PYTHONPATH", RECORDER.toAbsolutePath().normalize().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(script + " did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}
