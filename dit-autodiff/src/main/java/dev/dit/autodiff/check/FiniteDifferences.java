package dev.dit.autodiff.check;

import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Node;

/**
 * Central finite differences in double precision: the independent reference the engine's exact
 * derivatives are checked against. All functions evaluate {@code f(θ) = Σ_i seed[i] · out_i(θ)}.
 */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /**
     * {@code f(θ)} for the given seed.
     *
     * @param g the graph
     * @param out its output node
     * @param seed the weights of the output's elements
     * @param theta the parameters
     * @return {@code Σ_i seed[i] · out[i]} at θ
     */
    public static double value(Graph g, Node out, double[] seed, double[] theta) {
        g.forward(theta);
        double s = 0.0;
        for (int i = 0; i < out.size(); i++) {
            s += seed[i] * out.value(i);
        }
        return s;
    }

    /**
     * ∇f by central differences, one coordinate at a time.
     *
     * @param g the graph
     * @param out its output node
     * @param seed the weights of the output's elements
     * @param theta the parameters (not modified)
     * @param h the step
     * @return the approximate gradient
     */
    public static double[] gradient(Graph g, Node out, double[] seed, double[] theta, double h) {
        double[] t = theta.clone();
        double[] grad = new double[theta.length];
        for (int i = 0; i < t.length; i++) {
            double orig = t[i];
            t[i] = orig + h;
            double fp = value(g, out, seed, t);
            t[i] = orig - h;
            double fm = value(g, out, seed, t);
            t[i] = orig;
            grad[i] = (fp - fm) / (2 * h);
        }
        return grad;
    }

    /**
     * {@code (out(θ + h v) - out(θ - h v)) / 2h}, element by element: the JVP of out along v.
     *
     * @param g the graph
     * @param out its output node
     * @param theta the parameters
     * @param v the direction
     * @param h the step
     * @return one directional derivative per element of out
     */
    public static double[] jvp(Graph g, Node out, double[] theta, double[] v, double h) {
        double[] tp = axpy(theta, h, v);
        double[] tm = axpy(theta, -h, v);
        double[] vp = new double[out.size()];
        double[] vm = new double[out.size()];
        g.forward(tp);
        out.copyValue(vp, 0);
        g.forward(tm);
        out.copyValue(vm, 0);
        double[] r = new double[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (vp[i] - vm[i]) / (2 * h);
        }
        return r;
    }

    /**
     * {@code H v} as the central difference of the engine's gradients along v.
     *
     * @param g the graph
     * @param out its output node
     * @param seed the weights of the output's elements
     * @param theta the parameters
     * @param v the direction
     * @param h the step
     * @return the approximate Hessian-vector product
     */
    public static double[] hvp(Graph g, Node out, double[] seed, double[] theta, double[] v, double h) {
        double[] gp = new double[theta.length];
        double[] gm = new double[theta.length];
        g.forward(axpy(theta, h, v));
        g.gradient(out, seed, gp);
        g.forward(axpy(theta, -h, v));
        g.gradient(out, seed, gm);
        double[] r = new double[theta.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (gp[i] - gm[i]) / (2 * h);
        }
        return r;
    }

    /**
     * {@code ‖a - b‖∞ / max(‖b‖∞, floor)}: a relative error that ignores tiny entries' noise.
     *
     * @param a the value checked
     * @param b the reference
     * @param floor the smallest denominator
     * @return the relative error
     */
    public static double relativeError(double[] a, double[] b, double floor) {
        double num = 0.0;
        double den = floor;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs(a[i] - b[i]));
            den = Math.max(den, Math.abs(b[i]));
        }
        return num / den;
    }

    static double[] axpy(double[] x, double a, double[] y) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] += a * y[i];
        }
        return r;
    }
}
