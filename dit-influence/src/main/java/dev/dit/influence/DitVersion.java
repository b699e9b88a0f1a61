package dev.dit.influence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this dit build, as the build wrote it (Maven resource filtering of
 * {@code dit-version.properties}), so that the number never drifts from the pom.
 */
public final class DitVersion {

    private static final String RESOURCE = "dit-version.properties";
    private static final String VERSION = read();

    private DitVersion() {
    }

    /** {@return the build's version, e.g. {@code 0.1.0-SNAPSHOT}} */
    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = DitVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("dit build is incomplete: resource " + RESOURCE + " is missing");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            if (v.isEmpty() || v.startsWith("${")) {
                throw new IllegalStateException("dit build is incomplete: " + RESOURCE + " was not filtered");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
