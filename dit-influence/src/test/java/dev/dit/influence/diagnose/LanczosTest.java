package dev.dit.influence.diagnose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.Evaluator;
import dev.dit.models.Model;
import dev.dit.models.data.Dataset;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Lanczos on exact batch HVPs against EJML's symmetric eigen-decomposition of the explicit
 * Hessian (built column by column from the same HVPs), and the batch Hessian of logistic
 * regression against its closed form.
 */
class LanczosTest {

    /** The batch Hessian of {@code spec} at its seeded initial θ on the first {@code batch} samples. */
    private static BatchHessian hessian(String spec, int[] shape, int classes, int batch, double alpha) {
        Dataset data = TinyModels.data(batch, shape, classes, 11);
        Model model = TinyModels.model(spec, shape, classes);
        return new BatchHessian(new Evaluator(model), data, TinyModels.range(0, batch), model.initialParameters(3), alpha);
    }

    /** Lanczos's top k agree with EJML's to 1e-8 (relative to λ_max). */
    private static void topEigenvaluesMatchEjml(BatchHessian h, int k) {
        int p = h.dimension();
        DMatrixRMaj explicit = TinyModels.explicit(h, p);
        assertTrue(TinyModels.asymmetry(explicit) < 1e-12, "HVP Hessian not symmetric: " + TinyModels.asymmetry(explicit));
        double[] exact = TinyModels.eigenvaluesDescending(explicit);
        Lanczos.Result r = Lanczos.top(h, p, k, p, 1e-10, 7);
        assertTrue(r.converged(), "not converged after " + r.iterations());
        assertEquals(k, r.eigenvalues().length);
        for (int i = 0; i < k; i++) {
            assertEquals(exact[i], r.eigenvalues()[i], 1e-8 * Math.abs(exact[0]),
                    "eigenvalue " + i + " of " + p + ": EJML " + exact[i] + ", Lanczos " + r.eigenvalues()[i]);
        }
    }

    @Test
    void tanhMlpTopThreeMatchEjml() {
        topEigenvaluesMatchEjml(hessian("mlp:5:tanh", new int[] {3}, 3, 8, 0.0), 3);
    }

    @Test
    void reluMlpWithL2TopTwoMatchEjml() {
        topEigenvaluesMatchEjml(hessian("mlp:4", new int[] {4}, 2, 6, 0.01), 2);
    }

    @Test
    void tinyCnnTopEigenvalueMatchesEjml() {
        topEigenvaluesMatchEjml(hessian("cnn:2", new int[] {1, 6, 6}, 3, 5, 0.0), 1);
    }

    @Test
    void logisticRegressionHessianIsTheClosedForm() {
        int n = 7;
        int d = 3;
        double alpha = 0.05;
        Dataset data = TinyModels.data(n, new int[] {d}, 2, 4);
        Model model = TinyModels.model("logreg", new int[] {d}, 2);
        double[] theta = model.initialParameters(9);
        BatchHessian h = new BatchHessian(new Evaluator(model), data, TinyModels.range(0, n), theta, alpha);
        int p = h.dimension();
        assertEquals(d + 1, p);
        // Layout: linear.weight (d×1) then linear.bias; x̃ = [x; 1], H = Σ σ(1−σ) x̃ x̃ᵀ / n + αI.
        DMatrixRMaj closed = new DMatrixRMaj(p, p);
        for (int i = 0; i < n; i++) {
            double[] xt = new double[p];
            double z = theta[d];
            for (int j = 0; j < d; j++) {
                xt[j] = data.feature(i, j);
                z += theta[j] * xt[j];
            }
            xt[d] = 1;
            double s = 1 / (1 + Math.exp(-z));
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    closed.add(a, b, s * (1 - s) * xt[a] * xt[b] / n);
                }
            }
        }
        for (int a = 0; a < p; a++) {
            closed.add(a, a, alpha);
        }
        DMatrixRMaj explicit = TinyModels.explicit(h, p);
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                assertEquals(closed.get(a, b), explicit.get(a, b), 1e-14, "H[" + a + "][" + b + "]");
            }
        }
        double[] exact = TinyModels.eigenvaluesDescending(closed);
        Lanczos.Result r = Lanczos.top(h, p, 2, p, 1e-12, 1);
        assertEquals(exact[0], r.max(), 1e-8 * exact[0]);
        assertEquals(exact[1], r.eigenvalues()[1], 1e-8 * exact[0]);
        assertTrue(r.eigenvalues()[1] >= alpha - 1e-12, "the L2 term shifts every eigenvalue by α");
    }

    @Test
    void sameSeedGivesBitIdenticalEigenvalues() {
        BatchHessian h = hessian("mlp:5:tanh", new int[] {3}, 3, 8, 0.0);
        Lanczos.Result a = Lanczos.top(h, h.dimension(), 2, 12, 1e-6, 5);
        Lanczos.Result b = Lanczos.top(h, h.dimension(), 2, 12, 1e-6, 5);
        assertArrayEquals(a.eigenvalues(), b.eigenvalues(), 0.0);
        assertEquals(a.iterations(), b.iterations());
        assertEquals(a.iterations(), h.products() / 2, "one product per iteration");
    }

    @Test
    void diagonalMatrixWithRepeatedEigenvalueStopsAtTheInvariantSpace() {
        double[] diag = {5, 1, 1, 1, 1, 0.5};
        SymmetricOperator op = (v, out) -> {
            for (int i = 0; i < v.length; i++) {
                out[i] = diag[i] * v[i];
            }
        };
        Lanczos.Result r = Lanczos.top(op, diag.length, 3, 50, 1e-12, 3);
        // The Krylov space of a diagonal matrix with three distinct values has dimension 3.
        assertEquals(3, r.iterations());
        assertTrue(r.converged());
        assertArrayEquals(new double[] {5, 1, 0.5}, r.eigenvalues(), 1e-12);
    }

    @Test
    void unconvergedTopValueIsALowerBound() {
        BatchHessian h = hessian("mlp:5:tanh", new int[] {3}, 3, 8, 0.0);
        double exact = TinyModels.eigenvaluesDescending(TinyModels.explicit(h, h.dimension()))[0];
        Lanczos.Result r = Lanczos.top(h, h.dimension(), 1, 2, 1e-14, 5);
        assertEquals(2, r.iterations());
        assertTrue(r.max() <= exact + 1e-12, "Ritz value " + r.max() + " above λ_max " + exact);
    }

    @Test
    void refusesEmptyRequests() {
        SymmetricOperator id = (v, out) -> System.arraycopy(v, 0, out, 0, v.length);
        assertThrows(IllegalArgumentException.class, () -> Lanczos.top(id, 3, 0, 5, 1e-6, 0));
        assertThrows(IllegalArgumentException.class, () -> Lanczos.top(id, 0, 1, 5, 1e-6, 0));
    }
}
