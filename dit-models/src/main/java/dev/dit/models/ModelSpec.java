package dev.dit.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model architecture, parsed from a spec string: a layer list, or one of the older names, which
 * are aliases for layer lists (same θ layout, bit-identical results).
 *
 * <p>A layer list is written like PyTorch's {@code nn.Sequential}, e.g.
 * {@code conv(16,3,pad=1),relu,maxpool(2),conv(32,3,pad=1),relu,avgpool(2),flatten,dense(64),gelu,dense},
 * or given as a JSON file, {@code @model.json}, holding a list of objects such as
 * {@code {"type": "conv", "channels": 16, "kernel": 3, "pad": 1}} (residual blocks as
 * {@code {"type": "residual", "body": [...]}}). The layers:
 * <ul>
 *   <li>{@code dense(n)}: a fully connected layer of n units on a flat input; the list ends with a
 *       bare {@code dense}, the head, with one logit per class (one for two classes);</li>
 *   <li>{@code conv(c,k[,stride=s][,pad=p])}: a k×k convolution (cross-correlation, as PyTorch)
 *       to c channels;</li>
 *   <li>{@code maxpool(k[,stride])}, {@code avgpool(k[,stride])}: k×k pooling, stride k by
 *       default, no padding; {@code globalavgpool}: the mean of each channel;</li>
 *   <li>{@code flatten}: {@code [C,H,W]} to {@code C·H·W} features, channel first;</li>
 *   <li>{@code layernorm}: each sample normalised over all its features, with a learned scale
 *       (initially 1) and shift (initially 0), ε = 1e-5;</li>
 *   <li>activations {@code relu}, {@code leaky_relu(a)} (a = 0.01 by default), {@code tanh},
 *       {@code sigmoid}, {@code softplus}, {@code gelu} (the exact erf form), {@code elu}
 *       (α = 1 by default);</li>
 *   <li>{@code residual(...)}: {@code x + body(x)} for a body (any layer list) that keeps the shape.</li>
 * </ul>
 * Batch normalisation and dropout are refused: the first couples the samples of a batch and the
 * second makes each step random, and either changes what "the run without sample j" means.
 * A convolution followed by relu, tanh, sigmoid or softplus (or nothing) and {@code maxpool(2)}
 * runs as one fused node.
 *
 * <p>The aliases:
 * <ul>
 *   <li>{@code logreg} — a linear model on the flattened input;</li>
 *   <li>{@code mlp:64} or {@code mlp:64,32:tanh} — dense hidden layers (activation {@code relu}
 *       by default; also {@code tanh}, {@code sigmoid}, {@code softplus});</li>
 *   <li>{@code cnn:8,16} or {@code cnn:8,16:tanh} — 3×3 convolutions with the given channel
 *       counts, each followed by the activation (ReLU by default) and 2×2 max-pooling, then a
 *       linear head.</li>
 * </ul>
 * Binary tasks get one logit with binary cross-entropy; multi-class tasks get one logit per
 * class with softmax cross-entropy.
 */
public record ModelSpec(Kind kind, List<Integer> widths, Activation activation, List<Layer> layers, Custom custom) {

    /** The architecture family. */
    public enum Kind {
        /** A linear model on the flattened input. */
        LOGREG,
        /** Dense hidden layers. */
        MLP,
        /** Convolution, activation and max-pooling layers, then a linear head. */
        CNN,
        /** A layer list. */
        LAYERS,
        /** A graph supplied in Java through a {@link GraphDefinition}. */
        CUSTOM
    }

