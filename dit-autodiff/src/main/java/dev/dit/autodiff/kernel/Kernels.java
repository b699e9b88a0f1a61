package dev.dit.autodiff.kernel;

/**
 * Dense double-precision kernels on row-major arrays. Every array argument comes with an offset
 * and (for matrices) a leading dimension, so callers can work on slices of larger buffers and
 * allocate nothing in hot loops.
 *
 * <p>Implementations must be deterministic: the result of every output element depends only on
 * the inputs, never on the number of threads or on how work was partitioned.
 */
public interface Kernels {

    /** {@return a short name for logs and benchmark tables, e.g. {@code "vector"} or {@code "plain"}} */
    String name();

    /**
     * General matrix multiply {@code C = alpha * op(A) * op(B) + beta * C}, all row-major.
     *
     * <p>{@code op(A)} is {@code m x k}: if {@code transA} is false, A is stored as an
     * {@code m x k} matrix with leading dimension {@code lda >= k}; if true, A is stored as
     * {@code k x m} with {@code lda >= m}. Likewise {@code op(B)} is {@code k x n} and C is
     * {@code m x n} with {@code ldc >= n}. When {@code beta == 0} the previous content of C is
     * ignored (it may hold NaN).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /** Dot product of {@code x[xOff .. xOff+n)} and {@code y[yOff .. yOff+n)}. */
    double dot(int n, double[] x, int xOff, double[] y, int yOff);

    /** {@code y[yOff+i] += alpha * x[xOff+i]} for {@code i < n}. */
    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);
}
