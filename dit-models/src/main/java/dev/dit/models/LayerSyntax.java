package dev.dit.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The layer language: its layer types with their hyper-parameters, the text parser
 * ({@code conv(16,3,pad=1),relu,maxpool(2),flatten,dense}), the JSON reader (a list of objects
 * such as {@code {"type": "conv", "channels": 16, "kernel": 3, "pad": 1}}) and the canonical text.
 * Errors name the layer's position (1-based; {@code 2.3} is the third layer of the body of the
 * second) and say what is wrong.
 */
final class LayerSyntax {
    private LayerSyntax() {
    }

    /** How a hyper-parameter is written and checked. */
    private record Param(String name, boolean integer, Number dflt, boolean keyword, double min) {
        static Param req(String name) {
            return new Param(name, true, null, false, 1);
        }
    }

    /** The parameters of each layer type, in positional order. */
    private static final Map<String, List<Param>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("dense", List.of(new Param("units", true, null, false, 1)));
        TYPES.put("conv", List.of(Param.req("channels"), Param.req("kernel"),
                new Param("stride", true, 1, true, 1), new Param("pad", true, 0, true, 0)));
        TYPES.put("maxpool", List.of(Param.req("kernel"), new Param("stride", true, null, false, 1)));
        TYPES.put("avgpool", List.of(Param.req("kernel"), new Param("stride", true, null, false, 1)));
        TYPES.put("globalavgpool", List.of());
        TYPES.put("flatten", List.of());
        TYPES.put("layernorm", List.of(new Param("eps", false, 1e-5, true, Double.MIN_VALUE)));
        TYPES.put("relu", List.of());
        TYPES.put("leaky_relu", List.of(new Param("slope", false, 0.01, false, -Double.MAX_VALUE)));
        TYPES.put("tanh", List.of());
        TYPES.put("sigmoid", List.of());
        TYPES.put("softplus", List.of());
        TYPES.put("gelu", List.of());
        TYPES.put("elu", List.of(new Param("alpha", false, 1.0, false, -Double.MAX_VALUE)));
        TYPES.put("residual", List.of());
    }

    /** Layers refused on purpose, with the reason. */
    private static final Map<String, String> REFUSED = Map.of(
            "batchnorm", "batch normalisation couples the samples of a batch, so removing sample j would change"
                    + " every other sample's step; use layernorm (per sample)",
            "dropout", "dropout makes every step random, so the run without sample j is not determined by the"
                    + " recorded run");

    /** Whether {@code name} is a layer type or a refused one. */
    static boolean isLayer(String name) {
        return TYPES.containsKey(name) || name.startsWith("batchnorm") || name.startsWith("dropout");
    }

    /** The layer types, for messages. */
    static String known() {
        return String.join(", ", TYPES.keySet());
    }

    // ------------------------------------------------------------------ text

    /** Parses a layer list; {@code spec} is the whole spec, for messages. */
    static List<Layer> parse(String text, String spec) {
        Parser p = new Parser(text, spec);
        List<Layer> layers = p.list("");
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "' at character " + (p.pos + 1));
        }
        return layers;
    }

    private static final class Parser {
        final String s;
        final String spec;
        int pos;

        Parser(String s, String spec) {
            this.s = s;
            this.spec = spec;
        }

        List<Layer> list(String prefix) {
            List<Layer> out = new ArrayList<>();
            do {
                skip();
                out.add(layer(prefix + (out.size() + 1)));
                skip();
            } while (eat(','));
            return out;
        }

        Layer layer(String where) {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (name.isEmpty()) {
                throw error("layer " + where + " is empty or starts with '" + (pos < s.length() ? s.charAt(pos) : "end") + "'");
            }
            skip();
            if (name.equals("residual")) {
                if (!eat('(')) {
                    throw error("layer " + where + " residual needs its body in parentheses, e.g. residual(conv(4,3,pad=1),relu)");
                }
                List<Layer> body = list(where + ".");
                skip();
                if (!eat(')')) {
                    throw error("layer " + where + " residual(...) is not closed");
                }
                return new Layer("residual", Map.of(), body);
            }
            List<String> args = new ArrayList<>();
            if (eat('(')) {
                int close = s.indexOf(')', pos);
                if (close < 0) {
                    throw error("layer " + where + " " + name + "(...) is not closed");
                }
                String inside = s.substring(pos, close).trim();
                if (inside.isEmpty()) {
                    throw error("layer " + where + " " + name + "() has empty parentheses; leave them out");
                }
                for (String a : inside.split(",", -1)) {
                    args.add(a.trim());
                }
                pos = close + 1;
            }
            return build(name, args, where, spec);
        }

        void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(char c) {
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        IllegalArgumentException error(String why) {
            return bad(spec, why);
        }
    }

    /** One layer from its name and its written arguments ({@code 16}, {@code pad=1}). */
    private static Layer build(String name, List<String> args, String where, String spec) {
        List<Param> params = paramsOf(name, where, spec);
        Map<String, Number> given = new LinkedHashMap<>();
        int positional = 0;
        for (String a : args) {
            int eq = a.indexOf('=');
            Param p;
            String value;
            if (eq >= 0) {
                String key = a.substring(0, eq).trim();
                p = params.stream().filter(q -> q.name().equals(key)).findFirst().orElseThrow(() -> bad(spec,
                        "layer " + where + " " + name + " has no parameter '" + key + "'" + accepted(params)));
                value = a.substring(eq + 1).trim();
            } else {
                if (positional >= params.size()) {
                    throw bad(spec, "layer " + where + " " + name + " takes " + (params.isEmpty() ? "no arguments"
                            : "at most " + params.size() + " argument" + (params.size() == 1 ? "" : "s") + accepted(params)));
                }
                p = params.get(positional++);
                value = a;
            }
            if (given.containsKey(p.name())) {
                throw bad(spec, "layer " + where + " " + name + " sets " + p.name() + " twice");
            }
            given.put(p.name(), number(p, value, name, where, spec));
        }
        return complete(name, params, given, where, spec);
    }

    private static String accepted(List<Param> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        for (int i = 0; i < params.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(params.get(i).name());
        }
        return b.append(')').toString();
    }

    private static List<Param> paramsOf(String name, String where, String spec) {
        String key = name.startsWith("batchnorm") ? "batchnorm" : name.startsWith("dropout") ? "dropout" : name;
        if (REFUSED.containsKey(key)) {
            throw bad(spec, "layer " + where + " " + name + " is not supported: " + REFUSED.get(key));
        }
        List<Param> params = TYPES.get(name);
        if (params == null) {
            throw bad(spec, "layer " + where + ": unknown layer '" + name + "' (known: " + known() + ")");
        }
        return params;
    }

    private static Number number(Param p, String text, String name, String where, String spec) {
        try {
            Number n;
            if (p.integer()) {
                n = Integer.parseInt(text);
            } else {
                double d = Double.parseDouble(text);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                n = d;
            }
            return checked(p, n, name, where, spec);
        } catch (NumberFormatException e) {
            throw bad(spec, "layer " + where + " " + name + ": " + p.name() + " '" + text + "' is not "
                    + (p.integer() ? "an integer" : "a number"));
        }
    }

    private static Number checked(Param p, Number n, String name, String where, String spec) {
        if (n.doubleValue() < p.min()) {
            throw bad(spec, "layer " + where + " " + name + ": " + p.name() + " must be "
                    + (p.min() == 0 ? ">= 0" : p.min() == 1 ? ">= 1" : "> 0") + ", got " + n);
        }
        return n;
    }

    /** Fills in defaults and checks that required parameters are there. */
    private static Layer complete(String name, List<Param> params, Map<String, Number> given, String where, String spec) {
        Map<String, Number> all = new LinkedHashMap<>();
        for (Param p : params) {
            Number v = given.get(p.name());
            if (v == null) {
                v = p.dflt();
                if (v == null && p.name().equals("stride")) {
                    v = all.get("kernel"); // pooling: stride defaults to the window, as in PyTorch
                }
                if (v == null && !(name.equals("dense") && p.name().equals("units"))) {
                    throw bad(spec, "layer " + where + " " + name + " needs " + p.name() + accepted(params));
                }
            }
            if (v != null) {
                all.put(p.name(), v);
            }
        }
        return new Layer(name, all, List.of());
    }

    // ------------------------------------------------------------------ JSON

    /** Parses {@code [{"type": ...}, ...]} or {@code {"layers": [...]}}. */
    static List<Layer> fromJson(JsonNode root, String spec) {
        JsonNode list = root.isObject() && root.has("layers") ? root.get("layers") : root;
        if (!list.isArray()) {
            throw bad(spec, "the JSON must be a list of layers or an object with \"layers\": [...]");
        }
        return jsonList(list, "", spec);
    }

    private static List<Layer> jsonList(JsonNode list, String prefix, String spec) {
        List<Layer> out = new ArrayList<>();
        for (JsonNode n : list) {
            String where = prefix + (out.size() + 1);
            if (n.isTextual()) {
                List<Layer> one = parse(n.asText().trim().toLowerCase(Locale.ROOT), spec);
                if (one.size() != 1) {
                    throw bad(spec, "layer " + where + " \"" + n.asText() + "\" is more than one layer");
                }
                out.add(one.get(0));
                continue;
            }
            if (!n.isObject() || !n.hasNonNull("type") || !n.get("type").isTextual()) {
                throw bad(spec, "layer " + where + " must be an object with a \"type\", got " + n);
            }
            String name = n.get("type").asText().toLowerCase(Locale.ROOT);
            if (name.equals("residual")) {
                JsonNode body = n.get("body");
                if (body == null || !body.isArray() || body.isEmpty()) {
                    throw bad(spec, "layer " + where + " residual needs a non-empty \"body\": [...]");
                }
                out.add(new Layer("residual", Map.of(), jsonList(body, where + ".", spec)));
                continue;
            }
            List<Param> params = paramsOf(name, where, spec);
            Map<String, Number> given = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("type")) {
                    continue;
                }
                Param p = params.stream().filter(q -> q.name().equals(f.getKey())).findFirst().orElseThrow(() -> bad(spec,
                        "layer " + where + " " + name + " has no parameter '" + f.getKey() + "'" + accepted(params)));
                JsonNode v = f.getValue();
                if (!v.isNumber() || (p.integer() && !v.canConvertToExactIntegral())) {
                    throw bad(spec, "layer " + where + " " + name + ": " + p.name() + " " + v + " is not "
                            + (p.integer() ? "an integer" : "a number"));
                }
                given.put(p.name(), checked(p, p.integer() ? (Number) v.intValue() : (Number) v.doubleValue(), name, where, spec));
            }
            out.add(complete(name, params, given, where, spec));
        }
        if (out.isEmpty()) {
            throw bad(spec, (prefix.isEmpty() ? "the layer list" : "residual " + prefix) + " is empty");
        }
        return out;
    }

    // ------------------------------------------------------------------ canonical text

    /** The canonical text: required and positional parameters always, the others when not default. */
    static String format(Layer l) {
        if (l.type().equals("residual")) {
            return "residual(" + join(l.body()) + ")";
        }
        List<Param> params = TYPES.getOrDefault(l.type(), List.of());
        List<String> parts = new ArrayList<>();
        boolean skipped = false;
        for (Param p : params) {
            Number v = l.params().get(p.name());
            if (v == null) {
                continue;
            }
            Number dflt = p.name().equals("stride") && p.dflt() == null ? l.params().get("kernel") : p.dflt();
            boolean isDefault = dflt != null && dflt.doubleValue() == v.doubleValue();
            if (isDefault) {
                skipped = true;
                continue;
            }
            String value = v instanceof Integer ? v.toString() : Double.toString(v.doubleValue());
            parts.add(p.keyword() || skipped ? p.name() + "=" + value : value);
        }
        return parts.isEmpty() ? l.type() : l.type() + "(" + String.join(",", parts) + ")";
    }

    static String join(List<Layer> layers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < layers.size(); i++) {
            b.append(i == 0 ? "" : ",").append(format(layers.get(i)));
        }
        return b.toString();
    }

    static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("model spec '" + spec + "': " + why);
    }
}
