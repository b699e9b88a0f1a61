package dev.dit.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version comes from the build (resource filtering), so it is the one in the parent pom. */
class DitVersionTest {

    @Test
    void versionIsTheParentPomsVersion() throws IOException {
        Path pom = Path.of(System.getProperty("basedir", ".")).resolve("../pom.xml").normalize();
        Matcher m = Pattern.compile("<artifactId>dit-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(pom));
        assertTrue(m.find(), "no dit-parent version in " + pom);
        assertEquals(m.group(1), DitVersion.current());
        assertTrue(DitVersion.current().matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"), DitVersion.current());
    }
}
