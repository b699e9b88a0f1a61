package dev.dit.influence.analysis;

import dev.dit.influence.metrics.Correlation;
import java.util.List;

/**
 * How influence in one part of training relates to influence in another (method.md §7, claim 2):
 * the correlation between the influence vectors (over samples) of every pair of windows, and the
 * split of E epochs into an early, a middle and a late stage.
 */
public final class Stages {

    /** A correlation coefficient between two aligned vectors. */
    public enum Measure {
        /** Pearson's r. */
        PEARSON,
        /** Spearman's ρ. */
        SPEARMAN,
        /** Kendall's τ-b. */
        KENDALL;

        /**
         * The coefficient of {@code x} and {@code y} (NaN when undefined).
         *
         * @param x one vector
         * @param y the other, as long
         * @return the coefficient in [−1, 1], or NaN
         */
        public double of(double[] x, double[] y) {
            switch (this) {
                case PEARSON:
                    return Correlation.pearson(x, y);
                case SPEARMAN:
                    return Correlation.spearman(x, y);
                default:
                    return Correlation.kendallTauB(x, y);
            }
        }

        /** {@return {@code pearson}, {@code spearman} or {@code kendall}} */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The three stages as 1-based inclusive epoch ranges {@code {first, last}}: early = the first
     * ⌊E/3⌋ epochs, late = the last ⌊E/3⌋, middle = the rest (at least one epoch each; needs E ≥ 3).
     *
     * @param epochs E, at least 3
     * @return early, middle and late as {@code {first, last}}
     */
    public static int[][] thirds(int epochs) {
        if (epochs < 3) {
            throw new IllegalArgumentException("early/middle/late stages need at least 3 epochs, got " + epochs);
        }
        int third = epochs / 3;
        return new int[][] {{1, third}, {third + 1, epochs - third}, {epochs - third + 1, epochs}};
    }

    /**
     * The window spec of {@link #thirds}: {@code epochs:1-a,epochs:b-c,epochs:d-E}.
     *
     * @param epochs E, at least 3
     * @return the spec, for {@code Windows.parse}
     */
    public static String thirdsSpec(int epochs) {
        StringBuilder b = new StringBuilder();
        for (int[] r : thirds(epochs)) {
            b.append(b.length() == 0 ? "" : ",").append("epochs:").append(r[0]).append('-').append(r[1]);
        }
        return b.toString();
    }

    /**
     * The K × K matrix of {@code measure} between the columns of {@code influence} ({@code n × K});
     * the diagonal is 1 for a non-constant column and NaN for a constant one.
     *
     * @param influence an {@code n × K} matrix
     * @param measure the correlation measure
     * @return the symmetric {@code K × K} matrix
     */
    public static double[][] matrix(double[][] influence, Measure measure) {
        int k = influence.length == 0 ? 0 : influence[0].length;
        double[][] cols = new double[k][];
        for (int w = 0; w < k; w++) {
            cols[w] = column(influence, w);
        }
        double[][] m = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double c = measure.of(cols[a], cols[b]);
                m[a][b] = c;
                m[b][a] = c;
            }
        }
        return m;
    }

    /**
     * Column {@code w} of an {@code n × K} matrix.
     *
     * @param influence the matrix
     * @param w the column
     * @return a copy of the column
     */
    public static double[] column(double[][] influence, int w) {
        double[] c = new double[influence.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = influence[i][w];
        }
        return c;
    }

    /**
     * All three measures between two vectors, in {@link Measure} order.
     *
     * @param x one vector
     * @param y the other, as long
     * @return Pearson, Spearman and Kendall
     */
    public static double[] all(double[] x, double[] y) {
        List<Measure> ms = List.of(Measure.values());
        double[] out = new double[ms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ms.get(i).of(x, y);
        }
        return out;
    }

    private Stages() {
    }
}
