package dev.dit.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model architecture by name, parsed from a spec string:
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
public record ModelSpec(Kind kind, List<Integer> widths, Activation activation) {

    /** The architecture family. */
    public enum Kind {
        /** A linear model on the flattened input. */
        LOGREG,
        /** Dense hidden layers. */
        MLP,
        /** Convolution, activation and max-pooling layers, then a linear head. */
        CNN
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
     * Copies {@code widths}.
     *
     * @param kind the architecture family
     * @param widths hidden-layer widths (MLP) or channel counts (CNN); empty for logreg
     * @param activation the hidden-layer activation
     */
    public ModelSpec {
        widths = List.copyOf(widths);
    }

    /**
     * Parses a spec string; the message of a bad one says what is accepted.
     *
     * @param spec e.g. {@code logreg}, {@code mlp:64,32:tanh} or {@code cnn:8,16}
     * @return the spec
     * @throws IllegalArgumentException for a malformed spec
     */
    public static ModelSpec parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":", -1);
        String family = parts[0];
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

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("model spec '" + spec + "': " + why
                + " (accepted: logreg, mlp:W[,W...][:act], cnn:C[,C...][:act]; act = relu|tanh|sigmoid|softplus)");
    }

    /** The canonical spec string, e.g. {@code mlp:64,32:tanh}. */
    @Override
    public String toString() {
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
