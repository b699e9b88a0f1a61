package dev.dit.influence.diagnose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The curvature file of a monitored run, {@code curvature.csv} (docs/run-directory.md): one row per
 * monitored step, {@value #HEADER}. Numbers are written with {@link Double#toString} (exact round
 * trip).
 */
public final class CurvatureCsv {
    /** The file name inside a run directory. */
    public static final String FILE = "curvature.csv";
    /** The header line. */
    public static final String HEADER = "step,epoch,learning_rate,lambda_max,eta_lambda_max,limit,iterations,converged";

    private CurvatureCsv() {
    }

    /**
     * The file's text.
     *
     * @param points the points, ascending by step
     * @return the CSV text, header first
     */
    public static String format(List<Curvature.Point> points) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Curvature.Point p : points) {
            b.append(p.step()).append(',').append(p.epoch()).append(',').append(p.learningRate()).append(',')
                    .append(p.eigenvalues()[0]).append(',').append(p.etaLambdaMax()).append(',').append(p.limit())
                    .append(',').append(p.iterations()).append(',').append(p.converged()).append('\n');
        }
        return b.toString();
    }

    /**
     * Reads a curvature file.
     *
     * @param file the file
     * @return its points (with the top eigenvalue only)
     * @throws IOException if it cannot be read or a line is malformed (the message names the line)
     */
    public static List<Curvature.Point> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": first line must be '" + HEADER + "'");
        }
        List<Curvature.Point> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                if (c.length != 8 || !(c[7].equals("true") || c[7].equals("false"))) {
                    throw new NumberFormatException("expected 8 cells");
                }
                double lambda = Double.parseDouble(c[3]);
                out.add(new Curvature.Point(Integer.parseInt(c[0]), Integer.parseInt(c[1]), Double.parseDouble(c[2]),
                        new double[] {lambda}, Double.parseDouble(c[4]), Integer.parseInt(c[6]),
                        Boolean.parseBoolean(c[7]), Double.parseDouble(c[5])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (i + 1) + " is malformed: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
