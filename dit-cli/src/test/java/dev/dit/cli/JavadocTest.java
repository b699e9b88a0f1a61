package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API's Javadoc passes doclint: no broken links, no HTML or syntax errors anywhere, and no
 * missing comment, {@code @param}, {@code @return} or {@code @throws} outside the packages listed in
 * {@link #INCOMPLETE} (a list that only shrinks). The same checks, less the missing tags, run in
 * {@code ./mvnw -B compile javadoc:javadoc}; {@code -Ddit.doclint=all} adds them there.
 */
class JavadocTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    private static final List<String> MODULES = List.of("dit-autodiff", "dit-models", "dit-influence", "dit-cli");

    /** Packages whose public API may still lack tags: the application's experiment drivers. */
    static final Set<String> INCOMPLETE = Set.of(
            "dev.dit.cli.experiment");

    @Test
    void publicApiPassesDoclint(@TempDir Path out) throws IOException {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> sources = new ArrayList<>();
        for (String m : MODULES) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(m).resolve("src/main/java"))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean ok = javadoc.getTask(log, files, diagnostics, null,
                    List.of("-d", out.toString(), "-public", "-quiet", "-Xdoclint:all", "-Xmaxwarns", "100000",
                            "-Xmaxerrs", "100000", "--add-modules", "jdk.incubator.vector",
                            "-classpath", System.getProperty("java.class.path")),
                    files.getJavaFileObjectsFromPaths(sources)).call();
            List<String> problems = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                    .filter(d -> !d.getMessage(Locale.ROOT).startsWith("using incubating module"))
                    .filter(d -> !(isMissing(d) && INCOMPLETE.contains(packageOf(d))))
                    .map(JavadocTest::describe)
                    .collect(Collectors.toList());
            assertEquals(List.of(), problems, problems.size() + " doclint problems");
            assertTrue(ok, "javadoc failed:\n" + log);
        }
    }

    private static boolean isMissing(Diagnostic<? extends JavaFileObject> d) {
        String m = d.getMessage(Locale.ROOT);
        return m.startsWith("no comment") || m.startsWith("no @param") || m.startsWith("no @return")
                || m.startsWith("no @throws");
    }

    private static String packageOf(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null) {
            return "";
        }
        String path = Path.of(d.getSource().toUri()).toString().replace('\\', '/');
        int at = path.indexOf("/src/main/java/");
        String rel = path.substring(at + "/src/main/java/".length());
        return rel.substring(0, Math.max(0, rel.lastIndexOf('/'))).replace('/', '.');
    }

    private static String describe(Diagnostic<? extends JavaFileObject> d) {
        String where = d.getSource() == null ? "" : ROOT.relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ";
        return where + d.getKind().toString().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT);
    }
}
