package dev.dit.influence.rundir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.models.train.OptimizerSpec;
import java.util.List;

/**
 * dit's optimizer in PyTorch's terms: the export manifest's {@code optimizer} object (the
 * {@code torch.optim} class with every hyper-parameter under PyTorch's name, and where dit's L2
 * term α goes) and the names of the state files, one per {@code optimizer.state[p]} key. Also reads
 * the object back for {@code dit import}. Plain SGD exports carry no such object.
 */
final class TorchOptimizer {
    private static final String SGD = "torch.optim.SGD";
    private static final String ADAM = "torch.optim.Adam";
    private static final String ADAMW = "torch.optim.AdamW";

    /**
     * What the manifest's object says.
     *
     * @param spec the update rule
     * @param l2   dit's α, the L2 term added to the gradient
     */
    record Read(OptimizerSpec spec, double l2) {
    }

    private TorchOptimizer() {
    }

    /**
     * PyTorch's {@code optimizer.state[p]} keys of the state, in the order of
     * {@link dev.dit.models.train.OptimizerState}'s vectors; each is exported as {@code KEY.npy}.
     */
    static List<String> stateKeys(OptimizerSpec o) {
        return switch (o.kind()) {
            case SGD -> List.of();
            case MOMENTUM, NESTEROV -> List.of("momentum_buffer");
            case ADAM, ADAMW -> List.of("exp_avg", "exp_avg_sq");
        };
    }

    /** The manifest's {@code optimizer} object for a run of {@code o} with L2 coefficient {@code l2}. */
    static ObjectNode describe(OptimizerSpec o, double l2) {
        ObjectNode root = Json.object();
        root.put("name", o.kind().id());
        root.put("spec", o.toString());
        ObjectNode h;
        switch (o.kind()) {
            case MOMENTUM, NESTEROV -> {
                root.put("torch", SGD);
                h = root.putObject("hyperparameters");
                h.put("momentum", o.momentum());
                h.put("dampening", 0.0);
                h.put("nesterov", o.kind() == OptimizerSpec.Kind.NESTEROV);
                h.put("weight_decay", l2);
                h.put("maximize", false);
                root.put("l2", l2);
                root.put("l2Mapping", "dit's l2 is SGD's weight_decay (added to the gradient)");
            }
            case ADAM, ADAMW -> {
                boolean w = o.kind() == OptimizerSpec.Kind.ADAMW;
                root.put("torch", w ? ADAMW : ADAM);
                h = root.putObject("hyperparameters");
                h.putArray("betas").add(o.beta1()).add(o.beta2());
                h.put("eps", o.eps());
                h.put("weight_decay", w ? o.weightDecay() : l2);
                h.put("amsgrad", false);
                h.put("maximize", false);
                root.put("l2", l2);
                root.put("l2Mapping", w ? "AdamW's weight_decay is dit's decoupled wd, theta *= 1 - lr*wd before the"
                        + " step; dit's l2 is added to the gradient besides, which torch.optim.AdamW does not do: with"
                        + " l2 > 0 add l2/2 * |theta|^2 to the batch loss in PyTorch"
                        : "dit's l2 is Adam's weight_decay (added to the gradient)");
            }
            default -> throw new IllegalArgumentException("plain SGD has no optimizer object");
        }
        root.put("lr", "learning_rates.npy: lr[t] of param_groups[0] at step t");
        ObjectNode state = root.putObject("state");
        com.fasterxml.jackson.databind.node.ArrayNode keys = state.putArray("keys");
        com.fasterxml.jackson.databind.node.ArrayNode files = state.putArray("files");
        for (String k : stateKeys(o)) {
            keys.add(k);
            files.add(k + ".npy");
        }
        state.put("rows", "row r of KEY.npy is the state before the step of row r of theta.npy: optimizer.state[p][KEY]"
                + " of every parameter p, flattened and concatenated in model.parameters() order, as theta; zeros"
                + " before the first step, where PyTorch has no state yet");
        if (o.kind() == OptimizerSpec.Kind.ADAM || o.kind() == OptimizerSpec.Kind.ADAMW) {
            state.put("step", "optimizer.state[p]['step'] before step t is t, the row's step");
        }
        return root;
    }

