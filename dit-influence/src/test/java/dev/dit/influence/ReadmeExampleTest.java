package dev.dit.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example, taken from README.md itself: its imports and statements are wrapped in
 * a class, compiled against the test class path and run as written (it takes about two seconds), so
 * that the README cannot drift from the API.
 */
class ReadmeExampleTest {

    private static final Path README = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();

    @Test
    void readmeJavaExampleCompilesAndRuns(@TempDir Path tmp) throws Exception {
        String block = javaBlockOfSection(Files.readString(README), "## Java API");
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            if (line.startsWith("import ")) {
                imports.add(line);
            } else {
                body.append("        ").append(line).append('\n');
            }
        }
        assertTrue(imports.size() >= 10, "the example lists its imports: " + imports);
        String statements = body.toString();

        String source = "package readme;\n\n" + String.join("\n", imports) + "\n\n"
                + "public final class ReadmeExample {\n"
                + "    public static void run() {\n" + statements + "    }\n}\n";
        Path src = tmp.resolve("src/readme/ReadmeExample.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                        "-proc:none", "-Xlint:all,-options,-path", "-Werror"),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(src))
                .call();
        assertTrue(ok, "the README's Java example does not compile:\n" + diagnostics + "\n" + source);

        String out = runCapturingStdout(classes);
        Matcher m = Pattern.compile("(?m)^(\\w+)\\[(\\d+),(\\d+)\\)  r=(\\S+)$").matcher(out);
        List<String> windows = new ArrayList<>();
        while (m.find()) {
            windows.add(m.group(1));
            double r = Double.parseDouble(m.group(4));
            assertTrue(r > 0.9, "DIT against leave-one-out in " + m.group() + ":\n" + out);
        }
        List<String> expected = new ArrayList<>();
        for (int e = 1; e <= 15; e++) {
            expected.add("epoch" + e);
        }
        expected.add("full");
        assertEquals(expected, windows, out);
    }

    private static String runCapturingStdout(Path classes) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            loader.loadClass("readme.ReadmeExample").getMethod("run").invoke(null);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The first {@code ```java} block after the line {@code heading}, without its fences. */
    static String javaBlockOfSection(String markdown, String heading) throws IOException {
        String text = markdown.replace("\r\n", "\n");
        int section = text.indexOf("\n" + heading + "\n");
        assertTrue(section >= 0, "README has no section " + heading);
        int open = text.indexOf("\n```java\n", section);
        int next = text.indexOf("\n## ", section + 1);
        assertTrue(open >= 0 && (next < 0 || open < next), "section " + heading + " has no ```java block");
        int start = open + "\n```java\n".length();
        int close = text.indexOf("\n```\n", start);
        assertTrue(close > start, "unclosed ```java block in " + heading);
        return text.substring(start, close);
    }
}
