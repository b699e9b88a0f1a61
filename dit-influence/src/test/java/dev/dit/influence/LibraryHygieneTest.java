package dev.dit.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The libraries behave as guests in an embedding application: their main code neither prints nor
 * exits, nor changes process-wide settings. Logging goes through {@link System.Logger}.
 */
class LibraryHygieneTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    private static final List<String> LIBRARIES = List.of("dit-autodiff", "dit-models", "dit-influence");
    /** Calls that belong to an application, not to a library. */
    private static final List<String> FORBIDDEN = List.of("System.out", "System.err", "printStackTrace",
            "System.exit", "System.setProperty", "System.setOut", "System.setErr", "addShutdownHook",
            "Locale.setDefault", "TimeZone.setDefault", "setDefaultUncaughtExceptionHandler", "java.awt");

    @Test
    void libraryMainCodeNeitherPrintsNorChangesProcessWideSettings() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String module : LIBRARIES) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    files++;
                    List<String> lines = Files.readAllLines(p);
                    for (int i = 0; i < lines.size(); i++) {
                        String code = lines.get(i).strip();
                        if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
                            continue;
                        }
                        for (String f : FORBIDDEN) {
                            if (code.contains(f)) {
                                found.add(ROOT.relativize(p) + ":" + (i + 1) + ": " + f);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(files > 100, "scanned only " + files + " files under " + ROOT);
        assertEquals(List.of(), found);
    }
}
