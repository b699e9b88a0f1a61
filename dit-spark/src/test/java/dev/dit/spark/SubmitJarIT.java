package dev.dit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jar for {@code spark-submit} ({@code target/dit-spark-app.jar}): the {@code dit} command
 * with the Spark engine and dit's libraries, but not Spark, Scala or Hadoop (the cluster's are
 * used), and dit's Jackson relocated so that it cannot clash with the cluster's.
 */
class SubmitJarIT {
    @Test
    void carriesDitAndItsEngineButNotSparkAndRelocatesJackson() throws IOException {
        try (JarFile j = new JarFile(Path.of("target", "dit-spark-app.jar").toFile())) {
            assertEquals("dev.dit.cli.DitCommand", j.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(j.getEntry("dev/dit/spark/SparkLooEngine.class"));
            assertNotNull(j.getEntry("dev/dit/influence/truth/LeaveOneOut.class"));
            assertNotNull(j.getEntry("picocli/CommandLine.class"));
            assertNotNull(j.getEntry("dev/dit/shaded/jackson/databind/ObjectMapper.class"));
            List<String> foreign = j.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/") || n.startsWith("org/apache/hadoop/")
                            || n.startsWith("com/fasterxml/jackson/") || n.equals("log4j2.properties"))
                    .toList();
            assertEquals(List.of(), foreign);
            String services = new String(j.getInputStream(j.getEntry("META-INF/services/dev.dit.cli.LooEngine")).readAllBytes());
            assertTrue(services.contains("dev.dit.spark.SparkLooEngine"), services);
        }
    }
}
