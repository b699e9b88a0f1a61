package dev.dit.autodiff;

/** Per-sample squared error {@code ℓ_i = Σ_k (p_ik - t_ik)²} over all but the first axis. */
final class SquaredError extends Node {
    private final Node pred;
    private final Node target;
    private final int width;

    SquaredError(Graph g, Node pred, Node target) {
        super(g, "squaredError", new int[] {pred.shape.length == 0 ? 1 : pred.shape[0]}, pred, target);
        if (!Shapes.same(pred.shape, target.shape) || pred.shape.length == 0) {
            throw ShapeException.of("squaredError", "predictions and targets must have the same [N,...] shape, got",
                    pred.shape, target.shape);
        }
        if (target.active) {
            throw new IllegalArgumentException("squaredError: targets must be data, not depend on parameters");
        }
        this.pred = pred;
        this.target = target;
        this.width = pred.size / size;
    }

    private double diff(int j) {
        return pred.val[pred.valOff + j] - target.val[target.valOff + j];
    }

    @Override
    void forward() {
        for (int i = 0; i < size; i++) {
            double s = 0.0;
            for (int c = 0; c < width; c++) {
                double d = diff(i * width + c);
                s += d * d;
            }
            val[valOff + i] = s;
        }
    }

    @Override
    void tangent() {
        for (int i = 0; i < size; i++) {
            double s = 0.0;
            for (int c = 0; c < width; c++) {
                int j = i * width + c;
                s += 2.0 * diff(j) * pred.dot[pred.dotOff + j];
            }
            dot[dotOff + i] = s;
        }
    }

    @Override
    void backward() {
        boolean first = firstContribution(pred);
        for (int j = 0; j < pred.size; j++) {
            double gv = 2.0 * diff(j) * bar[barOff + j / width];
            pred.bar[pred.barOff + j] = first ? gv : pred.bar[pred.barOff + j] + gv;
        }
    }

    @Override
    void backwardHvp() {
        boolean first = firstContribution(pred);
        boolean toBar = writesAdjoint(pred);
        for (int j = 0; j < pred.size; j++) {
            int i = j / width;
            double gv = 2.0 * diff(j) * bar[barOff + i];
            double gd = 2.0 * diff(j) * barDot[barDotOff + i] + 2.0 * pred.dot[pred.dotOff + j] * bar[barOff + i];
            if (toBar) {
                pred.bar[pred.barOff + j] = first ? gv : pred.bar[pred.barOff + j] + gv;
            }
            pred.barDot[pred.barDotOff + j] = first ? gd : pred.barDot[pred.barDotOff + j] + gd;
        }
    }
}
