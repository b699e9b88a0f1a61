package dev.dit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dit.autodiff.Graph;
import dev.dit.models.data.Dataset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several directions through one batch ({@link Evaluator#hvps}, which computes the batch's values
 * once) give bit for bit what one {@link Evaluator#hvp} per direction gives, for every layer type
 * and the fused convolution nodes of the aliases.
 */
class EvaluatorHvpsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"logreg", "mlp:8,6:tanh", "cnn:3,4", "cnn:3:softplus", LayerListTest.ALL,
        LayerListTest.RESNET, LayerListTest.GELU_MLP})
    void manyDirectionsGiveWhatOneHvpPerDirectionGives(String spec) {
        int[] shape = {1, 14, 14};
        Model m = new Model(ModelSpec.parse(spec), shape, 3);
        Dataset data = TinyData.make(12, shape, 3, 4);
        int len = 7;
        int[] idx = {11, 2, 5, 0, 9, 3, 7};
        double[] w = new double[len];
        java.util.Arrays.fill(w, 1.0 / len);
        double[] theta = m.initialParameters(5);
        int p = theta.length;
        SplittableRandom r = new SplittableRandom(9);
        int count = 3;
        double[][] v = new double[count][p];
        for (double[] row : v) {
            for (int i = 0; i < p; i++) {
                row[i] = r.nextGaussian();
            }
        }
        double[][] hv = new double[count][p];
        double[][] dir = new double[count][len];
        Evaluator shared = new Evaluator(m);
        shared.hvps(theta, data, idx, 0, len, w, v, hv, dir, count);
        Evaluator single = new Evaluator(m);
        for (int k = count - 1; k >= 0; k--) { // in another order, each from a fresh forward pass
            double[] h = new double[p];
            double[] d = new double[len];
            single.hvp(theta, data, idx, 0, len, w, v[k], h, d);
            assertArrayEquals(h, hv[k], spec + ": H v of direction " + k);
            assertArrayEquals(d, dir[k], spec + ": directional derivatives along direction " + k);
        }
    }

    @Test
    void needsAnEvaluatedGraph() {
        Graph g = new Graph();
        var x = g.parameter("x", 2);
        assertThrows(IllegalStateException.class, () -> g.hvpAtSameValues(x, new double[2], new double[2], new double[2]));
    }
}
