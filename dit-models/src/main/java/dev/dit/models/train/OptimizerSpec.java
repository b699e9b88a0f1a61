package dev.dit.models.train;

import java.util.Locale;

/**
 * Which optimizer a run used and its hyper-parameters, with PyTorch's update rules (method.md §8):
 * {@code sgd}, {@code momentum:μ} ({@code torch.optim.SGD(momentum=μ, dampening=0)}),
 * {@code nesterov:μ} (the same with {@code nesterov=True}), {@code adam[:β1,β2,ε]}
 * ({@code torch.optim.Adam}, amsgrad off) and {@code adamw[:β1,β2,ε,wd]} ({@code torch.optim.AdamW}).
 * Omitted Adam values take PyTorch's defaults (0.9, 0.999, 1e-8; AdamW's wd 0.01).
 *
 * <p>The run's L2 coefficient α is added to the gradient for every optimizer (PyTorch's
 * {@code weight_decay} of SGD and Adam); AdamW's {@code wd} is the decoupled decay
 * {@code θ ← θ(1 − η·wd)} applied before the Adam update, in addition to α.
 *
 * @param kind which update rule
 * @param momentum μ for {@code momentum} and {@code nesterov}, else 0
 * @param beta1 β1 of Adam/AdamW, else 0
 * @param beta2 β2 of Adam/AdamW, else 0
 * @param eps ε of Adam/AdamW (added outside the square root), else 0
 * @param weightDecay the decoupled decay wd of AdamW, else 0
 */
public record OptimizerSpec(Kind kind, double momentum, double beta1, double beta2, double eps, double weightDecay) {

    /** The update rules. */
    public enum Kind {
        /** Plain SGD, {@code θ ← θ − η g}. */
        SGD,
        /** Heavy-ball momentum, {@code b ← μ b + g; θ ← θ − η b}. */
        MOMENTUM,
        /** Nesterov momentum, {@code b ← μ b + g; θ ← θ − η (g + μ b)}. */
        NESTEROV,
        /** Adam with bias correction. */
        ADAM,
        /** Adam with decoupled weight decay. */
        ADAMW;

        /** {@return the lower-case name used in specs} */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Plain SGD, the default and the meaning of every run recorded before optimizers existed. */
    public static final OptimizerSpec SGD = new OptimizerSpec(Kind.SGD, 0, 0, 0, 0, 0);

    /** The spec grammar, for messages. */
    public static final String GRAMMAR = "sgd | momentum:MU | nesterov:MU | adam[:B1,B2,EPS] | adamw[:B1,B2,EPS,WD]";

    /**
     * Checks the values of {@code kind}; the fields another kind does not use must be 0.
     *
     * @param kind which update rule
     * @param momentum μ in [0, 1) (positive for nesterov)
     * @param beta1 β1 in [0, 1)
     * @param beta2 β2 in [0, 1)
     * @param eps ε, positive and finite
     * @param weightDecay AdamW's wd, finite and at least 0
     */
    public OptimizerSpec {
        if (kind == null) {
            throw new IllegalArgumentException("optimizer kind must not be null");
        }
        boolean heavy = kind == Kind.MOMENTUM || kind == Kind.NESTEROV;
        boolean adam = kind == Kind.ADAM || kind == Kind.ADAMW;
        if (heavy) {
            require(momentum >= 0 && momentum < 1, (kind == Kind.NESTEROV ? "nesterov " : "")
                    + "momentum must be in [0, 1), got " + momentum);
            require(kind != Kind.NESTEROV || momentum > 0, "nesterov momentum must be > 0, got " + momentum);
        } else {
            require(momentum == 0, kind.id() + " takes no momentum");
        }
        if (adam) {
            require(beta1 >= 0 && beta1 < 1, kind.id() + " beta1 must be in [0, 1), got " + beta1);
            require(beta2 >= 0 && beta2 < 1, kind.id() + " beta2 must be in [0, 1), got " + beta2);
            require(eps > 0 && Double.isFinite(eps), kind.id() + " eps must be a positive number, got " + eps);
        } else {
            require(beta1 == 0 && beta2 == 0 && eps == 0, kind.id() + " takes no betas or eps");
        }
        if (kind == Kind.ADAMW) {
            require(weightDecay >= 0 && Double.isFinite(weightDecay),
                    "adamw weight decay must be a finite number >= 0, got " + weightDecay);
        } else {
            require(weightDecay == 0, kind.id() + " takes no decoupled weight decay");
        }
    }

    /**
     * Parses {@link #GRAMMAR}, e.g. {@code momentum:0.9}, {@code adam}, {@code adamw:0.9,0.999,1e-8,0.01}.
     *
     * @param text the spec
     * @return the optimizer
     * @throws IllegalArgumentException naming what is wrong
     */
    public static OptimizerSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty optimizer (expected " + GRAMMAR + ")");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        String[] args = colon < 0 ? new String[0] : s.substring(colon + 1).split(",", -1);
        switch (name) {
            case "sgd":
                arity(text, args, 0, 0);
                return SGD;
            case "momentum":
            case "nesterov":
                arity(text, args, 1, 1);
                return new OptimizerSpec(name.equals("momentum") ? Kind.MOMENTUM : Kind.NESTEROV,
                        number(text, args[0]), 0, 0, 0, 0);
            case "adam":
                arity(text, args, 0, 3);
                return new OptimizerSpec(Kind.ADAM, 0, arg(text, args, 0, 0.9), arg(text, args, 1, 0.999),
                        arg(text, args, 2, 1e-8), 0);
            case "adamw":
                arity(text, args, 0, 4);
                return new OptimizerSpec(Kind.ADAMW, 0, arg(text, args, 0, 0.9), arg(text, args, 1, 0.999),
                        arg(text, args, 2, 1e-8), arg(text, args, 3, 0.01));
            default:
                throw new IllegalArgumentException("unknown optimizer '" + text + "' (expected " + GRAMMAR + ")");
        }
    }

    /** {@return how many state vectors of length p the optimizer carries besides θ (0, 1 or 2)} */
    public int stateVectors() {
        switch (kind) {
            case SGD:
                return 0;
            case MOMENTUM:
            case NESTEROV:
                return 1;
            default:
                return 2;
        }
    }

    /** {@return the canonical spec, which {@link #parse} reads back to an equal value} */
    @Override
    public String toString() {
        switch (kind) {
            case SGD:
                return "sgd";
            case MOMENTUM:
            case NESTEROV:
                return kind.id() + ":" + num(momentum);
            case ADAM:
                return "adam:" + num(beta1) + "," + num(beta2) + "," + num(eps);
            default:
                return "adamw:" + num(beta1) + "," + num(beta2) + "," + num(eps) + "," + num(weightDecay);
        }
    }

    private static String num(double x) {
        return Double.toString(x);
    }

    private static void arity(String text, String[] args, int min, int max) {
        if (args.length < min || args.length > max) {
            throw new IllegalArgumentException("optimizer '" + text + "' takes " + (min == max ? "" + min
                    : min + " to " + max) + " value" + (max == 1 ? "" : "s") + " (expected " + GRAMMAR + ")");
        }
    }

    private static double arg(String text, String[] args, int i, double dflt) {
        return i < args.length ? number(text, args[i]) : dflt;
    }

    private static double number(String text, String s) {
        try {
            double x = Double.parseDouble(s.trim());
            if (!Double.isFinite(x)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("optimizer '" + text + "': '" + s + "' is not a number");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