    /**
     * A model defined by a Java graph.
     *
     * @param name a name for messages and run manifests
     * @param definition builds the graph
     */
    public record Custom(String name, GraphDefinition definition) {
        /**
         * Checks the arguments.
         *
         * @param name a name for messages and run manifests
         * @param definition builds the graph
         */
        public Custom {
            Objects.requireNonNull(definition, "definition");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a custom model needs a name");
            }
        }
    }

    /** Hidden-layer activation. */
    public enum Activation {
        /** {@code max(x, 0)}. */
        RELU,
        /** {@code tanh(x)}. */
        TANH,
        /** {@code 1 / (1 + exp(-x))}. */
        SIGMOID,
        /** {@code log(1 + exp(x))}. */
        SOFTPLUS
    }

    /**
     * Copies the lists. Prefer {@link #parse}, {@link #builder} and {@link #custom}.
     *
     * @param kind the architecture family
     * @param widths hidden-layer widths (MLP) or channel counts (CNN); empty otherwise
     * @param activation the hidden-layer activation of an MLP or CNN alias
     * @param layers the layer list (for an alias, its expansion); empty for a custom graph
     * @param custom the Java graph of a {@link Kind#CUSTOM} model, else null
     */
    public ModelSpec {
        widths = List.copyOf(widths);
        layers = List.copyOf(layers);
        if ((kind == Kind.CUSTOM) != (custom != null)) {
            throw new IllegalArgumentException("a custom model, and only it, has a graph definition");
        }
    }

    /**
     * An alias spec, with its layer list expanded.
     *
     * @param kind LOGREG, MLP or CNN
     * @param widths hidden-layer widths (MLP) or channel counts (CNN); empty for logreg
     * @param activation the hidden-layer activation
     */
    public ModelSpec(Kind kind, List<Integer> widths, Activation activation) {
        this(kind, widths, activation, expand(kind, widths, activation), null);
    }

    /**
     * A layer list; checked for its structure (it ends with the head), its shapes are checked when
     * bound to data ({@link Model}).
     *
     * @param layers the layers
     * @return the spec
     * @throws IllegalArgumentException if the list is empty or does not end with the head
     */
    public static ModelSpec of(List<Layer> layers) {
        String text = LayerSyntax.join(layers);
        checkStructure(layers, text);
        return new ModelSpec(Kind.LAYERS, List.of(), Activation.RELU, layers, null);
    }

    /**
     * A model defined by a graph built in Java from dit's ops. Training, influence, leave-one-out
     * and the baselines take it like any other spec; a run directory records only its name, so it
     * cannot be reopened from disk.
     *
     * @param name a name for messages and run manifests
     * @param definition builds the graph for a batch
     * @return the spec
     */
    public static ModelSpec custom(String name, GraphDefinition definition) {
        return new ModelSpec(Kind.CUSTOM, List.of(), Activation.RELU, List.of(), new Custom(name, definition));
    }

    /** {@return a builder for a layer list} */
    public static LayerListBuilder builder() {
        return new LayerListBuilder();
    }

    private static void checkStructure(List<Layer> layers, String spec) {
        if (layers.isEmpty()) {
            throw LayerSyntax.bad(spec, "the layer list is empty");
        }
        checkHeads(layers, "", spec);
        if (!layers.get(layers.size() - 1).isHead()) {
            throw LayerSyntax.bad(spec, "the last layer must be a bare dense, the head with one logit per class"
                    + " (one for two classes); got " + layers.get(layers.size() - 1));
        }
    }

    private static void checkHeads(List<Layer> layers, String prefix, String spec) {
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String where = prefix + (i + 1);
            boolean last = prefix.isEmpty() && i == layers.size() - 1;
            if (l.isHead() && !last) {
                throw LayerSyntax.bad(spec, "layer " + where + " dense needs a width, dense(n); only the last layer,"
                        + " the head, takes its width from the number of classes");
            }
            if (l.type().equals("residual")) {
                if (l.body().isEmpty()) {
                    throw LayerSyntax.bad(spec, "layer " + where + " residual has an empty body");
                }
                checkHeads(l.body(), where + ".", spec);
            }
        }
    }

    private static List<Layer> expand(Kind kind, List<Integer> widths, Activation a) {
        List<Layer> l = new ArrayList<>();
        Layer act = new Layer(a.name().toLowerCase(Locale.ROOT), java.util.Map.of(), List.of());
        switch (kind) {
            case LOGREG:
                l.add(new Layer("flatten", java.util.Map.of(), List.of()));
                break;
            case MLP:
                l.add(new Layer("flatten", java.util.Map.of(), List.of()));
                for (int w : widths) {
                    l.add(new Layer("dense", java.util.Map.of("units", w), List.of()));
                    l.add(act);
                }
                break;
            case CNN:
                for (int c : widths) {
                    java.util.Map<String, Number> conv = new java.util.LinkedHashMap<>();
                    conv.put("channels", c);
                    conv.put("kernel", 3);
                    conv.put("stride", 1);
                    conv.put("pad", 0);
                    l.add(new Layer("conv", conv, List.of()));
                    l.add(act);
                    java.util.Map<String, Number> pool = new java.util.LinkedHashMap<>();
                    pool.put("kernel", 2);
                    pool.put("stride", 2);
                    l.add(new Layer("maxpool", pool, List.of()));
                }
                l.add(new Layer("flatten", java.util.Map.of(), List.of()));
                break;
            default:
                throw new IllegalArgumentException(kind + " is not an alias");
        }
        l.add(new Layer("dense", java.util.Map.of(), List.of()));
        return l;
    }

    /**
     * Parses a spec string; the message of a bad one says what is accepted.
     *
     * @param spec e.g. {@code logreg}, {@code mlp:64,32:tanh} or {@code cnn:8,16}
     * @return the spec
     * @throws IllegalArgumentException for a malformed spec
     */
    public static ModelSpec parse(String spec) {
        String trimmed = spec.trim();
        if (trimmed.startsWith("@")) {
            return fromJsonFile(spec, Path.of(trimmed.substring(1)));
        }
        String s = trimmed.toLowerCase(Locale.ROOT);
        String[] parts = s.split(":", -1);
        String family = parts[0];
        if (family.equals("custom")) {
            throw bad(spec, "custom:NAME is a model defined in Java (ModelSpec.custom) and cannot be rebuilt from its name");
        }
        if (!family.equals("logreg") && !family.equals("mlp") && !family.equals("cnn")) {
            if (s.matches("[a-z0-9_]+") && !LayerSyntax.isLayer(s)) {
                throw bad(spec, "unknown model '" + s + "'");
            }
            return of(LayerSyntax.parse(s, spec));
        }
        switch (family) {
            case "logreg":
                if (parts.length > 1) {
                    throw bad(spec, "logreg takes no options");
                }
                return new ModelSpec(Kind.LOGREG, List.of(), Activation.RELU);
            case "mlp":
            case "cnn":
                if (parts.length < 2 || parts.length > 3 || parts[1].isEmpty()) {
                    throw bad(spec, family + " needs layer sizes, e.g. " + family + (family.equals("mlp") ? ":64" : ":8,16"));
                }
                List<Integer> w = new ArrayList<>();
                for (String t : parts[1].split(",")) {
                    try {
                        int v = Integer.parseInt(t.trim());
                        if (v < 1) {
                            throw bad(spec, "layer sizes must be positive");
                        }
                        w.add(v);
                    } catch (NumberFormatException e) {
                        throw bad(spec, "'" + t + "' is not a layer size");
                    }
                }
                Activation a = Activation.RELU;
                if (parts.length == 3) {
                    try {
                        a = Activation.valueOf(parts[2].toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw bad(spec, "unknown activation '" + parts[2] + "' (relu, tanh, sigmoid, softplus)");
                    }
                }
                return new ModelSpec(family.equals("mlp") ? Kind.MLP : Kind.CNN, w, a);
            default:
                throw bad(spec, "unknown model '" + family + "'");
        }
    }

    private static ModelSpec fromJsonFile(String spec, Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw LayerSyntax.bad(spec, "cannot read " + file + ": " + (e.getMessage() == null ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || root.isMissingNode()) {
            throw LayerSyntax.bad(spec, file + " is empty");
        }
        return of(LayerSyntax.fromJson(root, spec));
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("model spec '" + spec + "': " + why
                + " (accepted: logreg, mlp:W[,W...][:act], cnn:C[,C...][:act]; act = relu|tanh|sigmoid|softplus; or a layer list of " + LayerSyntax.known() + ")");
    }

    /**
     * The canonical spec string, e.g. {@code mlp:64,32:tanh} or {@code conv(4,3,pad=1),relu,…,dense};
     * {@code custom:NAME} for a Java graph.
     */
    @Override
    public String toString() {
        if (kind == Kind.LAYERS) {
            return LayerSyntax.join(layers);
        }
        if (kind == Kind.CUSTOM) {
            return "custom:" + custom.name();
        }
        if (kind == Kind.LOGREG) {
            return "logreg";
        }
        StringBuilder b = new StringBuilder(kind.name().toLowerCase(Locale.ROOT)).append(':');
        for (int i = 0; i < widths.size(); i++) {
            b.append(i == 0 ? "" : ",").append(widths.get(i));
        }
        if (activation != Activation.RELU) {
            b.append(':').append(activation.name().toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }
}
