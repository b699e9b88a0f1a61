package dev.dit.autodiff;

/**
 * A monotone, non-decreasing element-wise activation that {@link Graph#conv2dActPool} can fuse
 * with max-pooling. Monotone is what allows the fusion: {@code max(f(z)) = f(max(z))}, so only
 * the pooled maxima need the activation, its derivatives and their inputs.
 *
 * <p>First and second derivatives are given from the input x and the output y, preferring y
 * (then x need not be kept): {@code f'(x) ẋ} is the tangent, {@code f'(x) ȳ} the adjoint and
 * {@code f'(x) ȳ' + f''(x) ẋ ȳ} the adjoint's tangent.
 */
public enum Activation {
    /** {@code max(x, 0)}; second derivative 0 (exact almost everywhere). */
    RELU,
    /** {@code tanh(x)}. */
    TANH,
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID,
    /** {@code log(1 + e^x)}. */
    SOFTPLUS,
    /** {@code x}. */
    IDENTITY;

    /** Whether the derivatives need the input x (otherwise y suffices). */
    boolean needsInput() {
        return this == SOFTPLUS;
    }

    /** Whether the second derivative can be non-zero. */
    boolean curved() {
        return this == TANH || this == SIGMOID || this == SOFTPLUS;
    }

    /** {@code v[off, off+len) ← f(v)} in place. */
    void apply(double[] v, int off, int len) {
        switch (this) {
            case RELU:
                for (int i = off; i < off + len; i++) {
                    v[i] = Math.max(v[i], 0.0);
                }
                break;
            case TANH:
                for (int i = off; i < off + len; i++) {
                    v[i] = Math.tanh(v[i]);
                }
                break;
            case SIGMOID:
                for (int i = off; i < off + len; i++) {
                    v[i] = Unary.sigmoid(v[i]);
                }
                break;
            case SOFTPLUS:
                for (int i = off; i < off + len; i++) {
                    v[i] = Unary.softplus(v[i]);
                }
                break;
            default:
                break;
        }
    }

    /** {@code out[o0 + i] = f'(x_i)} for {@code i < len}, from inputs {@code x[x0…]} (read only when {@link #needsInput()}) and outputs {@code y[y0…]}. */
    void firstDerivative(double[] x, int x0, double[] y, int y0, double[] out, int o0, int len) {
        switch (this) {
            case RELU:
                if (ConvGeometry.VECTOR) {
                    PoolVector.reluDerivative(y, y0, out, o0, len);
                    break;
                }
                for (int i = 0; i < len; i++) {
                    // 1 where y's bits are non-zero (x > 0 or NaN), 0 where y = +0; no branch
                    long b = Double.doubleToRawLongBits(y[y0 + i]);
                    out[o0 + i] = Double.longBitsToDouble(Double.doubleToRawLongBits(1.0) & ((b | -b) >> 63));
                }
                break;
            case TANH:
                for (int i = 0; i < len; i++) {
                    double v = y[y0 + i];
                    out[o0 + i] = 1.0 - v * v;
                }
                break;
            case SIGMOID:
                for (int i = 0; i < len; i++) {
                    double v = y[y0 + i];
                    out[o0 + i] = v * (1.0 - v);
                }
                break;
            case SOFTPLUS:
                for (int i = 0; i < len; i++) {
                    out[o0 + i] = Unary.sigmoid(x[x0 + i]);
                }
                break;
            default:
                java.util.Arrays.fill(out, o0, o0 + len, 1.0);
                break;
        }
    }

    /** {@code out[o0 + i] = f''(x_i)}, like {@link #firstDerivative}. */
    void secondDerivative(double[] x, int x0, double[] y, int y0, double[] out, int o0, int len) {
        switch (this) {
            case TANH:
                for (int i = 0; i < len; i++) {
                    double v = y[y0 + i];
                    out[o0 + i] = -2.0 * v * (1.0 - v * v);
                }
                break;
            case SIGMOID:
                for (int i = 0; i < len; i++) {
                    double v = y[y0 + i];
                    out[o0 + i] = v * (1.0 - v) * (1.0 - 2.0 * v);
                }
                break;
            case SOFTPLUS:
                for (int i = 0; i < len; i++) {
                    double s = Unary.sigmoid(x[x0 + i]);
                    out[o0 + i] = s * (1.0 - s);
                }
                break;
            default:
                java.util.Arrays.fill(out, o0, o0 + len, 0.0);
                break;
        }
    }
}
