package dev.dit.influence.diagnose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The largest eigenvalues of a symmetric operator by the Lanczos method with full
 * reorthogonalisation. The start vector is drawn from a seed, so the result is deterministic.
 * Each iteration costs one product; the Krylov basis is kept ({@code iterations × dim} doubles)
 * so that every new vector can be made orthogonal to all the previous ones, which keeps the
 * Ritz values free of the spurious copies plain Lanczos produces in floating point.
 *
 * <p>Stops when each of the k largest Ritz values θ has residual {@code ‖A y − θ y‖ = β_m |s_m|}
 * at most {@code tolerance · max|θ|} (then θ is within that residual of an eigenvalue of A), when
 * the Krylov space is invariant (the Ritz values are then exact eigenvalues), or after
 * {@code maxIterations}. Ritz values never exceed λ_max, so an unconverged top value is a lower bound.
 */
public final class Lanczos {
    /** Relative size of β below which the Krylov space counts as invariant. */
    private static final double BREAKDOWN = 1e-13;

    private Lanczos() {
    }

    /**
     * What the iteration found.
     *
     * @param eigenvalues the largest Ritz values, descending: k of them, or fewer when the start
     *                    vector's Krylov space has fewer dimensions (repeated eigenvalues count once)
     * @param residuals the residual bound {@code β_m |s_m|} of each, same order
     * @param iterations the number of products computed
     * @param converged whether every reported value met the tolerance (or the space was invariant)
     */
    public record Result(double[] eigenvalues, double[] residuals, int iterations, boolean converged) {
        /** {@return the largest eigenvalue found} */
        public double max() {
            return eigenvalues[0];
        }
    }

    /**
     * The k largest eigenvalues of {@code op}.
     *
     * @param op the symmetric operator
     * @param dim its dimension
     * @param k how many eigenvalues, at least 1
     * @param maxIterations at most this many products (capped at dim)
     * @param tolerance relative residual at which a Ritz value counts as converged
     * @param seed the seed of the start vector
     * @return the eigenvalues and how they were found
     */
    public static Result top(SymmetricOperator op, int dim, int k, int maxIterations, double tolerance, long seed) {
        if (dim < 1 || k < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("need dim, k and maxIterations >= 1, got " + dim + ", " + k + ", " + maxIterations);
        }
        int m = Math.min(maxIterations, dim);
        List<double[]> basis = new ArrayList<>();
        double[] alphas = new double[m];
        double[] betas = new double[m];
        double[] q = startVector(dim, seed);
        double[] w = new double[dim];
        Result last = null;
        for (int j = 0; j < m; j++) {
            basis.add(q);
            op.apply(q, w);
            double a = dot(q, w);
            alphas[j] = a;
            axpy(-a, q, w);
            if (j > 0) {
                axpy(-betas[j - 1], basis.get(j - 1), w);
            }
            // Twice is enough (Kahan-Parlett): one pass leaves components of size ε·‖w‖.
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) {
                    axpy(-dot(b, w), b, w);
                }
            }
            double beta = Math.sqrt(dot(w, w));
            betas[j] = beta;
            boolean invariant = beta <= BREAKDOWN * scale(alphas, betas, j);
            last = ritz(alphas, betas, j + 1, k, invariant ? 0.0 : beta, tolerance, invariant);
            if (last.converged() && (j + 1 >= Math.min(k, dim) || invariant)) {
                return last;
            }
            if (invariant) {
                return last;
            }
            double[] next = new double[dim];
            for (int i = 0; i < dim; i++) {
                next[i] = w[i] / beta;
            }
            q = next;
        }
        return last;
    }

    /** The top Ritz values of the j × j tridiagonal matrix and their residual bounds. */
    private static Result ritz(double[] alphas, double[] betas, int j, int k, double beta, double tolerance,
                               boolean invariant) {
        DMatrixRMaj t = new DMatrixRMaj(j, j);
        for (int i = 0; i < j; i++) {
            t.set(i, i, alphas[i]);
            if (i + 1 < j) {
                t.set(i, i + 1, betas[i]);
                t.set(i + 1, i, betas[i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(j, true, true);
        if (!eig.decompose(t)) {
            throw new IllegalStateException("eigen-decomposition of the " + j + "×" + j + " Lanczos matrix failed");
        }
        Integer[] order = new Integer[j];
        double[] values = new double[j];
        for (int i = 0; i < j; i++) {
            order[i] = i;
            values[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        int kk = Math.min(k, j);
        double[] top = new double[kk];
        double[] res = new double[kk];
        double size = Math.abs(values[order[0]]);
        for (int i = 0; i < j; i++) {
            size = Math.max(size, Math.abs(values[i]));
        }
        boolean converged = true;
        for (int i = 0; i < kk; i++) {
            top[i] = values[order[i]];
            DMatrixRMaj s = eig.getEigenVector(order[i]);
            res[i] = beta * Math.abs(s.get(j - 1, 0)) / Math.sqrt(dot(s.data, s.data));
            converged &= res[i] <= tolerance * size;
        }
        return new Result(top, res, j, converged || invariant);
    }

    /** The size of the entries so far, for the breakdown test. */
    private static double scale(double[] alphas, double[] betas, int j) {
        double s = 0;
        for (int i = 0; i <= j; i++) {
            s = Math.max(s, Math.abs(alphas[i]));
            if (i < j) {
                s = Math.max(s, betas[i]);
            }
        }
        return s == 0 ? 1.0 : s;
    }

    /** A unit vector with seeded entries uniform in [−1, 1). */
    static double[] startVector(int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        double norm = Math.sqrt(dot(v, v));
        for (int i = 0; i < dim; i++) {
            v[i] /= norm;
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }
}
