package dev.dit.autodiff.kernel;

import org.jblas.NativeBlas;

/**
 * GEMM through jblas' native BLAS, for benchmark comparisons only. Row-major C = op(A) op(B) is
 * column-major C^T = op(B)^T op(A)^T, so the arrays, offsets and leading dimensions go to
 * {@code dgemm} unchanged with A and B swapped; nothing is copied. Dot and axpy stay in Java
 * (a JNI call costs more than these level-1 operations). Only instantiate through
 * {@link KernelsProvider#jblasIfAvailable()}: jblas is an optional dependency and its native
 * library may not load.
 */
final class JblasKernels implements Kernels {
    private final PlainKernels level1 = new PlainKernels();

    /** Loads the native library by running a tiny product; throws whatever jblas throws. */
    JblasKernels() {
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        double[] c = new double[4];
        gemm(false, false, 2, 2, 2, 1.0, a, 0, 2, b, 0, 2, 0.0, c, 0, 2);
        if (c[0] != 19 || c[1] != 22 || c[2] != 43 || c[3] != 50) {
            throw new IllegalStateException("jblas dgemm self-check failed");
        }
    }

    @Override
    public String name() {
        return "jblas";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, lda, ldb, ldc);
        if (GemmArgs.trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            return; // also keeps BLAS from rejecting zero leading dimensions
        }
        // Native code does not check bounds: do it here so a bad call throws instead of crashing.
        checkBounds("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkBounds("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        checkBounds("C", c, cOff, m, n, ldc);
        NativeBlas.dgemm(transB ? 'T' : 'N', transA ? 'T' : 'N', n, m, k,
                alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
    }

    private static void checkBounds(String what, double[] x, int off, int rows, int cols, int ld) {
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new ArrayIndexOutOfBoundsException(what + ": needs " + last + " elements, has " + x.length);
        }
    }

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        return level1.dot(n, x, xOff, y, yOff);
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        level1.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void adamAdjoint(int n, AdamStep step, double[] m0, int m0Off, double[] m1, int m1Off,
                            double[] v1, int v1Off, double[] lTheta, double[] u, double[] w, double[] gamma) {
        level1.adamAdjoint(n, step, m0, m0Off, m1, m1Off, v1, v1Off, lTheta, u, w, gamma);
    }
}
