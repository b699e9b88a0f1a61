package dev.dit.autodiff;

/**
 * Element-wise {@code y = f(x)}. A subclass gives f and its first two derivatives (each may use
 * the already computed y); the four rules follow:
 * {@code ẏ = f'(x) ẋ}, {@code x̄ = f'(x) ȳ}, {@code x̄' = f'(x) ȳ' + f''(x) ẋ ȳ}.
 */
abstract class Unary extends Node {
    final Node x;

    Unary(Graph g, String op, Node x) {
        super(g, op, x.shape, x);
        this.x = x;
    }

    abstract double f(double x);

    abstract double d1(double x, double y);

    abstract double d2(double x, double y);

    @Override
    void forward() {
        double[] xs = x.val;
        int xo = x.valOff;
        for (int i = 0; i < size; i++) {
            val[valOff + i] = f(xs[xo + i]);
        }
    }

    @Override
    void tangent() {
        for (int i = 0; i < size; i++) {
            double xi = x.val[x.valOff + i];
            dot[dotOff + i] = d1(xi, val[valOff + i]) * x.dot[x.dotOff + i];
        }
    }

    @Override
    void backward() {
        boolean first = firstContribution(x);
        for (int i = 0; i < size; i++) {
            double xi = x.val[x.valOff + i];
            double g = d1(xi, val[valOff + i]) * bar[barOff + i];
            x.bar[x.barOff + i] = first ? g : x.bar[x.barOff + i] + g;
        }
    }

    @Override
    void backwardHvp() {
        boolean first = firstContribution(x);
        boolean toX = writesAdjoint(x);
        for (int i = 0; i < size; i++) {
            double xi = x.val[x.valOff + i];
            double yi = val[valOff + i];
            double d1 = d1(xi, yi);
            double yb = bar[barOff + i];
            double g = d1 * yb;
            double gd = d1 * barDot[barDotOff + i] + d2(xi, yi) * x.dot[x.dotOff + i] * yb;
            if (toX) {
                x.bar[x.barOff + i] = first ? g : x.bar[x.barOff + i] + g;
            }
            x.barDot[x.barDotOff + i] = first ? gd : x.barDot[x.barDotOff + i] + gd;
        }
    }

    static final class Neg extends Unary {
        Neg(Graph g, Node x) {
            super(g, "neg", x);
        }

        @Override
        boolean adjointInTangentRule() {
            return false; // f'' = 0
        }

        @Override double f(double x) { return -x; }
        @Override double d1(double x, double y) { return -1.0; }
        @Override double d2(double x, double y) { return 0.0; }
    }

    static final class Square extends Unary {
        Square(Graph g, Node x) {
            super(g, "square", x);
        }

        @Override double f(double x) { return x * x; }
        @Override double d1(double x, double y) { return 2.0 * x; }
        @Override double d2(double x, double y) { return 2.0; }
    }

    static final class Exp extends Unary {
        Exp(Graph g, Node x) {
            super(g, "exp", x);
        }

        @Override double f(double x) { return Math.exp(x); }
        @Override double d1(double x, double y) { return y; }
        @Override double d2(double x, double y) { return y; }
    }

    static final class Log extends Unary {
        Log(Graph g, Node x) {
            super(g, "log", x);
        }

        @Override double f(double x) { return Math.log(x); }
        @Override double d1(double x, double y) { return 1.0 / x; }
        @Override double d2(double x, double y) { return -1.0 / (x * x); }
    }

    static final class Tanh extends Unary {
        Tanh(Graph g, Node x) {
            super(g, "tanh", x);
        }

        @Override double f(double x) { return Math.tanh(x); }
        @Override double d1(double x, double y) { return 1.0 - y * y; }
        @Override double d2(double x, double y) { return -2.0 * y * (1.0 - y * y); }

        // Hand-inlined loops, as for ReLU: tanh is the MLP activation of the experiments.
        @Override
        void forward() {
            double[] xs = x.val;
            int xo = x.valOff;
            for (int i = 0; i < size; i++) {
                val[valOff + i] = Math.tanh(xs[xo + i]);
            }
        }

        @Override
        void tangent() {
            for (int i = 0; i < size; i++) {
                double y = val[valOff + i];
                dot[dotOff + i] = (1.0 - y * y) * x.dot[x.dotOff + i];
            }
        }

