package dev.dit.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Node;
import dev.dit.autodiff.check.SelfCheck;
import dev.dit.autodiff.check.TestModels;
import dev.dit.autodiff.kernel.KernelsProvider;
import dev.dit.models.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The layer language, its JSON and builder forms, the aliases, and the derivatives of built models. */
class LayerListTest {
    static final String RESNET = "conv(4,3,pad=1),residual(conv(4,3,pad=1),relu,conv(4,3,pad=1)),relu,globalavgpool,dense";
    static final String GELU_MLP = "flatten,dense(16),layernorm,gelu,dense";
    /** Every layer type at least once, with non-default hyper-parameters. */
    static final String ALL = "conv(3,3,stride=2,pad=1),leaky_relu(0.1),avgpool(2,1),conv(4,2),elu(0.5),maxpool(2,1),"
            + "layernorm,softplus,residual(conv(4,1),gelu),maxpool(2),flatten,dense(5),sigmoid,dense(4),tanh,dense";

    private final int savedThreads = KernelsProvider.threads();

    @AfterEach
    void restore() {
        KernelsProvider.setThreads(savedThreads);
    }

    @Test
    void textJsonAndBuilderGiveTheSameSpec(@TempDir Path tmp) throws IOException {
        String example = "conv(16,3,pad=1),relu,maxpool(2),conv(32,3,pad=1),relu,avgpool(2),flatten,dense(64),gelu,dense";
        ModelSpec text = ModelSpec.parse(example);
        assertEquals(ModelSpec.Kind.LAYERS, text.kind());
        assertEquals(example, text.toString());
        assertEquals(text, ModelSpec.parse(" CONV(16, 3, pad=1), relu, maxpool(2,2), conv(32,3,stride=1,pad=1),relu,"
                + "avgpool(2),flatten,dense(64),gelu,dense "));
        Path json = tmp.resolve("model.json");
        Files.writeString(json, "[{\"type\":\"conv\",\"channels\":16,\"kernel\":3,\"pad\":1},{\"type\":\"relu\"},"
                + "{\"type\":\"maxpool\",\"kernel\":2},{\"type\":\"conv\",\"channels\":32,\"kernel\":3,\"pad\":1},"
                + "\"relu\",{\"type\":\"avgpool\",\"kernel\":2},{\"type\":\"flatten\"},{\"type\":\"dense\",\"units\":64},"
                + "{\"type\":\"gelu\"},{\"type\":\"dense\"}]");
        assertEquals(text, ModelSpec.parse("@" + json));
        ModelSpec built = ModelSpec.builder().conv(16, 3, 1, 1).relu().maxPool(2).conv(32, 3, 1, 1).relu().avgPool(2)
                .flatten().dense(64).gelu().head().build();
        assertEquals(text, built);

        ModelSpec all = ModelSpec.parse(ALL);
        assertEquals(ALL, all.toString());
        assertEquals(all, ModelSpec.parse(all.toString()));
        // the description is the JSON input format: written back, it reads as the same spec
        List<Object> described = all.layers().stream().map(l -> (Object) l.describe()).toList();
        Files.writeString(json, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("layers", described)));
        assertEquals(all, ModelSpec.parse("@" + json));
        assertEquals(ModelSpec.parse(RESNET), ModelSpec.builder().conv(4, 3, 1, 1)
                .residual(b -> b.conv(4, 3, 1, 1).relu().conv(4, 3, 1, 1)).relu().globalAvgPool().head().build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "conv(16)|layer 1 conv needs kernel",
        "conv(16,3,pad=-1),flatten,dense|layer 1 conv: pad must be >= 0, got -1",
        "conv(16,3,size=2),dense|layer 1 conv has no parameter 'size'",
        "relu(2),dense|layer 1 relu takes no arguments",
        "dense(6.5),dense|layer 1 dense: units '6.5' is not an integer",
        "flatten,batchnorm,dense|layer 2 batchnorm is not supported: batch normalisation couples the samples",
        "flatten,dropout(0.5),dense|layer 2 dropout is not supported: dropout makes every step random",
        "flatten,dense(8),relu|the last layer must be a bare dense",
        "flatten,dense,relu,dense|layer 2 dense needs a width",
        "resnet|unknown model 'resnet' (accepted: logreg, mlp:W[,W...][:act], cnn:C[,C...][:act]; act = relu|tanh|sigmoid|softplus; or a layer list of dense, conv,",
        "flatten,resnet,dense|layer 2: unknown layer 'resnet' (known: dense, conv,",
        "conv(4,3),residual(conv(4,3),maxpool(2),dense),dense|layer 2.3 dense needs a width",
        "flatten,dense(4),,dense|layer 3 is empty",
        "conv(4,3,pad=1),residual(relu,conv(4,3)|residual(...) is not closed",
        "flatten,dense(4) dense|unexpected 'd'",
        "@/nonexistent/model.json|cannot read /nonexistent/model.json",
    })
    void malformedSpecsAreRefusedNamingThePosition(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(spec));
        assertTrue(e.getMessage().startsWith("model spec '" + spec + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "conv(4,3),dense|layer 2 dense needs a flat input, got [4, 5, 5] per sample; put flatten",
        "flatten,conv(4,3),dense|layer 2 conv(4,3) needs image input [C, H, W], got [49]",
        "conv(4,3),residual(conv(8,3,pad=1)),flatten,dense|layer 2 residual: its body maps [4, 5, 5] to [8, 5, 5]",
        "conv(4,9),flatten,dense|layer 1 conv(4,9): its 9×9 kernel does not fit the 7×7 input",
        "avgpool(8),flatten,dense|layer 1 avgpool(8): its 8×8 window does not fit the 7×7 input",
        "conv(2,3),residual(conv(2,3,pad=1),maxpool(2)),flatten,dense|layer 2 residual: its body maps [2, 5, 5] to [2, 2, 2]",
    })
    void shapeMismatchesAreRefusedNamingTheLayer(String spec, String message) {
        ModelSpec s = ModelSpec.parse(spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Model(s, new int[] {1, 7, 7}, 3));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "logreg|flatten,dense|5|2",
        "mlp:6,4:tanh|flatten,dense(6),tanh,dense(4),tanh,dense|5|3",
        "mlp:7|flatten,dense(7),relu,dense|1,4,4|2",
        "cnn:3,4|conv(3,3),relu,maxpool(2),conv(4,3),relu,maxpool(2),flatten,dense|1,14,14|3",
        "cnn:3:softplus|conv(3,3),softplus,maxpool(2),flatten,dense|2,8,8|2",
    })
    void aliasesAreTheirLayerLists(String alias, String list, String shape, int classes) {
        int[] sample = java.util.Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
        Model a = new Model(ModelSpec.parse(alias), sample, classes);
        Model b = new Model(ModelSpec.parse(list), sample, classes);
        assertEquals(alias, a.spec().toString());
        assertEquals(list, LayerSyntax.join(a.spec().layers()));
        assertEquals(a.layout().size(), b.layout().size());
        for (int i = 0; i < a.layout().entries().size(); i++) {
            ParameterLayout.Entry x = a.layout().entries().get(i);
            ParameterLayout.Entry y = b.layout().entries().get(i);
            assertEquals(x.name(), y.name());
            assertArrayEquals(x.shape(), y.shape());
            assertEquals(x.offset(), y.offset());
            assertEquals(x.fanIn(), y.fanIn());
        }
        double[] theta = a.initialParameters(3);
        assertArrayEquals(theta, b.initialParameters(3));
        Dataset data = TinyData.make(20, sample, classes, 5);
        int[] idx = java.util.stream.IntStream.range(0, 20).toArray();
        double[] ga = new double[theta.length];
        double[] gb = new double[theta.length];
        double[] w = new double[20];
        java.util.Arrays.fill(w, 0.05);
        new Evaluator(a).gradient(theta, data, idx, 0, 20, w, ga);
        new Evaluator(b).gradient(theta, data, idx, 0, 20, w, gb);
        assertArrayEquals(ga, gb, "the alias and its layer list give bit-identical gradients");
        assertEquals(nodeOps(a), nodeOps(b), "the same graph, fused nodes included");
    }

    private static List<String> nodeOps(Model m) {
        return m.build(2).graph().nodes().stream().map(Node::toString).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {RESNET, GELU_MLP, ALL})
    void derivativesOfBuiltModelsMatchFiniteDifferences(String spec) {
        Model m = new Model(ModelSpec.parse(spec), new int[] {1, 9, 9}, 3);
        SelfCheck.Row row = SelfCheck.check(built(m, 4, 11));
        String msg = spec + ": " + row + " on " + KernelsProvider.get().name();
        assertTrue(row.gradientRelErr() <= 1e-6, msg);
        assertTrue(row.hvpRelErr() <= 1e-6, msg);
        assertTrue(row.symmetryRelErr() <= 1e-10, msg);
        assertTrue(row.directionalRelErr() <= 1e-12, msg);
    }

    /** The model's graph for a batch of n random samples and a θ near its initialisation. */
    static TestModels.Built built(Model m, int n, long seed) {
        Dataset data = TinyData.make(n, m.sampleShape(), m.numClasses(), seed);
        BatchGraph bg = m.build(n);
        bg.load(data, java.util.stream.IntStream.range(0, n).toArray(), 0);
        double[] theta = m.initialParameters(seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.3 * (2 * r.nextDouble() - 1); // off the initial constants of layer normalisation
        }
        return new TestModels.Built(m.spec().toString(), bg.graph(), bg.loss(), theta);
    }

    @ParameterizedTest
    @ValueSource(strings = {RESNET, GELU_MLP, ALL})
    void gradientAndHvpAreBitIdenticalOnOneTwoAndThreeThreads(String spec) {
        Model m = new Model(ModelSpec.parse(spec), new int[] {1, 12, 12}, 3);
        double[][] one = gradientAndHvp(m, 1);
        for (int t : new int[] {2, 3}) {
            double[][] other = gradientAndHvp(m, t);
            assertArrayEquals(one[0], other[0], "gradient on " + t + " threads");
            assertArrayEquals(one[1], other[1], "HVP on " + t + " threads");
        }
    }

    private static double[][] gradientAndHvp(Model m, int threads) {
        KernelsProvider.setThreads(threads);
        TestModels.Built b = built(m, 64, 2);
        Graph g = b.graph();
        int p = b.theta().length;
        double[] seed = new double[b.loss().size()];
        java.util.Arrays.fill(seed, 1.0 / seed.length);
        double[] v = TestModels.random(p, new SplittableRandom(9), 1);
        double[] grad = new double[p];
        double[] hv = new double[p];
        g.hvp(b.loss(), seed, b.theta(), v, hv, grad);
        return new double[][] {grad, hv};
    }

    @Test
    void layerNormalisationStartsAsTheIdentityScaleAndZeroShift() {
        Model m = new Model(ModelSpec.parse(GELU_MLP), new int[] {6}, 3);
        double[] theta = m.initialParameters(1);
        ParameterLayout.Entry scale = m.layout().entry("norm1.weight");
        ParameterLayout.Entry shift = m.layout().entry("norm1.bias");
        for (int i = 0; i < 16; i++) {
            assertEquals(1.0, theta[scale.offset() + i]);
            assertEquals(0.0, theta[shift.offset() + i]);
        }
        assertEquals(List.of("dense1.weight", "dense1.bias", "norm1.weight", "norm1.bias", "head.weight", "head.bias"),
                m.layout().entries().stream().map(ParameterLayout.Entry::name).toList());
    }

    @Test
    void describedLayersCarryEveryHyperParameterAndShape() {
        Model m = new Model(ModelSpec.parse("conv(4,3,pad=1),relu,maxpool(2),residual(conv(4,3,pad=1),gelu),"
                + "avgpool(2,1),flatten,dense"), new int[] {1, 8, 8}, 2);
        List<Map<String, Object>> d = m.describeLayers();
        assertEquals(7, d.size());
        Map<String, Object> conv = d.get(0);
        assertEquals("conv", conv.get("type"));
        assertEquals(4, conv.get("channels"));
        assertEquals(3, conv.get("kernel"));
        assertEquals(1, conv.get("stride"));
        assertEquals(1, conv.get("pad"));
        assertEquals(3, conv.get("fused"), "conv, relu and maxpool(2) run as one node");
        assertEquals(List.of("conv1.weight", "conv1.bias"), conv.get("parameters"));
        assertArrayEquals(new int[] {1, 8, 8}, (int[]) conv.get("input"));
        Map<String, Object> res = d.get(3);
        assertEquals("residual", res.get("type"));
        assertArrayEquals(new int[] {4, 4, 4}, (int[]) res.get("output"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> body = (List<Map<String, Object>>) res.get("body");
        assertEquals("4.1", body.get(0).get("position"));
        assertEquals(List.of("conv2.weight", "conv2.bias"), body.get(0).get("parameters"));
        assertEquals(2, d.get(4).get("kernel"));
        assertEquals(1, d.get(4).get("stride"));
        assertArrayEquals(new int[] {4, 3, 3}, (int[]) d.get(4).get("output"));
        Map<String, Object> head = d.get(6);
        assertEquals(1, head.get("units"), "one logit for two classes");
        assertEquals(true, head.get("head"));
        assertArrayEquals(new int[] {36}, (int[]) head.get("input"));
    }

    @Test
    void aCustomGraphTrainsLikeTheSameLayerList() {
        GraphDefinition def = ctx -> {
            Graph g = ctx.graph();
            Node h = g.tanh(ctx.dense("dense1", g.flatten(ctx.input()), 6));
            return ctx.classifier(ctx.dense("head", h, ctx.outputs()));
        };
        ModelSpec custom = ModelSpec.custom("tanh-mlp", def);
        assertEquals("custom:tanh-mlp", custom.toString());
        Model c = new Model(custom, new int[] {1, 4, 4}, 3);
        Model l = new Model(ModelSpec.parse("mlp:6:tanh"), new int[] {1, 4, 4}, 3);
        double[] theta = l.initialParameters(7);
        assertArrayEquals(theta, c.initialParameters(7));
        Dataset data = TinyData.make(10, new int[] {1, 4, 4}, 3, 1);
        int[] idx = java.util.stream.IntStream.range(0, 10).toArray();
        double[] lc = new double[10];
        double[] ll = new double[10];
        new Evaluator(c).losses(theta, data, idx, 0, 10, lc);
        new Evaluator(l).losses(theta, data, idx, 0, 10, ll);
        assertArrayEquals(ll, lc);
        assertTrue(c.describeLayers().isEmpty());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Model(
                ModelSpec.custom("bad", ctx -> ctx.classifier(ctx.dense("head", ctx.graph().flatten(ctx.input()), 5))),
                new int[] {1, 4, 4}, 3));
        assertTrue(e.getMessage().contains("logits must be [1, 3], got [1, 5]"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("custom:tanh-mlp"));
        assertTrue(e2.getMessage().contains("defined in Java"), e2.getMessage());
    }
}
