package dev.dit.autodiff.kernel;

import static dev.dit.autodiff.kernel.MicroKernels.L;
import static dev.dit.autodiff.kernel.MicroKernels.MR;
import static dev.dit.autodiff.kernel.MicroKernels.NR;
import static dev.dit.autodiff.kernel.MicroKernels.S;

import jdk.incubator.vector.DoubleVector;

/**
 * Kernels on {@code jdk.incubator.vector}: a packed, register-blocked GEMM, optionally split over
 * C's rows or columns across {@link KernelThreads} (never over k, so results are bit-identical for
 * any thread count), and vectorised dot and axpy.
 */
final class VectorKernels implements Kernels {
    /**
     * Below this many flops (2mnk) a GEMM runs on the calling thread. Measured on a 2-vCPU AVX-512
     * VM: two threads speed up an isolated MLP 784-64-10 gradient (products of 6.4 MFLOP; 0.16 vs
     * 0.21 ms) but slow an SGD step down (0.36 vs 0.23 ms), because θ changes between steps and its
     * cache lines must then move to the other core. Training is what matters, so only products
     * well above an MLP layer's are split.
     */
    static final long PARALLEL_MIN_FLOPS = 32_000_000L;

    private static volatile long parallelMinFlops = PARALLEL_MIN_FLOPS;

    /** For tests and tuning: the flop count from which GEMMs are split across threads. */
    static void setParallelMinFlops(long flops) {
        parallelMinFlops = flops;
    }

    @Override
    public String name() {
        return "vector";
    }