        @Override
        void backward() {
            boolean first = firstContribution(x);
            for (int i = 0; i < size; i++) {
                double y = val[valOff + i];
                double g = (1.0 - y * y) * bar[barOff + i];
                x.bar[x.barOff + i] = first ? g : x.bar[x.barOff + i] + g;
            }
        }

        @Override
        void backwardHvp() {
            boolean first = firstContribution(x);
            boolean toX = writesAdjoint(x);
            for (int i = 0; i < size; i++) {
                double y = val[valOff + i];
                double d1 = 1.0 - y * y;
                double yb = bar[barOff + i];
                double g = d1 * yb;
                double gd = d1 * barDot[barDotOff + i] - 2.0 * y * d1 * x.dot[x.dotOff + i] * yb;
                if (toX) {
                    x.bar[x.barOff + i] = first ? g : x.bar[x.barOff + i] + g;
                }
                x.barDot[x.barDotOff + i] = first ? gd : x.barDot[x.barDotOff + i] + gd;
            }
        }
    }

    static final class Sigmoid extends Unary {
        Sigmoid(Graph g, Node x) {
            super(g, "sigmoid", x);
        }

        @Override double f(double x) { return sigmoid(x); }
        @Override double d1(double x, double y) { return y * (1.0 - y); }
        @Override double d2(double x, double y) { return y * (1.0 - y) * (1.0 - 2.0 * y); }
    }

    static final class Relu extends Unary {
        Relu(Graph g, Node x) {
            super(g, "relu", x);
        }

        @Override
        boolean adjointInTangentRule() {
            return false; // f'' = 0
        }

        @Override double f(double x) { return x > 0.0 ? x : 0.0; }
        @Override double d1(double x, double y) { return x > 0.0 ? 1.0 : 0.0; }
        @Override double d2(double x, double y) { return 0.0; }

        // The loops below are the generic ones with f, f', f'' inlined by hand and without
        // branches: ReLU runs on the largest activations of a CNN, where the sign of x is random
        // and a branch per element mispredicts half the time. The derivative mask is taken from
        // y = max(x, 0): all ones where y's bits are non-zero (x > 0 or NaN), zero where y = +0.
        @Override
        void forward() {
            double[] xs = x.val;
            int xo = x.valOff;
            for (int i = 0; i < size; i++) {
                val[valOff + i] = Math.max(xs[xo + i], 0.0);
            }
        }

        private long mask(int i) {
            long b = Double.doubleToRawLongBits(val[valOff + i]);
            return (b | -b) >> 63;
        }

        private static double masked(double v, long mask) {
            return Double.longBitsToDouble(Double.doubleToRawLongBits(v) & mask);
        }

        @Override
        void tangent() {
            for (int i = 0; i < size; i++) {
                dot[dotOff + i] = masked(x.dot[x.dotOff + i], mask(i));
            }
        }

        @Override
        void backward() {
            if (firstContribution(x)) {
                for (int i = 0; i < size; i++) {
                    x.bar[x.barOff + i] = masked(bar[barOff + i], mask(i));
                }
            } else {
                for (int i = 0; i < size; i++) {
                    x.bar[x.barOff + i] += masked(bar[barOff + i], mask(i));
                }
            }
        }

        @Override
        void backwardHvp() {
            boolean first = firstContribution(x);
            boolean toX = writesAdjoint(x);
            for (int i = 0; i < size; i++) {
                long m = mask(i);
                double g = masked(bar[barOff + i], m);
                double gd = masked(barDot[barDotOff + i], m);
                if (toX) {
                    x.bar[x.barOff + i] = first ? g : x.bar[x.barOff + i] + g;
                }
                x.barDot[x.barDotOff + i] = first ? gd : x.barDot[x.barDotOff + i] + gd;
            }
        }
    }

    static final class Softplus extends Unary {
        Softplus(Graph g, Node x) {
            super(g, "softplus", x);
        }

        @Override double f(double x) { return softplus(x); }
        @Override double d1(double x, double y) { return sigmoid(x); }
        @Override double d2(double x, double y) {
            double s = sigmoid(x);
            return s * (1.0 - s);
        }
    }

    static final class LeakyRelu extends Unary {
        private final double slope;

        LeakyRelu(Graph g, Node x, double slope) {
            super(g, "leakyRelu", x);
            this.slope = slope;
        }

