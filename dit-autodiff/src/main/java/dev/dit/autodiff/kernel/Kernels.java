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
     *
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m rows of {@code op(A)} and C
     * @param n columns of {@code op(B)} and C
     * @param k columns of {@code op(A)}, rows of {@code op(B)}
     * @param alpha the factor of the product
     * @param a A's array
     * @param aOff where A starts in {@code a}
     * @param lda A's leading dimension (its stored row length)
     * @param b B's array
     * @param bOff where B starts in {@code b}
     * @param ldb B's leading dimension
     * @param beta the factor of C's previous content (0: overwrite)
     * @param c C's array
     * @param cOff where C starts in {@code c}
     * @param ldc C's leading dimension
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /**
     * Dot product of {@code x[xOff .. xOff+n)} and {@code y[yOff .. yOff+n)}.
     *
     * @param n the length
     * @param x the first array
     * @param xOff where the first vector starts
     * @param y the second array
     * @param yOff where the second vector starts
     * @return the dot product
     */
    double dot(int n, double[] x, int xOff, double[] y, int yOff);

    /**
     * {@code y[yOff+i] += alpha * x[xOff+i]} for {@code i < n}.
     *
     * @param n the length
     * @param alpha the factor
     * @param x the added array
     * @param xOff where x starts
     * @param y the updated array
     * @param yOff where y starts
     */
    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);
}
