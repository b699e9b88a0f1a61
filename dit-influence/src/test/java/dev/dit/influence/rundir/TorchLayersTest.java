package dev.dit.influence.rundir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PyTorch description of layer lists and of the aliases, and the θ mapping between layouts. */
class TorchLayersTest {
    private static TorchLayers of(String spec, int[] shape, int classes) {
        return TorchLayers.of(new Model(ModelSpec.parse(spec), shape, classes));
    }

    private static String params(TorchLayers t) {
        StringBuilder b = new StringBuilder();
        for (TorchLayers.Param p : t.parameters()) {
            b.append(p.key()).append(Arrays.toString(p.torchShape())).append(p.ditName()).append(Arrays.toString(p.ditShape()))
                    .append(p.offset()).append(p.mapping()).append('\n');
        }
        return b.toString();
    }

    /** Each alias is described exactly as the layer list it expands to: one code path for both. */
    @Test
    void anAliasIsDescribedAsItsLayerList() {
        String[][] pairs = {
            {"logreg", "flatten,dense"},
            {"mlp:5,4:tanh", "flatten,dense(5),tanh,dense(4),tanh,dense"},
            {"mlp:3:sigmoid", "flatten,dense(3),sigmoid,dense"},
            {"cnn:2,3", "conv(2,3),relu,maxpool(2),conv(3,3),relu,maxpool(2),flatten,dense"},
            {"cnn:2:softplus", "conv(2,3),softplus,maxpool(2),flatten,dense"},
        };
        for (String[] p : pairs) {
            for (int classes : new int[] {2, 3}) {
                TorchLayers alias = of(p[0], new int[] {1, 12, 12}, classes);
                TorchLayers list = of(p[1], new int[] {1, 12, 12}, classes);
                assertEquals(alias.layers(), list.layers(), p[0]);
                assertEquals(params(alias), params(list), p[0]);
            }
        }
        assertEquals("tanh", of("mlp:5:tanh", new int[] {2}, 2).activation());
        assertEquals(null, of("flatten,dense(5),tanh,dense", new int[] {2}, 2).activation());
    }

    @Test
    void thetaMapsBothWaysAndDenseWeightsTranspose() {
        Model m = new Model(ModelSpec.parse("conv(3,3,stride=2,pad=1),leaky_relu(0.1),layernorm,avgpool(2),elu(0.5),"
                + "residual(conv(3,1),gelu),maxpool(2,1),flatten,dense(4),softplus,dense"), new int[] {1, 12, 12}, 3);
        TorchLayers t = TorchLayers.of(m);
        int p = m.parameterCount();
        double[] dit = new double[p];
        for (int i = 0; i < p; i++) {
            dit[i] = i;
        }
        double[] torch = new double[p];
        double[] back = new double[p];
        t.toTorch(dit, torch);
        t.fromTorch(torch, back);
        assertArrayEquals(dit, back);
        List<TorchLayers.Param> ps = t.parameters();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "5.0.weight", "5.0.bias", "8.weight", "8.bias",
                "10.weight", "10.bias"), ps.stream().map(TorchLayers.Param::key).toList());
        TorchLayers.Param norm = ps.get(2);
        assertArrayEquals(new int[] {3, 6, 6}, norm.torchShape());
        assertArrayEquals(new int[] {108}, norm.ditShape());
        assertTrue(norm.mapping().startsWith("reshape"), norm.mapping());
        for (int i = 0; i < norm.length(); i++) { // a reshape keeps the values in order
            assertEquals(dit[norm.offset() + i], torch[norm.offset() + i]);
        }
        TorchLayers.Param dense = ps.get(6); // dit [12, 4] -> PyTorch [4, 12]
        assertArrayEquals(new int[] {4, 12}, dense.torchShape());
        assertEquals(dit[dense.offset() + 5 * 4 + 3], torch[dense.offset() + 3 * 12 + 5], "dit W[5][3] is torch W[3][5]");
        assertEquals(0.1, t.layers().get(1).get("negative_slope").asDouble());
        assertEquals(0.5, t.layers().get(4).get("alpha").asDouble());
        assertTrue(t.layoutNote().contains("LayerNorm over [C, H, W]"), t.layoutNote());
    }

    @Test
    void aCustomJavaGraphIsRefusedInOneLine() {
        Model m = new Model(ModelSpec.custom("mine", ctx -> ctx.classifier(ctx.dense("head", ctx.graph().flatten(ctx.input()),
                ctx.outputs()))), new int[] {1, 4, 4}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchLayers.of(m));
        assertEquals("model custom:mine is a Java graph (ModelSpec.custom): dit export describes layer lists, logreg,"
                + " mlp:… and cnn:… for PyTorch, not arbitrary graphs", e.getMessage());
    }
}