    /** E.g. {@code "AVX-512, 8 doubles/vector, 2 threads"}. */
    String describeHardware() {
        int bits = S.vectorBitSize();
        String arch = System.getProperty("os.arch", "");
        String isa = bits + "-bit";
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            isa = bits >= 512 ? "AVX-512" : bits == 256 ? "AVX2" : "SSE";
        }
        int t = KernelThreads.configuredThreads();
        return isa + ", " + L + " doubles/vector, " + t + (t == 1 ? " thread" : " threads");
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, lda, ldb, ldc);
        if (GemmArgs.trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        if (n == 1 && ldc == 1 && (transB || ldb == 1) && gemv(transA, m, k, alpha, a, aOff, lda, b, bOff, beta, c, cOff)) {
            return;
        }
        if (DotGemm.suits(transA, transB, m, n, k)) {
            DotGemm.gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int tilesM = (m + MR - 1) / MR;
        int tilesN = (n + NR - 1) / NR;
        boolean splitN = tilesN >= tilesM;
        int tiles = splitN ? tilesN : tilesM;
        int parts = 2L * m * n * k < parallelMinFlops ? 1 : Math.min(KernelThreads.threads(), tiles);
        if (parts <= 1) {
            VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        KernelThreads.run(parts, part -> {
            int from = (int) ((long) tiles * part / parts);
            int to = (int) ((long) tiles * (part + 1) / parts);
            if (splitN) {
                int j0 = from * NR;
                int j1 = Math.min(n, to * NR);
                VectorGemm.gemm(transA, transB, m, j1 - j0, k, alpha, a, aOff, lda,
                        b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + j0, ldc);
            } else {
                int i0 = from * MR;
                int i1 = Math.min(m, to * MR);
                VectorGemm.gemm(transA, transB, i1 - i0, n, k, alpha, a, aOff + (transA ? i0 : i0 * lda), lda,
                        b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
            }
        });
    }

    /**
     * Matrix-vector products (n = 1, as in logistic regression) go through dot and axpy along
     * contiguous rows instead of the packed GEMM, which would fill one of its 16 columns.
     */
    private boolean gemv(boolean transA, int m, int k, double alpha, double[] a, int aOff, int lda,
                         double[] b, int bOff, double beta, double[] c, int cOff) {
        if (!transA) {
            for (int i = 0; i < m; i++) {
                double v = alpha * dot(k, a, aOff + i * lda, b, bOff);
                c[cOff + i] = beta == 0.0 ? v : v + beta * c[cOff + i];
            }
            return true;
        }
        if (beta == 0.0) {
            java.util.Arrays.fill(c, cOff, cOff + m, 0.0);
        } else if (beta != 1.0) {
            for (int i = 0; i < m; i++) {
                c[cOff + i] *= beta;
            }
        }
        for (int p = 0; p < k; p++) {
            axpy(m, alpha * b[bOff + p], a, aOff + p * lda, c, cOff);
        }
        return true;
    }

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), s0);
            s1 = DoubleVector.fromArray(S, x, xOff + i + L).fma(DoubleVector.fromArray(S, y, yOff + i + L), s1);
            s2 = DoubleVector.fromArray(S, x, xOff + i + 2 * L).fma(DoubleVector.fromArray(S, y, yOff + i + 2 * L), s2);
            s3 = DoubleVector.fromArray(S, x, xOff + i + 3 * L).fma(DoubleVector.fromArray(S, y, yOff + i + 3 * L), s3);
        }
        for (; i <= n - L; i += L) {
            s0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), s0);
        }
        DoubleVector sum = s0.add(s1).add(s2.add(s3));
        double s = 0.0;
        for (int lane = 0; lane < L; lane++) {
            s += sum.lane(lane); // fixed order: reduceLanes leaves the order unspecified
        }
        for (; i < n; i++) {
            s = Math.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).fma(va, DoubleVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    /** One pass, lane-wise the same operations as the plain twin (no fused multiply-add): bit-identical. */
    @Override
    public void adamAdjoint(int n, AdamStep step, double[] m0, int m0Off, double[] m1, int m1Off,
                            double[] v1, int v1Off, double[] lTheta, double[] u, double[] w, double[] gamma) {
        double stepSize = step.stepSize();
        double invC2 = step.invC2();
        double eps = step.eps();
        double b1 = step.beta1();
        double b2 = step.beta2();
        double half = stepSize * invC2 / 2;
        double inv1 = 1 / (1 - b1);
        double c1 = 1 - b1;
        double c2 = 2 * (1 - b2);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector vStep = DoubleVector.broadcast(S, stepSize);
        DoubleVector vInvC2 = DoubleVector.broadcast(S, invC2);
        DoubleVector vEps = DoubleVector.broadcast(S, eps);
        DoubleVector vHalf = DoubleVector.broadcast(S, half);
        DoubleVector vMin = DoubleVector.broadcast(S, Double.MIN_NORMAL);
        DoubleVector vB1 = DoubleVector.broadcast(S, b1);
        DoubleVector vB2 = DoubleVector.broadcast(S, b2);
        DoubleVector vInv1 = DoubleVector.broadcast(S, inv1);
        DoubleVector vC1 = DoubleVector.broadcast(S, c1);
        DoubleVector vC2 = DoubleVector.broadcast(S, c2);
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector root = DoubleVector.fromArray(S, v1, v1Off + i).sqrt();
            DoubleVector inv = one.div(root.mul(vInvC2).add(vEps));
            DoubleVector mi = DoubleVector.fromArray(S, m1, m1Off + i);
            DoubleVector a = vStep.mul(inv);
            DoubleVector b = vHalf.mul(mi).mul(inv).mul(inv).div(root.max(vMin));
            DoubleVector g = mi.sub(vB1.mul(DoubleVector.fromArray(S, m0, m0Off + i))).mul(vInv1);
            DoubleVector l = DoubleVector.fromArray(S, lTheta, i);
            DoubleVector uu = DoubleVector.fromArray(S, u, i).sub(a.mul(l));
            DoubleVector ww = DoubleVector.fromArray(S, w, i).add(b.mul(l));
            vC1.mul(uu).add(vC2.mul(g).mul(ww)).intoArray(gamma, i);
            vB1.mul(uu).intoArray(u, i);
            vB2.mul(ww).intoArray(w, i);
        }
        for (; i < n; i++) {
            double root = Math.sqrt(v1[v1Off + i]);
            double inv = 1.0 / (root * invC2 + eps);
            double mi = m1[m1Off + i];
            double a = stepSize * inv;
            double b = half * mi * inv * inv / Math.max(root, Double.MIN_NORMAL);
            double g = (mi - b1 * m0[m0Off + i]) * inv1;
            double l = lTheta[i];
            double uu = u[i] - a * l;
            double ww = w[i] + b * l;
            gamma[i] = c1 * uu + c2 * g * ww;
            u[i] = b1 * uu;
            w[i] = b2 * ww;
        }
    }
}
