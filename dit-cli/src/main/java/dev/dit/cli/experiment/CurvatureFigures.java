package dev.dit.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.cli.Json;
import dev.dit.cli.report.Plots;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.CurvatureCsv;
import dev.dit.influence.diagnose.Diagnosis;
import dev.dit.influence.diagnose.WindowGain;
import dev.dit.influence.rundir.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's curvature section (method.md §9): η_t·λ_max(t) over training with the line at the
 * optimizer's stability limit, from the run's {@code curvature.csv} ({@code dit train --monitor})
 * and/or its {@code diagnostics.json} ({@code dit diagnose}), and the gain of each window from the
 * latter. A {@code diagnostics.json} computed from another run (its {@code run_manifest_sha256}
 * differs from the digest of the run's {@code run.json}) is left out, with a note.
 */
final class CurvatureFigures {
    private CurvatureFigures() {
    }

    /** η·λ_max points of one source. */
    record Series(String name, double[] steps, double[] etaLambda, double[] limit) {
    }

    /** One window's gain. */
    record Gain(String window, int start, int end, double log10Gain) {
    }

    /** What a run directory holds about its curvature. */
    record Found(List<Series> series, List<Gain> gains, String note) {
        boolean isEmpty() {
            return series.isEmpty() && gains.isEmpty();
        }
    }

    /**
     * Reads the monitor's and diagnose's files of {@code runDir}, if present.
     *
     * @param runDir the run directory
     * @return what was found (empty lists if neither file is there)
     */
    static Found read(Path runDir) {
        List<Series> series = new ArrayList<>();
        List<Gain> gains = new ArrayList<>();
        String note = null;
        Path csv = runDir.resolve(RunDirectory.CURVATURE);
        try {
            if (Files.isRegularFile(csv)) {
                series.add(of("monitor (dit train --monitor)", CurvatureCsv.read(csv)));
            }
            Path diag = runDir.resolve("diagnostics.json");
            if (Files.isRegularFile(diag)) {
                JsonNode j = Json.MAPPER.readTree(diag.toFile());
                String digest = sha256(runDir.resolve(RunDirectory.MANIFEST));
                if (!digest.equals(j.path("run_manifest_sha256").asText())) {
                    note = "diagnostics.json was computed from another run (its run_manifest_sha256 differs): left out.";
                } else {
                    double defaultLimit = j.path("stability_limit").asDouble(Curvature.SGD_LIMIT);
                    JsonNode c = j.path("curvature");
                    double[] x = new double[c.size()];
                    double[] y = new double[c.size()];
                    double[] l = new double[c.size()];
                    for (int i = 0; i < c.size(); i++) {
                        x[i] = c.get(i).path("step").asInt();
                        y[i] = c.get(i).path("eta_lambda_max").asDouble(Double.NaN);
                        l[i] = c.get(i).path("limit").asDouble(defaultLimit);
                    }
                    if (x.length > 0) {
                        series.add(new Series("dit diagnose", x, y, l));
                    }
                    for (JsonNode w : j.path("windows")) {
                        gains.add(new Gain(w.path("window").asText(), w.path("start").asInt(), w.path("end").asInt(),
                                w.path("log10_gain").asDouble(Double.NaN)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the curvature figures of " + runDir + ": " + e.getMessage(), e);
        }
        return new Found(series, gains, note);
    }

    static Series of(String name, List<Curvature.Point> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        double[] l = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).step();
            y[i] = points.get(i).etaLambdaMax();
            l[i] = points.get(i).limit();
        }
        return new Series(name, x, y, l);
    }

    /**
     * The figures of a diagnosis computed in memory (the demo's and experiments' runs have no run
     * directory to read them from).
     *
     * @param d the diagnosis
     * @return its curvature points and window gains
     */
    static Found of(Diagnosis d) {
        List<Gain> gains = new ArrayList<>();
        for (WindowGain.Gain g : d.gains()) {
            gains.add(new Gain(g.window().label(), g.window().start(), g.window().end(), g.log10Gain()));
        }
        List<Series> series = d.curvature().isEmpty() ? List.of() : List.of(of("diagnosis", d.curvature()));
        return new Found(series, gains, null);
    }

    /**
     * Adds the section (nothing when {@code found} is empty and has no note).
     *
     * @param out the report
     * @param found the figures
     */
    static void draw(Outputs out, Found found) {
        draw(out, found, "");
    }

    /**
     * As {@link #draw(Outputs, Found)}, the figure and data names suffixed by {@code _TAG} when
     * {@code tag} is not empty (a report with several runs).
     *
     * @param out the report
     * @param found the figures
     * @param tag the suffix, or empty
     */
    static void draw(Outputs out, Found found, String tag) {
        if (found.isEmpty() && found.note() == null) {
            return;
        }
        String suffix = tag.isEmpty() ? "" : "_" + tag;
        out.section("Curvature and stability");
        out.paragraph("η_t·λ_max(t): the learning rate times the top eigenvalue of the batch Hessian (+αI; for Adam the"
                + " preconditioned Hessian) at the examined steps, against the optimizer's stability limit (2 for SGD;"
                + " method.md §9.1). Above the limit the linearised step map amplifies the sharp direction, and DIT's"
                + " first-order estimate may describe a fiction there. The window gain is the largest singular value of"
                + " the window's linearised map: how much any perturbation present at the window's start can grow by"
                + " its end.");
        if (found.note() != null) {
            out.paragraph(found.note());
        }
        if (!found.series().isEmpty()) {
            Map<String, double[][]> curves = new LinkedHashMap<>();
            Table t = new Table("source", "step", "eta_lambda_max", "limit");
            double xMax = 0;
            for (Series s : found.series()) {
                curves.put("η·λ_max, " + s.name(), new double[][] {s.steps(), s.etaLambda()});
                for (int i = 0; i < s.steps().length; i++) {
                    t.add(s.name(), (int) s.steps()[i], s.etaLambda()[i], s.limit()[i]);
                    xMax = Math.max(xMax, s.steps()[i]);
                }
            }
            Series first = found.series().get(0);
            double[] lx = new double[first.steps().length];
            System.arraycopy(first.steps(), 0, lx, 0, lx.length);
            curves.put("stability limit", new double[][] {lx, first.limit()});
            long above = found.series().stream().mapToLong(s -> {
                long n = 0;
                for (int i = 0; i < s.steps().length; i++) {
                    n += s.etaLambda()[i] > s.limit()[i] ? 1 : 0;
                }
                return n;
            }).sum();
            out.figure("curvature_eta_lambda_max" + suffix, String.format(Locale.ROOT, "η_t·λ_max(t) over training and the"
                    + " stability limit; %d examined step(s) above it", above),
                    png -> Plots.curves(png, "η_t·λ_max over training", "step", "η·λ_max", curves));
            out.data("curvature" + suffix, t);
        }
        if (!found.gains().isEmpty()) {
            String[] labels = new String[found.gains().size()];
            double[] values = new double[labels.length];
            Table t = new Table("window", "start", "end", "log10_gain");
            for (int i = 0; i < labels.length; i++) {
                Gain g = found.gains().get(i);
                labels[i] = g.window();
                values[i] = g.log10Gain();
                t.add(g.window(), g.start(), g.end(), g.log10Gain());
            }
            out.figure("curvature_window_gain" + suffix, "log10 of each window's gain σ_max (0: a gain of 1, the window"
                    + " neither amplifies nor damps; 1: ×10)",
                    png -> Plots.bars(png, "Window gain (log10 σ_max)", labels, values));
            out.data("window_gain" + suffix, t);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
