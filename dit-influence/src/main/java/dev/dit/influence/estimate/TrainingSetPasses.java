package dev.dit.influence.estimate;

import dev.dit.models.Evaluator;
import dev.dit.models.data.Dataset;
import java.util.Arrays;

/**
 * Whole-training-set passes shared by the baselines, chunked by {@link Evaluator#CHUNK} in the
 * fixed order 0 … n−1 so that results are reproducible bit for bit.
 */
final class TrainingSetPasses {
    private final Evaluator ev;
    private final Dataset train;
    private final int n;
    private final int[] idx;
    private final double[] chunkOut;
    private double[] weights = new double[0];
    private double[] chunkHv;

    TrainingSetPasses(Evaluator ev, Dataset train) {
        this.ev = ev;
        this.train = train;
        this.n = train.size();
        this.idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        this.chunkOut = new double[Math.max(1, Math.min(Evaluator.CHUNK, n))];
    }

    /** {@code out[j] = ⟨v, ∇ℓ_j(θ)⟩} for every training sample j (forward-mode passes). */
    void directional(double[] theta, double[] v, double[] out) {
        for (int from = 0; from < n; from += Evaluator.CHUNK) {
            int len = Math.min(Evaluator.CHUNK, n - from);
            ev.directional(theta, train, idx, from, len, v, chunkOut);
            System.arraycopy(chunkOut, 0, out, from, len);
        }
    }

    /** {@code out = ((1/n) Σ_i ∇²ℓ_i(θ)) v + shift·v}: the mean training Hessian, shifted. */
    void hessianVector(double[] theta, double[] v, double shift, double[] out) {
        int p = v.length;
        if (chunkHv == null || chunkHv.length != p) {
            chunkHv = new double[p];
        }
        Arrays.fill(out, 0.0);
        for (int from = 0; from < n; from += Evaluator.CHUNK) {
            int len = Math.min(Evaluator.CHUNK, n - from);
            if (weights.length != len) {
                weights = new double[len];
                Arrays.fill(weights, 1.0 / n);
            }
            ev.hvp(theta, train, idx, from, len, weights, v, chunkHv, null);
            for (int i = 0; i < p; i++) {
                out[i] += chunkHv[i];
            }
        }
        for (int i = 0; i < p; i++) {
            out[i] += shift * v[i];
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static int[] identity(int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }
}
