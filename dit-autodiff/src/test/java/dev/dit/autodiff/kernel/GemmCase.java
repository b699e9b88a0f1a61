package dev.dit.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

/** One random GEMM problem with padded leading dimensions and offsets, runnable on any backend. */
final class GemmCase {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final double alpha;
    final double beta;
    final int aOff;
    final int lda;
    final int bOff;
    final int ldb;
    final int cOff;
    final int ldc;
    final double[] a;
    final double[] b;
    final double[] c;

    GemmCase(long seed, boolean transA, boolean transB, int m, int n, int k,
             double alpha, double beta, int pad, int off) {
        Random r = new Random(seed);
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.aOff = off;
        this.bOff = 2 * off;
        this.cOff = 3 * off;
        this.lda = (transA ? m : k) + pad;
        this.ldb = (transB ? k : n) + pad;
        this.ldc = n + pad;
        this.a = random(r, aOff + (transA ? k : m) * lda + pad);
        this.b = random(r, bOff + (transB ? n : k) * ldb + pad);
        this.c = random(r, cOff + m * ldc + pad);
        if (beta == 0.0) {
            Arrays.fill(c, Double.NaN); // beta == 0 must ignore C entirely
        }
    }

    private static double[] random(Random r, int len) {
        double[] x = new double[Math.max(len, 1)];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() * 2.0 - 1.0;
        }
        return x;
    }

    /** Runs the case on a fresh copy of C and returns it. */
    double[] run(Kernels kernels) {
        double[] out = c.clone();
        kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
        return out;
    }

    double[] reference() {
        return GemmReference.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Asserts {@code actual} matches the reference inside the m x n block and is untouched outside. */
    void check(String backend, double[] actual) {
        double[] expected = reference();
        double[] tol = GemmReference.tolerance(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (inside) {
                if (!(Math.abs(actual[idx] - expected[idx]) <= tol[idx])) {
                    fail(backend + " " + this + ": C[" + rel / ldc + "," + rel % ldc + "] = " + actual[idx]
                            + ", expected " + expected[idx] + " +- " + tol[idx]);
                }
            } else {
                assertEquals(Double.doubleToRawLongBits(c[idx]), Double.doubleToRawLongBits(actual[idx]),
                        () -> backend + " " + this + ": wrote outside C at " + rel);
            }
        }
    }

    @Override
    public String toString() {
        return "gemm(" + (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc
                + " off=" + aOff + ")";
    }
}
