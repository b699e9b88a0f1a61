package dev.dit.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of a layer list (see {@link ModelSpec}): its type as written in the layer language
 * ({@code conv}, {@code relu}, {@code residual}, …), every hyper-parameter with defaults filled in
 * (integers as {@link Integer}, reals as {@link Double}), and, for {@code residual}, its body.
 * The final classifier head is a {@code dense} without {@code units}: its width is the number of
 * logits of the task.
 *
 * @param type the layer's name in the layer language
 * @param params the hyper-parameters by name, in the language's order, defaults included
 * @param body the layers of a residual block; empty for other layers
 */
public record Layer(String type, Map<String, Number> params, List<Layer> body) {

    /**
     * Copies the parameters (keeping their order) and the body.
     *
     * @param type the layer's name in the layer language
     * @param params the hyper-parameters by name
     * @param body the layers of a residual block; empty for other layers
     */
    public Layer {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        body = List.copyOf(body);
    }

    /**
     * An integer hyper-parameter.
     *
     * @param name its name, e.g. {@code channels}
     * @return its value
     * @throws IllegalArgumentException if the layer has no such parameter
     */
    public int intParam(String name) {
        return param(name).intValue();
    }

    /**
     * A real hyper-parameter.
     *
     * @param name its name, e.g. {@code slope}
     * @return its value
     * @throws IllegalArgumentException if the layer has no such parameter
     */
    public double realParam(String name) {
        return param(name).doubleValue();
    }

    private Number param(String name) {
        Number n = params.get(name);
        if (n == null) {
            throw new IllegalArgumentException("layer " + this + " has no parameter " + name);
        }
        return n;
    }

    /** {@return whether this is the classifier head: a {@code dense} without a width} */
    public boolean isHead() {
        return type.equals("dense") && !params.containsKey("units");
    }

    /**
     * The layer as JSON-ready data, in the format {@code --model @file.json} reads:
     * {@code {"type": "conv", "channels": 16, "kernel": 3, "stride": 1, "pad": 1}}, a residual
     * block with {@code "body": [...]}.
     *
     * @return an ordered map of the type, every hyper-parameter and the body
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.putAll(params);
        if (type.equals("residual")) {
            List<Map<String, Object>> b = new ArrayList<>();
            for (Layer l : body) {
                b.add(l.describe());
            }
            m.put("body", b);
        }
        return m;
    }

    /** The layer in the canonical text of the layer language, e.g. {@code conv(16,3,pad=1)}. */
    @Override
    public String toString() {
        return LayerSyntax.format(this);
    }
}
