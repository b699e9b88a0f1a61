package dev.dit.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.check.SelfCheck;
import dev.dit.autodiff.check.TestModels;
import dev.dit.models.data.Dataset;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void specsParseAndPrintCanonically() {
        assertEquals("logreg", ModelSpec.parse("logreg").toString());
        assertEquals("mlp:64", ModelSpec.parse("MLP:64").toString());
        assertEquals("mlp:64,32:tanh", ModelSpec.parse("mlp:64,32:tanh").toString());
        assertEquals("cnn:8,16", ModelSpec.parse("cnn:8,16:relu").toString());
        for (String bad : new String[] {"mlp", "mlp:", "mlp:a", "mlp:0", "mlp:4:swish", "resnet", "logreg:3"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(bad));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void loadCopiesEveryRowAndLabelAndRefusesRowsOutsideTheData() {
        // 64 images of 28×28: above the size at which two threads share the copy
        Dataset data = TinyData.make(100, new int[] {1, 28, 28}, 3, 7);
        BatchGraph bg = new Model(ModelSpec.parse("cnn:8,16"), new int[] {1, 28, 28}, 3).build(64);
        int[] idx = new int[70];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (i * 37 + 11) % 100;
        }
        bg.load(data, idx, 5);
        double[] row = new double[784];
        for (int i = 0; i < 64; i++) {
            data.copyRow(idx[5 + i], row, 0);
            for (int j = 0; j < 784; j++) {
                assertEquals(row[j], bg.x.data()[i * 784 + j], "sample " + i + " feature " + j);
            }
            assertEquals(data.label(idx[5 + i]), bg.y.data()[i], "label of sample " + i);
        }
        idx[40] = 100;
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> bg.load(data, idx, 5));
        assertTrue(e.getMessage().contains("100"), e.getMessage());
    }

    @Test
    void evaluatorKeepsOneGraphPerBatchSize() {
        Evaluator ev = new Evaluator(new Model(ModelSpec.parse("logreg"), new int[] {5}, 2));
        BatchGraph g64 = ev.graph(64);
        assertSame(g64, ev.graph(64));
        BatchGraph g300 = ev.graph(300);
        assertEquals(300, g300.batchSize());
        assertSame(g64, ev.graph(64), "switching sizes must not rebuild a graph");
        assertSame(g300, ev.graph(300));
    }

    @Test
    void layoutOfTheCnnMatchesTheDocumentedShapes() {
        Model m = new Model(ModelSpec.parse("cnn:8,16"), new int[] {1, 28, 28}, 10);
        ParameterLayout l = m.layout();
        assertEquals(8 * 9 + 8 + 16 * 8 * 9 + 16 + 400 * 10 + 10, l.size());
        assertEquals(0, l.entry("conv1.weight").offset());
        assertEquals(72, l.entry("conv1.bias").offset());
        assertEquals(400, l.entry("head.weight").shape()[0]);
        Model mlp = new Model(ModelSpec.parse("mlp:64"), new int[] {784}, 10);
        assertEquals(784 * 64 + 64 + 64 * 10 + 10, mlp.parameterCount());
        assertEquals(1, new Model(ModelSpec.parse("logreg"), new int[] {5}, 2).outputs());
    }

    @Test
    void initialisationIsSeededAndBoundedByFanIn() {
        Model m = new Model(ModelSpec.parse("mlp:16"), new int[] {25}, 3);
        double[] a = m.initialParameters(4);
        double[] b = m.initialParameters(4);
        double[] c = m.initialParameters(5);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c));
        for (ParameterLayout.Entry e : m.layout().entries()) {
            double bound = 1 / Math.sqrt(e.fanIn());
            double max = 0;
            for (int i = 0; i < e.length(); i++) {
                max = Math.max(max, Math.abs(a[e.offset() + i]));
            }
            assertTrue(max <= bound && max > 0.5 * bound, e.name() + " max " + max + " bound " + bound);
        }
    }

    @Test
    void modelDerivativesMatchFiniteDifferences() {
        Dataset img = TinyData.make(4, new int[] {1, 10, 10}, 3, 1);
        Dataset tab = TinyData.make(6, new int[] {7}, 2, 2);
        Object[][] cases = {
            {"logreg", tab}, {"mlp:5,4:tanh", tab}, {"mlp:6:softplus", img}, {"cnn:2,3:tanh", img}};
        for (Object[] c : cases) {
            Dataset d = (Dataset) c[1];
            Model m = new Model(ModelSpec.parse((String) c[0]), d.sampleShape(), d.numClasses());
            BatchGraph bg = m.build(d.size());
            int[] idx = new int[d.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            bg.load(d, idx, 0);
            SelfCheck.Row row = SelfCheck.check(new TestModels.Built((String) c[0], bg.graph(), bg.loss(),
                    m.initialParameters(3)));
            assertTrue(row.gradientRelErr() < 1e-6 && row.hvpRelErr() < 1e-6 && row.directionalRelErr() < 1e-10,
                    row.toString());
        }
    }
}
