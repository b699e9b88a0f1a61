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

    /**
     * One transposed (adjoint) Adam step fused with its set-up, in one pass over the vectors. With
     * {@code m0} the first moments before the step, {@code m1, v1} the moments after it and the
     * scalars {@code half = stepSize·invC2/2}, for every {@code i < n}:
     * <pre>
     * root = √v1;  inv = 1/(root·invC2 + ε);  a = stepSize·inv;  b = half·m1·inv·inv / max(root, MIN_NORMAL)
     * g = (m1 − β1 m0)·(1/(1 − β1))                   (the step's gradient, recovered from the moments)
     * uu = u − a·λ;  ww = w + b·λ;  γ = (1 − β1)·uu + 2(1 − β2)·g·ww;  u = β1·uu;  w = β2·ww
     * </pre>
     * with λ = {@code lTheta[i]}. Every operation is a separate correctly rounded IEEE operation
     * (no fused multiply-add), evaluated left to right as written, so all implementations give
     * bit-identical results.
     *
     * @param n the length
     * @param step the step's scalars
     * @param m0 the first moments before the step
     * @param m0Off where they start in {@code m0}
     * @param m1 the first moments after the step
     * @param m1Off where they start in {@code m1}
     * @param v1 the second moments after the step
     * @param v1Off where they start in {@code v1}
     * @param lTheta λθ (read only)
     * @param u λm, updated in place
     * @param w λv, updated in place
     * @param gamma receives γ
     */
    void adamAdjoint(int n, AdamStep step, double[] m0, int m0Off, double[] m1, int m1Off, double[] v1, int v1Off,
                     double[] lTheta, double[] u, double[] w, double[] gamma);
}