        @Override
        boolean adjointInTangentRule() {
            return false; // f'' = 0
        }

        @Override double f(double x) { return x > 0.0 ? x : slope * x; }
        @Override double d1(double x, double y) { return x > 0.0 ? 1.0 : slope; }
        @Override double d2(double x, double y) { return 0.0; }
    }

    /** {@code x} for x > 0, else {@code α(eˣ − 1)}; for x ≤ 0, {@code f' = f'' = y + α}. */
    static final class Elu extends Unary {
        private final double alpha;

        Elu(Graph g, Node x, double alpha) {
            super(g, "elu", x);
            this.alpha = alpha;
        }

        @Override double f(double x) { return x > 0.0 ? x : alpha * Math.expm1(x); }
        @Override double d1(double x, double y) { return x > 0.0 ? 1.0 : y + alpha; }
        @Override double d2(double x, double y) { return x > 0.0 ? 0.0 : y + alpha; }
    }

    /**
     * Exact GELU {@code x Φ(x)}: {@code f' = Φ(x) + x φ(x)}, {@code f'' = φ(x) (2 − x²)}. The
     * forward pass keeps {@code Φ(x)} (an erf costs tens of operations), so the derivatives only
     * add an exponential. Used by the other passes only after a forward pass of the same values,
     * as the graph always runs them.
     */
    static final class Gelu extends Unary {
        private double[] cdf;

        Gelu(Graph g, Node x) {
            super(g, "gelu", x);
        }

        @Override double f(double x) { return x * NormalCdf.cdf(x); }
        @Override double d1(double x, double y) { return NormalCdf.cdf(x) + x * NormalCdf.pdf(x); }
        @Override double d2(double x, double y) { return NormalCdf.pdf(x) * (2.0 - x * x); }

        @Override
        void forward() {
            if (cdf == null) {
                cdf = new double[size];
            }
            double[] xs = x.val;
            int xo = x.valOff;
            for (int i = 0; i < size; i++) {
                double xi = xs[xo + i];
                double c = NormalCdf.cdf(xi);
                cdf[i] = c;
                val[valOff + i] = xi * c;
            }
        }

        private double slope(int i, double xi) {
            return cdf[i] + xi * NormalCdf.pdf(xi);
        }

        @Override
        void tangent() {
            for (int i = 0; i < size; i++) {
                dot[dotOff + i] = slope(i, x.val[x.valOff + i]) * x.dot[x.dotOff + i];
            }
        }

        @Override
        void backward() {
            boolean first = firstContribution(x);
            for (int i = 0; i < size; i++) {
                double g = slope(i, x.val[x.valOff + i]) * bar[barOff + i];
                x.bar[x.barOff + i] = first ? g : x.bar[x.barOff + i] + g;
            }
        }

        @Override
        void backwardHvp() {
            boolean first = firstContribution(x);
            boolean toX = writesAdjoint(x);
            for (int i = 0; i < size; i++) {
                double xi = x.val[x.valOff + i];
                double pdf = NormalCdf.pdf(xi);
                double d1 = cdf[i] + xi * pdf;
                double yb = bar[barOff + i];
                double g = d1 * yb;
                double gd = d1 * barDot[barDotOff + i] + pdf * (2.0 - xi * xi) * x.dot[x.dotOff + i] * yb;
                if (toX) {
                    x.bar[x.barOff + i] = first ? g : x.bar[x.barOff + i] + g;
                }
                x.barDot[x.barDotOff + i] = first ? gd : x.barDot[x.barDotOff + i] + gd;
            }
        }
    }

    /** {@code 1/√(x + ε)}: {@code f' = −y³/2}, {@code f'' = 3y⁵/4}. */
    static final class InvSqrt extends Unary {
        private final double eps;

        InvSqrt(Graph g, Node x, double eps) {
            super(g, "invSqrt", x);
            this.eps = eps;
        }

        @Override double f(double x) { return 1.0 / Math.sqrt(x + eps); }
        @Override double d1(double x, double y) { return -0.5 * y * y * y; }
        @Override double d2(double x, double y) { return 0.75 * y * y * y * y * y; }
    }

    /** Logistic function, accurate for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** {@code log(1 + e^x)} without overflow or loss of precision at either end. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
