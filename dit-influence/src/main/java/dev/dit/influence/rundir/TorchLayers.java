package dev.dit.influence.rundir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.ParameterLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model described as the PyTorch {@code nn.Sequential} that computes the same logits: the layer
 * list with every hyper-parameter, and each parameter's {@code state_dict} key and shape with how it
 * maps to dit's layout. Built from the model's own layer list ({@link Model#describeLayers()}), so
 * every layer of the layer language is described, and the aliases {@code logreg}, {@code mlp:…} and
 * {@code cnn:…} through the layers they expand to.
 *
 * <p>θ in PyTorch order ({@code parameters_to_vector(model.parameters())}) has the tensors at dit's
 * offsets, in the same order. Dense weights are {@code [out, in]} in PyTorch and {@code [in, out]}
 * in dit, so {@link #toTorch} and {@link #fromTorch} transpose them; a layer normalisation of image
 * features has PyTorch shape {@code [C, H, W]} where dit holds the same values flat. A residual
 * block is a {@code Residual}, an {@code nn.Sequential} subclass whose {@code forward} returns
 * {@code x + body(x)} (its definition is in the layer's entry), so its parameters are keyed
 * {@code 1.0.weight}, …; dit's {@code globalavgpool} is {@code AdaptiveAvgPool2d(1)} and
 * {@code Flatten}, two modules.
 */
public final class TorchLayers {
    /** The Python class a residual block needs, as written in a layer's {@code definition}. */
    public static final String RESIDUAL_CLASS = "class Residual(torch.nn.Sequential):\n"
            + "    def forward(self, x):\n"
            + "        return x + super().forward(x)\n";

    /**
     * One parameter tensor under both names.
     *
     * @param key        the PyTorch {@code state_dict} key, e.g. {@code 3.weight}
     * @param torchShape its shape in PyTorch
     * @param ditName    dit's name, e.g. {@code dense1.weight}
     * @param ditShape   its shape in dit's layout
     * @param offset     where it starts in θ (the same in both orders)
     * @param transposed whether PyTorch's tensor is the transpose of dit's (dense weights)
     */
    public record Param(String key, int[] torchShape, String ditName, int[] ditShape, int offset, boolean transposed) {
        /** {@return the number of elements} */
        public int length() {
            int n = 1;
            for (int d : ditShape) {
                n *= d;
            }
            return n;
        }

        /** {@return how dit's tensor becomes PyTorch's, in words: identity, transpose or reshape} */
        public String mapping() {
            if (transposed) {
                return "transpose: dit's [in, out] weight is this tensor's .T";
            }
            return Arrays.equals(torchShape, ditShape) ? "identity" : "reshape: the same values in row-major order;"
                    + " dit holds them as " + Arrays.toString(ditShape).replace(" ", "");
        }
    }

    private final ArrayNode layers = Json.array();
    private final List<Param> params = new ArrayList<>();
    private final String activation;
    private final Map<String, ParameterLayout.Entry> entries = new HashMap<>();
    private final String spec;
    private boolean reshaped;

    private TorchLayers(Model model) {
        ModelSpec s = model.spec();
        spec = s.toString();
        if (s.kind() == ModelSpec.Kind.CUSTOM) {
            throw new IllegalArgumentException("model " + s + " is a Java graph (ModelSpec.custom): dit export describes"
                    + " layer lists, logreg, mlp:… and cnn:… for PyTorch, not arbitrary graphs");
        }
        activation = s.kind() == ModelSpec.Kind.LAYERS ? null : s.activation().name().toLowerCase(Locale.ROOT);
        for (ParameterLayout.Entry e : model.layout().entries()) {
            entries.put(e.name(), e);
        }
        sequence(model.describeLayers(), layers, "", model.sampleShape());
        if (params.size() != entries.size()) {
            throw new IllegalStateException("model " + spec + ": " + entries.size() + " parameters, " + params.size()
                    + " described");
        }
    }

    /**
     * Describes {@code model}.
     *
     * @param model a layer list or one of its aliases
     * @return its PyTorch description
     * @throws IllegalArgumentException for a custom Java graph, which has no layer list
     */
    public static TorchLayers of(Model model) {
        return new TorchLayers(model);
    }

    /** Appends the modules of {@code described} to {@code into}; returns the per-sample output shape. */
    private int[] sequence(List<Map<String, Object>> described, ArrayNode into, String prefix, int[] shape) {
        for (Map<String, Object> d : described) {
            shape = module(d, into, prefix, shape);
        }
        return shape;
    }

    @SuppressWarnings("unchecked")
    private int[] module(Map<String, Object> d, ArrayNode into, String prefix, int[] in) {
        String type = (String) d.get("type");
        List<String> names = (List<String>) d.get("parameters");
        switch (type) {
            case "dense": {
                if (in.length != 1) {
                    throw new IllegalStateException("model " + spec + ": dense on " + Arrays.toString(in));
                }
                int units = ((Number) d.get("units")).intValue();
                ObjectNode l = layer(into, "Linear", "nn.Linear(" + in[0] + ", " + units + ", bias=True)");
                l.put("in_features", in[0]).put("out_features", units).put("bias", true);
                params(l, prefix, names, true, null);
                return new int[] {units};
            }
            case "conv": {
                int c = integer(d, "channels");
                int k = integer(d, "kernel");
                int stride = integer(d, "stride");
                int pad = integer(d, "pad");
                ObjectNode conv = layer(into, "Conv2d", "nn.Conv2d(" + in[0] + ", " + c + ", kernel_size=" + k
                        + ", stride=" + stride + ", padding=" + pad + ", bias=True)");
                conv.put("in_channels", in[0]).put("out_channels", c);
                conv.putArray("kernel_size").add(k).add(k);
                conv.putArray("stride").add(stride).add(stride);
                conv.putArray("padding").add(pad).add(pad);
                conv.putArray("dilation").add(1).add(1);
                conv.put("groups", 1).put("bias", true);
                conv.put("operation", "cross-correlation (no kernel flip), as torch.nn.functional.conv2d");
                params(conv, prefix, names, false, null);
                return new int[] {c, (in[1] + 2 * pad - k) / stride + 1, (in[2] + 2 * pad - k) / stride + 1};
            }
            case "maxpool":
            case "avgpool": {
                int k = integer(d, "kernel");
                int stride = integer(d, "stride");
                String name = type.equals("maxpool") ? "MaxPool2d" : "AvgPool2d";
                ObjectNode pool = layer(into, name, "nn." + name + "(kernel_size=" + k + ", stride=" + stride
                        + ", padding=0, ceil_mode=False)");
                pool.putArray("kernel_size").add(k).add(k);
                pool.putArray("stride").add(stride).add(stride);
                pool.putArray("padding").add(0).add(0);
                pool.put("ceil_mode", false);
                int[] out = {in[0], (in[1] - k) / stride + 1, (in[2] - k) / stride + 1};
                shape(pool.putArray("output_shape"), out);
                return out;
            }
            case "globalavgpool": {
                ObjectNode pool = layer(into, "AdaptiveAvgPool2d", "nn.AdaptiveAvgPool2d(output_size=1)");
                pool.putArray("output_size").add(1).add(1);
                pool.put("note", "with the Flatten after it, dit's globalavgpool: the mean of each channel, [C, H, W] -> [C]");
                shape(pool.putArray("output_shape"), new int[] {in[0], 1, 1});
                return flatten(into, new int[] {in[0], 1, 1});
            }
            case "flatten":
                return flatten(into, in);
            case "layernorm": {
                double eps = ((Number) d.get("eps")).doubleValue();
                String dims = Arrays.toString(in);
                ObjectNode norm = layer(into, "LayerNorm", "nn.LayerNorm(" + dims + ", eps=" + eps
                        + ", elementwise_affine=True)");
                shape(norm.putArray("normalized_shape"), in);
                norm.put("eps", eps).put("elementwise_affine", true);
                norm.put("operation", "per sample, over all of its features (the last " + in.length + " dims):"
                        + " (x - mean) / sqrt(biased variance + eps) * weight + bias");
                params(norm, prefix, names, false, in);
                return in;
            }
            case "relu":
                layer(into, "ReLU", "nn.ReLU()");
                return in;
            case "tanh":
                layer(into, "Tanh", "nn.Tanh()");
                return in;
            case "sigmoid":
                layer(into, "Sigmoid", "nn.Sigmoid()");
                return in;
            case "softplus":
                layer(into, "Softplus", "nn.Softplus(beta=1.0, threshold=20.0)")
                        .put("note", "dit computes log(1 + exp(x)) for every x; PyTorch returns x above the threshold,"
                                + " which differs by less than exp(-20) = 2.1e-9");
                return in;
            case "leaky_relu": {
                double a = ((Number) d.get("slope")).doubleValue();
                layer(into, "LeakyReLU", "nn.LeakyReLU(negative_slope=" + a + ")").put("negative_slope", a);
                return in;
            }
            case "elu": {
                double a = ((Number) d.get("alpha")).doubleValue();
                layer(into, "ELU", "nn.ELU(alpha=" + a + ")").put("alpha", a);
                return in;
            }
            case "gelu":
                layer(into, "GELU", "nn.GELU(approximate='none')").put("approximate", "none")
                        .put("operation", "exact x * Phi(x), Phi the standard normal distribution function (erf form)");
                return in;
            case "residual": {
                ObjectNode res = layer(into, "Residual", "");
                res.put("operation", "x + body(x): the body's modules applied in order to x, then x added");
                res.put("definition", RESIDUAL_CLASS);
                String inner = prefix + res.get("index").asInt() + ".";
                int[] out = sequence((List<Map<String, Object>>) d.get("body"), res.putArray("body"), inner, in);
                if (!Arrays.equals(out, in)) {
                    throw new IllegalStateException("model " + spec + ": residual body maps " + Arrays.toString(in)
                            + " to " + Arrays.toString(out));
                }
                shape(res.putArray("output_shape"), out);
                List<String> body = new ArrayList<>();
                res.get("body").forEach(m -> body.add(m.get("torch").asText()));
                res.put("torch", "Residual(" + String.join(", ", body) + ")");
                return out;
            }
            default:
                throw new IllegalStateException("model " + spec + ": no PyTorch module for layer " + type);
        }
    }

    private static int integer(Map<String, Object> d, String key) {
        return ((Number) d.get(key)).intValue();
    }

    private int[] flatten(ArrayNode into, int[] in) {
        int features = 1;
        for (int x : in) {
            features *= x;
        }
        ObjectNode flat = layer(into, "Flatten", "nn.Flatten(start_dim=1)");
        flat.put("start_dim", 1);
        flat.put("order", "row-major over the sample's dimensions, channel first: index (c*H + y)*W + x for [C, H, W]");
        flat.put("features", features);
        return new int[] {features};
    }

    private static void shape(ArrayNode a, int[] s) {
        for (int x : s) {
            a.add(x);
        }
    }

    private static ObjectNode layer(ArrayNode into, String type, String torch) {
        ObjectNode l = into.addObject();
        l.put("index", into.size() - 1);
        l.put("type", type);
        l.put("torch", torch);
        return l;
    }

    /** The layer's weight and bias; {@code torchShape}, if given, is PyTorch's shape of both. */
    private void params(ObjectNode layer, String prefix, List<String> names, boolean dense, int[] torchShape) {
        String key = prefix + layer.get("index").asInt();
        ParameterLayout.Entry weight = entry(names.get(0));
        ParameterLayout.Entry bias = entry(names.get(1));
        int[] ws = weight.shape();
        int[] torchW = dense ? new int[] {ws[1], ws[0]} : torchShape != null ? torchShape.clone() : ws.clone();
        int[] torchB = torchShape != null ? torchShape.clone() : bias.shape();
        params.add(new Param(key + ".weight", torchW, weight.name(), ws, weight.offset(), dense));
        params.add(new Param(key + ".bias", torchB, bias.name(), bias.shape(), bias.offset(), false));
        reshaped |= !dense && !Arrays.equals(torchW, ws);
    }

    private ParameterLayout.Entry entry(String name) {
        ParameterLayout.Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalStateException("model " + spec + ": no parameter " + name);
        }
        return e;
    }

    /**
     * The hidden-layer activation of an alias, e.g. {@code relu} (also for models without hidden
     * layers); null for a layer list, whose activations are layers of their own.
     *
     * @return the activation's name, or null
     */
    public String activation() {
        return activation;
    }

    /** {@return what differs between θ in PyTorch's layout and in dit's, in words} */
    public String layoutNote() {
        return "theta is the row-major concatenation of the parameters below in PyTorch's shapes"
                + " (Linear weights [out, in], Conv2d weights [out, in, kh, kw]); dit's own layout differs only in"
                + " dense weights, which it holds as [in, out] (x @ W + b) under ditName"
                + (reshaped ? "; a LayerNorm over [C, H, W] has the same values, which dit holds flat" : "");
    }

    /** {@return the layers of the {@code nn.Sequential}, in order, as JSON (a copy)} */
    public ArrayNode layers() {
        return layers.deepCopy();
    }

    /** {@return the parameters in {@code state_dict} order, which is θ's order} */
    public List<Param> parameters() {
        return List.copyOf(params);
    }

    /**
     * Rearranges θ from dit's layout into PyTorch's (dense weights transposed).
     *
     * @param dit θ in dit's layout
     * @param torch receives θ in PyTorch's; not {@code dit}
     */
    public void toTorch(double[] dit, double[] torch) {
        map(dit, torch, true);
    }

    /**
     * Rearranges θ from PyTorch's layout into dit's.
     *
     * @param torch θ in PyTorch's layout
     * @param dit receives θ in dit's; not {@code torch}
     */
    public void fromTorch(double[] torch, double[] dit) {
        map(torch, dit, false);
    }

    private void map(double[] src, double[] dst, boolean toTorch) {
        for (Param p : params) {
            int o = p.offset();
            if (!p.transposed()) {
                System.arraycopy(src, o, dst, o, p.length());
                continue;
            }
            int in = p.ditShape()[0];
            int out = p.ditShape()[1];
            for (int i = 0; i < in; i++) {
                for (int k = 0; k < out; k++) {
                    int ditIndex = o + i * out + k;
                    int torchIndex = o + k * in + i;
                    if (toTorch) {
                        dst[torchIndex] = src[ditIndex];
                    } else {
                        dst[ditIndex] = src[torchIndex];
                    }
                }
            }
        }
    }
}
