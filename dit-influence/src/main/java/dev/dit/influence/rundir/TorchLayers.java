package dev.dit.influence.rundir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.ParameterLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model of today's families ({@code logreg}, {@code mlp:…}, {@code cnn:…}) described as the
 * PyTorch {@code nn.Sequential} that computes the same logits: the layer list with every
 * hyper-parameter, and each parameter's {@code state_dict} key and shape with how it maps to dit's
 * layout. θ in PyTorch order ({@code parameters_to_vector(model.parameters())}) has the tensors at
 * dit's offsets, in the same order; only dense weights differ, {@code [out, in]} in PyTorch and
 * {@code [in, out]} in dit, so {@link #toTorch} and {@link #fromTorch} transpose them.
 *
 * <p>Derived from {@link ModelSpec} alone, in one place, so that a structured layer description
 * can replace it later.
 */
public final class TorchLayers {
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
    }

    private final ArrayNode layers = Json.array();
    private final List<Param> params = new ArrayList<>();
    private final String activation;

    private TorchLayers(Model model) {
        ModelSpec spec = model.spec();
        if (spec.kind() == ModelSpec.Kind.LAYERS || spec.kind() == ModelSpec.Kind.CUSTOM) {
            throw new IllegalArgumentException("model " + spec + ": dit export describes only logreg, mlp:… and cnn:… models"
                    + " for PyTorch so far; a layer list or a custom Java graph cannot be exported yet");
        }
        activation = spec.activation().name().toLowerCase(Locale.ROOT);
        List<ParameterLayout.Entry> entries = model.layout().entries();
        int next = 0; // next parameter entry of dit's layout
        int[] shape = model.sampleShape();
        if (spec.kind() == ModelSpec.Kind.CNN) {
            int c = shape[0];
            int h = shape[1];
            int w = shape[2];
            for (int cout : spec.widths()) {
                ObjectNode conv = layer("Conv2d", "nn.Conv2d(" + c + ", " + cout + ", kernel_size=3, stride=1, padding=0,"
                        + " bias=True)");
                conv.put("in_channels", c).put("out_channels", cout);
                conv.putArray("kernel_size").add(3).add(3);
                conv.putArray("stride").add(1).add(1);
                conv.putArray("padding").add(0).add(0);
                conv.putArray("dilation").add(1).add(1);
                conv.put("groups", 1).put("bias", true);
                conv.put("operation", "cross-correlation (no kernel flip), as torch.nn.functional.conv2d");
                params(conv, entries.get(next++), entries.get(next++), false);
                activationLayer();
                ObjectNode pool = layer("MaxPool2d", "nn.MaxPool2d(kernel_size=2, stride=2, padding=0, ceil_mode=False)");
                pool.putArray("kernel_size").add(2).add(2);
                pool.putArray("stride").add(2).add(2);
                pool.putArray("padding").add(0).add(0);
                pool.put("ceil_mode", false);
                c = cout;
                h = (h - 2) / 2;
                w = (w - 2) / 2;
                pool.putArray("output_shape").add(c).add(h).add(w);
            }
            shape = new int[] {c, h, w};
        }
        int features = 1;
        for (int d : shape) {
            features *= d;
        }
        ObjectNode flat = layer("Flatten", "nn.Flatten(start_dim=1)");
        flat.put("start_dim", 1);
        flat.put("order", "row-major over the sample's dimensions, channel first: index (c*H + y)*W + x for [C, H, W]");
        flat.put("features", features);
        int in = features;
        if (spec.kind() == ModelSpec.Kind.MLP) {
            for (int width : spec.widths()) {
                linear(in, width, entries.get(next++), entries.get(next++));
                activationLayer();
                in = width;
            }
        }
        linear(in, model.outputs(), entries.get(next++), entries.get(next++));
        if (next != entries.size()) {
            throw new IllegalStateException("model " + spec + ": " + entries.size() + " parameters, " + next + " described");
        }
    }

    /**
     * Describes {@code model}.
     *
     * @param model a model of the families of {@link ModelSpec}
     * @return its PyTorch description
     */
    public static TorchLayers of(Model model) {
        return new TorchLayers(model);
    }

    private ObjectNode layer(String type, String torch) {
        ObjectNode l = layers.addObject();
        l.put("index", layers.size() - 1);
        l.put("type", type);
        l.put("torch", torch);
        return l;
    }

    private void activationLayer() {
        switch (activation) {
            case "tanh" -> layer("Tanh", "nn.Tanh()");
            case "sigmoid" -> layer("Sigmoid", "nn.Sigmoid()");
            case "softplus" -> layer("Softplus", "nn.Softplus(beta=1.0, threshold=20.0)")
                    .put("note", "dit computes log(1 + exp(x)) for every x; PyTorch returns x above the threshold,"
                            + " which differs by less than exp(-20) = 2.1e-9");
            default -> layer("ReLU", "nn.ReLU()");
        }
    }

    private void linear(int in, int out, ParameterLayout.Entry weight, ParameterLayout.Entry bias) {
        ObjectNode l = layer("Linear", "nn.Linear(" + in + ", " + out + ", bias=True)");
        l.put("in_features", in).put("out_features", out).put("bias", true);
        params(l, weight, bias, true);
    }

    private void params(ObjectNode layer, ParameterLayout.Entry weight, ParameterLayout.Entry bias, boolean dense) {
        int index = layer.get("index").asInt();
        int[] ws = weight.shape();
        int[] torchW = dense ? new int[] {ws[1], ws[0]} : ws.clone();
        params.add(new Param(index + ".weight", torchW, weight.name(), ws, weight.offset(), dense));
        params.add(new Param(index + ".bias", bias.shape(), bias.name(), bias.shape(), bias.offset(), false));
    }

    /** {@return the hidden-layer activation's name, e.g. {@code relu} (also for models without hidden layers)} */
    public String activation() {
        return activation;
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
