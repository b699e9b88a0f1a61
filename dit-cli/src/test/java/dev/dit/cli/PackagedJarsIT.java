package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The jars as the build wrote them (run by Maven after {@code package}, in {@code verify}): every
 * jar names its module and carries the build's version, and the application jar ships no test
 * framework.
 */
class PackagedJarsIT {

    private static final String VERSION = System.getProperty("dit.project.version");
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    private static final Path DIT_JAR = ROOT.resolve("dit-cli/target/dit.jar");

    @ParameterizedTest
    @CsvSource({"dit-autodiff, dev.dit.autodiff", "dit-models, dev.dit.models", "dit-influence, dev.dit.influence",
            "dit-cli, dev.dit.cli"})
    void everyJarNamesItsModuleAndTheBuildsVersion(String artifact, String module) throws IOException {
        assertNotNull(VERSION, "run by Maven, which passes dit.project.version");
        Path jar = ROOT.resolve(artifact).resolve("target").resolve(artifact + "-" + VERSION + ".jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            Attributes main = j.getManifest().getMainAttributes();
            assertEquals(module, main.getValue("Automatic-Module-Name"), jar.toString());
            assertEquals(VERSION, main.getValue("Implementation-Version"), jar.toString());
            assertEquals(artifact, main.getValue("Implementation-Title"), jar.toString());
        }
    }

    @Test
    void theApplicationJarIsRunnableAndCarriesTheFilteredVersion() throws IOException {
        try (JarFile j = new JarFile(DIT_JAR.toFile())) {
            Attributes main = j.getManifest().getMainAttributes();
            assertEquals("dev.dit.cli.DitCommand", main.getValue("Main-Class"));
            assertEquals("dev.dit.cli", main.getValue("Automatic-Module-Name"));
            assertEquals(VERSION, main.getValue("Implementation-Version"));
            Properties p = new Properties();
            try (InputStream in = j.getInputStream(j.getEntry("dev/dit/influence/dit-version.properties"))) {
                p.load(in);
            }
            assertEquals(VERSION, p.getProperty("version"));
        }
    }

    @Test
    void theApplicationJarShipsNoTestFramework() throws IOException {
        try (JarFile j = new JarFile(DIT_JAR.toFile())) {
            List<String> test = j.stream().map(e -> e.getName())
                    .filter(n -> {
                        String l = n.toLowerCase(Locale.ROOT);
                        return l.contains("junit") || l.startsWith("org/opentest4j") || l.startsWith("org/hamcrest")
                                || l.startsWith("org/apiguardian");
                    })
                    .collect(Collectors.toList());
            assertEquals(List.of(), test);
            assertTrue(j.getEntry("picocli/CommandLine.class") != null, "the application does ship its own dependencies");
        }
    }

    @Test
    void theApplicationJarShipsNoSparkNorItsEngine() throws IOException {
        try (JarFile j = new JarFile(DIT_JAR.toFile())) {
            List<String> spark = j.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/") || n.startsWith("org/apache/hadoop/")
                            || n.startsWith("dev/dit/spark/") || n.equals("META-INF/services/dev.dit.cli.LooEngine"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), spark, "dit loo --engine spark runs through ./dit or spark-submit, not dit.jar");
            assertTrue(j.getEntry("dev/dit/cli/LooEngine.class") != null, "the engine interface is in dit.jar");
        }
    }

    @Test
    void versionFlagPrintsTheBuildsVersion() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-jar",
                DIT_JAR.toString(), "--version").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dit --version did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals("dit " + VERSION, out.lines().findFirst().orElse(""), out);
        assertTrue(Files.size(DIT_JAR) > 0);
    }
}
