package dev.dit.influence.estimate;

import dev.dit.influence.window.Window;
import java.util.List;

/**
 * Influence of training samples (rows) in time windows (columns), with what it holds: method,
 * definition, query. Values follow the sign convention {@code F(without j) − F(with j)}.
 */
public final class InfluenceMatrix {
    private final String method;
    private final Definition definition;
    private final String query;
    private final List<Window> windows;
    private final int[] samples;
    private final double[][] values;

    /**
     * A matrix of influence values, one row per training sample and one column per window.
     *
     * @param method the estimator, e.g. {@code dit} or {@code loo}
     * @param definition global or local
     * @param query the query's spec
     * @param windows the windows (columns)
     * @param samples training-sample index of each row
     * @param values {@code values[row][window]} (kept, not copied)
     */
    public InfluenceMatrix(String method, Definition definition, String query, List<Window> windows,
                           int[] samples, double[][] values) {
        if (values.length != samples.length) {
            throw new IllegalArgumentException(values.length + " rows for " + samples.length + " samples");
        }
        for (double[] row : values) {
            if (row.length != windows.size()) {
                throw new IllegalArgumentException("a row has " + row.length + " values for " + windows.size() + " windows");
            }
        }
        this.method = method;
        this.definition = definition;
        this.query = query;
        this.windows = List.copyOf(windows);
        this.samples = samples.clone();
        this.values = values;
    }

    /** {@return the estimator, e.g. {@code dit}, {@code tracin}, {@code if}, {@code loo}} */
    public String method() {
        return method;
    }

    /** {@return the definition, G or L} */
    public Definition definition() {
        return definition;
    }

    /** {@return the query's spec} */
    public String query() {
        return query;
    }

    /** {@return the windows (columns)} */
    public List<Window> windows() {
        return windows;
    }

    /** {@return the training-sample index per row} */
    public int[] samples() {
        return samples.clone();
    }

    /** {@return the number of rows} */
    public int rows() {
        return samples.length;
    }

    /**
     * Value at (row, window).
     *
     * @param row the row (not the sample index; see {@link #samples()})
     * @param window the column
     * @return the influence
     */
    public double get(int row, int window) {
        return values[row][window];
    }

    /**
     * One window's values over all rows (a copy).
     *
     * @param window the column
     * @return the values, in row order
     */
    public double[] column(int window) {
        double[] c = new double[samples.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = values[i][window];
        }
        return c;
    }

    /**
     * The values of the given training samples in one window, in the given order.
     *
     * @param window the column
     * @param trainingSamples training-sample indices, each held by some row
     * @return the values, in the order of {@code trainingSamples}
     */
    public double[] column(int window, int[] trainingSamples) {
        int[] rowOf = rowIndex();
        double[] c = new double[trainingSamples.length];
        for (int i = 0; i < c.length; i++) {
            int r = trainingSamples[i] < rowOf.length ? rowOf[trainingSamples[i]] : -1;
            if (r < 0) {
                throw new IllegalArgumentException("training sample " + trainingSamples[i] + " is not in this matrix");
            }
            c[i] = values[r][window];
        }
        return c;
    }

    private int[] rowIndex() {
        int max = -1;
        for (int s : samples) {
            max = Math.max(max, s);
        }
        int[] rowOf = new int[max + 1];
        java.util.Arrays.fill(rowOf, -1);
        for (int r = 0; r < samples.length; r++) {
            rowOf[samples[r]] = r;
        }
        return rowOf;
    }
}
