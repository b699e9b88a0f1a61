package dev.dit.autodiff;

import java.util.Arrays;

/**
 * Repeats a vector into a matrix {@code [rows, cols]}: either each entry of {@code x[rows]} along
 * its row ({@code y[r, c] = x[r]}), or all of {@code x[cols]} in every row ({@code y[r, c] = x[c]}).
 * Linear; the adjoints sum over the repeated axis. With it the element-wise ops can combine
 * per-sample statistics or per-feature parameters with a batch (layer normalisation).
 */
final class Broadcast extends LinearNode {
    private final boolean alongRows;
    private final int rows;
    private final int cols;

    Broadcast(Graph g, Node x, int rows, int cols, boolean alongRows) {
        super(g, alongRows ? "expandRows" : "tileRows", new int[] {rows, cols}, x);
        if (x.shape.length != 1 || x.shape[0] != (alongRows ? rows : cols)) {
            throw ShapeException.of(alongRows ? "expandRows" : "tileRows",
                    "needs a vector of length " + (alongRows ? rows : cols) + ":", x.shape, new int[] {rows, cols});
        }
        this.alongRows = alongRows;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    void apply(double[] src, int so, double[] dst, int d0) {
        for (int r = 0; r < rows; r++) {
            int base = d0 + r * cols;
            if (alongRows) {
                Arrays.fill(dst, base, base + cols, src[so + r]);
            } else {
                System.arraycopy(src, so, dst, base, cols);
            }
        }
    }

    @Override
    void applyTransposed(boolean overwrite, double[] src, int so, double[] dst, int d0) {
        if (overwrite) {
            Arrays.fill(dst, d0, d0 + x.size, 0.0);
        }
        for (int r = 0; r < rows; r++) {
            int base = so + r * cols;
            for (int c = 0; c < cols; c++) {
                dst[d0 + (alongRows ? r : c)] += src[base + c];
            }
        }
    }
}
