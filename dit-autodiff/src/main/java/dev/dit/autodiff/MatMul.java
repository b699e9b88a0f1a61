package dev.dit.autodiff;

/**
 * {@code C = op(A) · op(B)}. Bilinear, so its rules are products:
 * {@code Ċ = Ȧ B + A Ḃ}, {@code Ā = C̄ Bᵀ}, {@code B̄ = Aᵀ C̄}, and for the HVP
 * {@code Ā' = C̄' Bᵀ + C̄ Ḃᵀ}, {@code B̄' = Aᵀ C̄' + Ȧᵀ C̄} (transposes adapted to op()).
 */
final class MatMul extends Node {
    private final Node a;
    private final Node b;
    private final boolean ta;
    private final boolean tb;
    private final int m;
    private final int n;
    private final int k;

    MatMul(Graph g, Node a, Node b, boolean ta, boolean tb) {
        super(g, "matmul", outShape(a, b, ta, tb), a, b);
        this.a = a;
        this.b = b;
        this.ta = ta;
        this.tb = tb;
        this.m = shape[0];
        this.n = shape[1];
        this.k = ta ? a.shape[0] : a.shape[1];
    }

    private static int[] outShape(Node a, Node b, boolean ta, boolean tb) {
        if (a.shape.length != 2 || b.shape.length != 2) {
            throw ShapeException.of("matmul", "needs 2-D operands, got", a.shape, b.shape);
        }
        int ka = ta ? a.shape[0] : a.shape[1];
        int kb = tb ? b.shape[1] : b.shape[0];
        if (ka != kb) {
            throw ShapeException.of("matmul" + (ta ? "(Aᵀ" : "(A") + (tb ? ",Bᵀ)" : ",B)"),
                    "inner dimensions differ for", a.shape, b.shape);
        }
        return new int[] {ta ? a.shape[1] : a.shape[0], tb ? b.shape[0] : b.shape[1]};
    }

    private int lda() {
        return a.shape[1];
    }

    private int ldb() {
        return b.shape[1];
    }

    /** dst = (beta) dst + op(X) · op(Y) with X shaped like A and Y like B. */
    private void product(double[] x, int xo, double[] y, int yo, double beta, double[] dst, int dOff) {
        K.gemm(ta, tb, m, n, k, 1.0, x, xo, lda(), y, yo, ldb(), beta, dst, dOff, n);
    }

    @Override
    void forward() {
        product(a.val, a.valOff, b.val, b.valOff, 0.0, val, valOff);
    }

    @Override
    void tangent() {
        double beta = 0.0;
        if (a.active) {
            product(a.dot, a.dotOff, b.val, b.valOff, 0.0, dot, dotOff);
            beta = 1.0;
        }
        if (b.active) {
            product(a.val, a.valOff, b.dot, b.dotOff, beta, dot, dotOff);
        }
    }

    /** Ā(+)= cbar · op(Y)ᵀ, laid out like A. */
    private void pullA(double[] cb, int cbo, double[] y, int yo, double beta, double[] dst, int dOff) {
        if (!ta) {
            K.gemm(false, !tb, m, k, n, 1.0, cb, cbo, n, y, yo, ldb(), beta, dst, dOff, k);
        } else {
            K.gemm(tb, true, k, m, n, 1.0, y, yo, ldb(), cb, cbo, n, beta, dst, dOff, m);
        }
    }

    /** B̄(+)= op(X)ᵀ · cbar, laid out like B. */
    private void pullB(double[] x, int xo, double[] cb, int cbo, double beta, double[] dst, int dOff) {
        if (!tb) {
            K.gemm(!ta, false, k, n, m, 1.0, x, xo, lda(), cb, cbo, n, beta, dst, dOff, n);
        } else {
            K.gemm(true, ta, n, k, m, 1.0, cb, cbo, n, x, xo, lda(), beta, dst, dOff, k);
        }
    }

    @Override
    void backward() {
        if (a.active) {
            double beta = firstContribution(a) ? 0.0 : 1.0;
            pullA(bar, barOff, b.val, b.valOff, beta, a.bar, a.barOff);
        }
        if (b.active) {
            double beta = firstContribution(b) ? 0.0 : 1.0;
            pullB(a.val, a.valOff, bar, barOff, beta, b.bar, b.barOff);
        }
    }

    @Override
    void backwardHvp() {
        if (a.active) {
            double beta = firstContribution(a) ? 0.0 : 1.0;
            if (writesAdjoint(a)) {
                pullA(bar, barOff, b.val, b.valOff, beta, a.bar, a.barOff);
            }
            pullA(barDot, barDotOff, b.val, b.valOff, beta, a.barDot, a.barDotOff);
            if (b.active) {
                pullA(bar, barOff, b.dot, b.dotOff, 1.0, a.barDot, a.barDotOff);
            }
        }
        if (b.active) {
            double beta = firstContribution(b) ? 0.0 : 1.0;
            if (writesAdjoint(b)) {
                pullB(a.val, a.valOff, bar, barOff, beta, b.bar, b.barOff);
            }
            pullB(a.val, a.valOff, barDot, barDotOff, beta, b.barDot, b.barDotOff);
            if (a.active) {
                pullB(a.dot, a.dotOff, bar, barOff, 1.0, b.barDot, b.barDotOff);
            }
        }
    }

    @Override
    boolean adjointInTangentRule() {
        return a.active && b.active; // C̄ enters Ā' and B̄' through Ḃ and Ȧ
    }
}