    /**
     * Reads an {@code optimizer} object.
     *
     * @param o the object
     * @return the update rule and dit's α
     * @throws IllegalArgumentException naming the field dit cannot represent
     */
    static Read read(JsonNode o) {
        Read read = readUpdate(o);
        checkDescription(o, read.spec());
        return read;
    }

    /**
     * {@code name} and {@code spec} are derived from {@code torch} and the hyper-parameters; where a
     * manifest has them they must say the same, or the file was edited or written by a recorder
     * with a bug, and no one can tell which field is right.
     */
    private static void checkDescription(JsonNode o, OptimizerSpec update) {
        JsonNode spec = o.get("spec");
        if (spec != null) {
            OptimizerSpec claimed;
            try {
                claimed = OptimizerSpec.parse(spec.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("optimizer.spec " + spec + " is not an optimizer: " + e.getMessage());
            }
            if (!claimed.equals(update)) {
                throw new IllegalArgumentException("optimizer.spec is " + spec + ", but optimizer.torch and"
                        + " optimizer.hyperparameters give \"" + update + "\"");
            }
        }
        JsonNode name = o.get("name");
        if (name != null && !name.asText().equals(update.kind().id())) {
            throw new IllegalArgumentException("optimizer.name is " + name + ", but optimizer.torch and"
                    + " optimizer.hyperparameters give \"" + update.kind().id() + "\"");
        }
    }

    private static Read readUpdate(JsonNode o) {
        String torch = o.path("torch").asText("");
        JsonNode h = o.path("hyperparameters");
        if (!h.isObject()) {
            throw new IllegalArgumentException("optimizer.hyperparameters is missing");
        }
        if (h.path("maximize").asBoolean(false)) {
            throw new IllegalArgumentException("optimizer.hyperparameters.maximize is true; dit minimises the loss");
        }
        switch (torch) {
            case SGD: {
                double mu = number(h, "momentum", 0);
                double dampening = number(h, "dampening", 0);
                if (dampening != 0 && mu != 0) { // without momentum PyTorch ignores dampening
                    throw new IllegalArgumentException("optimizer.hyperparameters.dampening is " + dampening
                            + "; dit's momentum has dampening 0");
                }
                boolean nesterov = h.path("nesterov").asBoolean(false);
                double l2 = number(h, "weight_decay", 0);
                OptimizerSpec spec = mu == 0 && !nesterov ? OptimizerSpec.SGD : new OptimizerSpec(nesterov
                        ? OptimizerSpec.Kind.NESTEROV : OptimizerSpec.Kind.MOMENTUM, mu, 0, 0, 0, 0);
                return new Read(spec, l2);
            }
            case ADAM:
            case ADAMW: {
                if (h.path("amsgrad").asBoolean(false)) {
                    throw new IllegalArgumentException("optimizer.hyperparameters.amsgrad is true; dit's Adam has no"
                            + " amsgrad");
                }
                JsonNode betas = h.path("betas");
                if (!betas.isArray() || betas.size() != 2 || !betas.get(0).isNumber() || !betas.get(1).isNumber()) {
                    throw new IllegalArgumentException("optimizer.hyperparameters.betas must be two numbers, found "
                            + betas);
                }
                double eps = number(h, "eps", 1e-8);
                double decay = number(h, "weight_decay", 0);
                boolean w = torch.equals(ADAMW);
                OptimizerSpec spec = new OptimizerSpec(w ? OptimizerSpec.Kind.ADAMW : OptimizerSpec.Kind.ADAM, 0,
                        betas.get(0).asDouble(), betas.get(1).asDouble(), eps, w ? decay : 0);
                return new Read(spec, w ? number(o, "l2", 0) : decay);
            }
            default:
                throw new IllegalArgumentException("optimizer.torch is \"" + torch + "\"; dit reads " + SGD + ", " + ADAM
                        + " and " + ADAMW);
        }
    }

    private static double number(JsonNode parent, String field, double fallback) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw new IllegalArgumentException("optimizer field '" + field + "' must be a finite number, found " + n);
        }
        return n.asDouble();
    }
}
