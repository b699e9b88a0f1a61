package dev.dit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.Diagnosis;
import dev.dit.influence.diagnose.WindowGain;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.influence.window.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the curvature figures and window gains that {@code dit diagnose} wrote to
 * {@code RUN_DIR/diagnostics.json}, for the verdicts of {@code dit influence}; only when the file
 * belongs to the run as it is now (same digest of run.json).
 */
final class DiagnosticsFile {
    private DiagnosticsFile() {
    }

    /** The diagnosis in {@code runDir}, or null when there is none for this run (or it cannot be read). */
    static Diagnosis read(Path runDir) {
        Path file = runDir.resolve(DiagnoseCommand.DEFAULT_OUT);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode j = Json.MAPPER.readTree(file.toFile());
            if (!DiagnoseCommand.FORMAT.equals(j.path("format").asText())
                    || !j.path("run_manifest_sha256").asText().equals(sha256(runDir.resolve(RunDirectory.MANIFEST)))) {
                return null; // written for another run that was in this directory before
            }
            List<Curvature.Point> points = new ArrayList<>();
            for (JsonNode c : j.path("curvature")) {
                JsonNode ev = c.path("eigenvalues");
                double[] eig = new double[ev.size()];
                for (int i = 0; i < eig.length; i++) {
                    eig[i] = ev.get(i).asDouble();
                }
                points.add(new Curvature.Point(c.path("step").asInt(), c.path("epoch").asInt(), c.path("lr").asDouble(), eig,
                        c.path("eta_lambda_max").asDouble(), c.path("lanczos_iterations").asInt(), c.path("converged").asBoolean()));
            }
            List<WindowGain.Gain> gains = new ArrayList<>();
            for (JsonNode w : j.path("windows")) {
                gains.add(new WindowGain.Gain(new Window(w.path("window").asText(), w.path("start").asInt(), w.path("end").asInt()),
                        w.path("log10_gain").asDouble(), w.path("log10_random_growth").asDouble(), w.path("iterations").asInt(),
                        w.path("converged").asBoolean(), w.path("hvps").asLong()));
            }
            return new Diagnosis(points, List.of(), gains);
        } catch (IOException | RuntimeException e) {
            return null; // the verdicts then go without the figures; the reasons say what was used
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
