package dev.dit.models;

import dev.dit.autodiff.Activation;
import dev.dit.autodiff.Graph;
import dev.dit.autodiff.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a layer list into graph nodes, checking shapes layer by layer so that a mismatch is
 * reported in the list's terms. A convolution followed by an activation that the fused node
 * supports (or none) and {@code maxpool(2)} becomes one {@link Graph#conv2dActPool} node, as the
 * CNN alias always did; dense layers are one matmul and one bias each. Parameters are named
 * {@code convK.weight}, {@code denseK.bias}, {@code normK.weight}, …, numbered in list order, and
 * the head {@code head.*} ({@code linear.*} when it is the only layer with parameters).
 */
final class LayerGraph {
    /** Creates a parameter and records its initialisation (NaN init: uniform by fan-in). */
    interface Params {
        Node create(String name, int fanIn, double init, int... shape);
    }

    private final Graph g;
    private final Params params;
    private final int outputs;
    private final String spec;
    private final boolean headOnly;
    private int convs;
    private int denses;
    private int norms;
    /** One entry per top-level layer (fused layers each keep theirs), for {@link Model#describeLayers()}. */
    final List<Map<String, Object>> described = new ArrayList<>();

    LayerGraph(Graph g, Params params, int outputs, String spec, List<Layer> layers) {
        this.g = g;
        this.params = params;
        this.outputs = outputs;
        this.spec = spec;
        this.headOnly = countParametrised(layers) == 1;
    }

    private static int countParametrised(List<Layer> layers) {
        int n = 0;
        for (Layer l : layers) {
            n += l.type().equals("residual") ? countParametrised(l.body())
                    : l.type().equals("dense") || l.type().equals("conv") || l.type().equals("layernorm") ? 1 : 0;
        }
        return n;
    }

    Node build(List<Layer> layers, Node x) {
        return list(layers, x, "", described);
    }

    private Node list(List<Layer> layers, Node h, String prefix, List<Map<String, Object>> out) {
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String where = prefix + (i + 1);
            int fused = fusedLength(layers, i, h);
            int[] in = perSample(h);
            List<String> names = new ArrayList<>();
            List<Map<String, Object>> body = new ArrayList<>();
            if (fused > 0) {
                h = convActPool(layers, i, h, where, names);
                for (int j = i; j < i + fused; j++) {
                    Map<String, Object> d = describe(layers.get(j), prefix + (j + 1), in, perSample(h),
                            j == i ? names : List.of(), List.of());
                    d.put("fused", fused);
                    out.add(d);
                }
                // the description's shapes of the inner fused layers are those of the whole block
                i += fused - 1;
                continue;
            }
            h = layer(l, h, where, names, body);
            out.add(describe(l, where, in, perSample(h), names, body));
        }
        return h;
    }

    private Map<String, Object> describe(Layer l, String where, int[] in, int[] outShape, List<String> names,
                                         List<Map<String, Object>> body) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("position", where);
        d.put("type", l.type());
        d.putAll(l.params());
        if (l.isHead()) {
            d.put("units", outputs);
            d.put("head", true);
        }
        d.put("input", in);
        d.put("output", outShape);
        d.put("parameters", List.copyOf(names));
        if (l.type().equals("residual")) {
            d.put("body", body);
        }
        return d;
    }

    private static int[] perSample(Node h) {
        int[] s = h.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** 3 for conv + fusable activation + maxpool(2,2), 2 for conv + maxpool(2,2), else 0. */
    private static int fusedLength(List<Layer> layers, int i, Node h) {
        if (!layers.get(i).type().equals("conv") || h.shape().length != 4) {
            return 0;
        }
        int next = i + 1;
        if (next < layers.size() && fusable(layers.get(next).type()) != null) {
            next++;
        }
        if (next < layers.size() && layers.get(next).type().equals("maxpool")
                && layers.get(next).intParam("kernel") == 2 && layers.get(next).intParam("stride") == 2) {
            return next - i + 1;
        }
        return 0;
    }

    private static Activation fusable(String type) {
        switch (type) {
            case "relu": return Activation.RELU;
            case "tanh": return Activation.TANH;
            case "sigmoid": return Activation.SIGMOID;
            case "softplus": return Activation.SOFTPLUS;
            default: return null;
        }
    }

    private Node convActPool(List<Layer> layers, int i, Node h, String where, List<String> names) {
        Layer conv = layers.get(i);
        Node[] wb = convParams(conv, h, where, names);
        Activation a = fusable(layers.get(i + 1).type());
        int[] s = h.shape();
        int k = conv.intParam("kernel");
        int pad = conv.intParam("pad");
        int stride = conv.intParam("stride");
        int ho = (s[2] + 2 * pad - k) / stride + 1;
        int wo = (s[3] + 2 * pad - k) / stride + 1;
        if (ho < 2 || wo < 2) {
            throw LayerSyntax.bad(spec, "layer " + where + " " + conv + " then maxpool(2): the pool needs at least 2×2, but the convolution"
                    + " before it leaves " + ho + "×" + wo);
        }
        return g.conv2dActPool(h, wb[0], wb[1], stride, pad, a == null ? Activation.IDENTITY : a);
    }

    private Node[] convParams(Layer l, Node h, String where, List<String> names) {
        int[] s = h.shape();
        if (s.length != 4) {
            throw LayerSyntax.bad(spec, "layer " + where + " " + l + " needs image input [C, H, W], got "
                    + Arrays.toString(perSample(h)) + (s.length == 2 ? "; it cannot follow flatten, dense or globalavgpool" : ""));
        }
        int k = l.intParam("kernel");
        int pad = l.intParam("pad");
        if (s[2] + 2 * pad < k || s[3] + 2 * pad < k) {
            throw LayerSyntax.bad(spec, "layer " + where + " " + l + ": its " + k + "×" + k + " kernel does not fit the "
                    + s[2] + "×" + s[3] + " input" + (pad > 0 ? " padded by " + pad : ""));
        }
        int cin = s[1];
        int cout = l.intParam("channels");
        String name = "conv" + (++convs);
        names.add(name + ".weight");
        names.add(name + ".bias");
        Node w = params.create(name + ".weight", cin * k * k, Double.NaN, cout, cin, k, k);
        Node b = params.create(name + ".bias", cin * k * k, Double.NaN, cout);
        return new Node[] {w, b};
    }

    private Node layer(Layer l, Node h, String where, List<String> names, List<Map<String, Object>> body) {
        int[] s = h.shape();
        switch (l.type()) {
            case "dense": {
                if (s.length != 2) {
                    throw LayerSyntax.bad(spec, "layer " + where + " " + l + " needs a flat input, got "
                            + Arrays.toString(perSample(h)) + " per sample; put flatten (or globalavgpool) before it");
                }
                String name = l.isHead() ? (headOnly ? "linear" : "head") : "dense" + (++denses);
                int units = l.isHead() ? outputs : l.intParam("units");
                int fanIn = s[1];
                names.add(name + ".weight");
                names.add(name + ".bias");
                Node w = params.create(name + ".weight", fanIn, Double.NaN, fanIn, units);
                Node b = params.create(name + ".bias", fanIn, Double.NaN, units);
                return g.addBias(g.matmul(h, w), b);
            }
            case "conv": {
                Node[] wb = convParams(l, h, where, names);
                return g.conv2d(h, wb[0], wb[1], l.intParam("stride"), l.intParam("pad"));
            }
            case "maxpool":
            case "avgpool": {
                int k = l.intParam("kernel");
                if (s.length != 4) {
                    throw LayerSyntax.bad(spec, "layer " + where + " " + l + " needs image input [C, H, W], got "
                            + Arrays.toString(perSample(h)));
                }
                if (s[2] < k || s[3] < k) {
                    throw LayerSyntax.bad(spec, "layer " + where + " " + l + ": its " + k + "×" + k
                            + " window does not fit the " + s[2] + "×" + s[3] + " input");
                }
                return l.type().equals("maxpool") ? g.maxPool2d(h, k, l.intParam("stride")) : g.avgPool2d(h, k, l.intParam("stride"));
            }
            case "globalavgpool":
                if (s.length != 4) {
                    throw LayerSyntax.bad(spec, "layer " + where + " globalavgpool needs image input [C, H, W], got "
                            + Arrays.toString(perSample(h)));
                }
                return g.globalAvgPool(h);
            case "flatten":
                return s.length == 2 ? h : g.flatten(h);
            case "layernorm": {
                int d = h.size() / s[0];
                String name = "norm" + (++norms);
                names.add(name + ".weight");
                names.add(name + ".bias");
                Node gamma = params.create(name + ".weight", 1, 1.0, d);
                Node beta = params.create(name + ".bias", 1, 0.0, d);
                Node flat = s.length == 2 ? h : g.flatten(h);
                Node n = g.layerNorm(flat, gamma, beta, l.realParam("eps"));
                return s.length == 2 ? n : g.reshape(n, s);
            }
            case "relu": return g.relu(h);
            case "leaky_relu": return g.leakyRelu(h, l.realParam("slope"));
            case "tanh": return g.tanh(h);
            case "sigmoid": return g.sigmoid(h);
            case "softplus": return g.softplus(h);
            case "gelu": return g.gelu(h);
            case "elu": return g.elu(h, l.realParam("alpha"));
            case "residual": {
                Node out = list(l.body(), h, where + ".", body);
                if (!Arrays.equals(out.shape(), s)) {
                    throw LayerSyntax.bad(spec, "layer " + where + " residual: its body maps " + Arrays.toString(perSample(h))
                            + " to " + Arrays.toString(perSample(out)) + "; a residual body must keep the shape");
                }
                return g.add(h, out);
            }
            default:
                throw new IllegalStateException("unknown layer " + l.type());
        }
    }
}
