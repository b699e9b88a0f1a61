package dev.dit.models.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The learning-rate schedule η_t, a value parsed from a spec such as {@code sqrt}, {@code step:10,0.5},
 * {@code cosine} or {@code warmup:100,cosine} and written back by {@link #id()}.
 *
 * <p>η_t is the rate of optimizer step t = 0 … T−1 of a run of T steps in E epochs; epoch e(t) is
 * the data pass that step t belongs to. With η the base rate:
 * <ul>
 *   <li>{@code constant}: η_t = η.</li>
 *   <li>{@code sqrt}: η_t = η / √(t + 1).</li>
 *   <li>{@code step:E,γ}: η_t = η · γ^⌊e(t) / E⌋, PyTorch's {@code StepLR(step_size=E, gamma=γ)}
 *       stepped once per epoch (its closed form).</li>
 *   <li>{@code cosine}: η_t = η · (1 + cos(π t / T)) / 2, PyTorch's {@code CosineAnnealingLR(T_max=T,
 *       eta_min=0)} stepped once per optimizer step (its closed form): it decays smoothly over the
 *       whole run, and even the last step (t = T−1) still moves.</li>
 *   <li>{@code warmup:K,S}: η_t = min(1, (t + 1) / K) · η^S_t, η^S_t the rate of schedule S at the
 *       same step: a linear ramp over the first K <em>optimizer steps</em> (not epochs) that reaches
 *       S's rate at step K−1, S running on the run's own clock. In PyTorch:
 *       {@code LinearLR(start_factor=1/K, end_factor=1, total_iters=K-1)} chained with S.
 *       {@code warmup:K} alone means {@code warmup:K,constant}.</li>
 * </ul>
 * The stored η_t of a trajectory are what the estimators use; the schedule records how they came about.
 */
public sealed interface LearningRate {
    /** η_t = η. */
    LearningRate CONSTANT = new Constant();
    /** η_t = η / √(t + 1). */
    LearningRate SQRT = new Sqrt();

    /** The specs {@link #parse} accepts, for messages. */
    String FORMS = "constant, sqrt, step:E,GAMMA, cosine, or warmup:K[,SCHEDULE]";

    /**
     * η_t for base rate {@code eta0} at step {@code t}.
     *
     * @param eta0 the base rate η
     * @param t the global step, 0 … steps−1
     * @param epoch the epoch step t belongs to, from 0
     * @param steps the run's step count T
     * @return η_t
     */
    double at(double eta0, int t, int epoch, int steps);

    /**
     * The spec in canonical form, as written to {@code run.json} and the trajectory header;
     * {@link #parse} and {@link #fromId} read it back to an equal schedule.
     *
     * @return e.g. {@code "sqrt"} or {@code "warmup:100,step:10,0.5"}
     */
    @JsonValue
    String id();

    /**
     * Checks that the schedule fits a run of {@code steps} steps: a warm-up may be at most as long as the run.
     *
     * @param steps the run's step count T
     * @throws IllegalArgumentException if it does not fit
     */
    default void checkFits(int steps) {
    }

    /**
     * η_t for every step of a run.
     *
     * @param eta0 the base rate η
     * @param epochBoundaries E + 1 step numbers {@code 0 = b_0 < b_1 < … < b_E = T}; epoch e holds steps
     *        b_e … b_{e+1}−1
     * @return T rates
     * @throws IllegalArgumentException if the schedule does not fit the run ({@link #checkFits})
     */
    default double[] rates(double eta0, int[] epochBoundaries) {
        int steps = epochBoundaries[epochBoundaries.length - 1];
        checkFits(steps);
        double[] lrs = new double[steps];
        int epoch = 0;
        for (int t = 0; t < steps; t++) {
            while (t >= epochBoundaries[epoch + 1]) {
                epoch++;
            }
            lrs[t] = at(eta0, t, epoch, steps);
        }
        return lrs;
    }

    /**
     * Parses a spec: {@code constant} (or {@code none}), {@code sqrt}, {@code step:E,GAMMA} (E ≥ 1 epochs,
     * 0 &lt; GAMMA ≤ 1), {@code cosine}, or {@code warmup:K} (K ≥ 1 steps) optionally followed by
     * {@code ,} and one of the others. Case and surrounding blanks are ignored.
     *
     * @param spec the spec
     * @return the schedule
     * @throws IllegalArgumentException naming what is wrong with the spec
     */
    static LearningRate parse(String spec) {
        return SpecParser.parse(spec);
    }

    /**
     * Strict inverse of {@link #id()}, as used when reading files: the spec must be in canonical form
     * (so {@code "constant"} or {@code "sqrt"} for every run made before the other schedules existed).
     *
     * @param id the spec as written in a file
     * @return the schedule
     * @throws IllegalArgumentException if {@code id} is not a canonical spec
     */
    @JsonCreator
    static LearningRate fromId(String id) {
        LearningRate r;
        try {
            r = parse(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + id + "' (expected " + FORMS + ")", e);
        }
        if (!r.id().equals(id)) {
            throw new IllegalArgumentException("learning-rate schedule '" + id + "' is not in canonical form (expected '"
                    + r.id() + "')");
        }
        return r;
    }

    /** η_t = η. */
    record Constant() implements LearningRate {
        @Override
        public double at(double eta0, int t, int epoch, int steps) {
            return eta0;
        }

        @Override
        public String toString() {
            return id();
        }

        @Override
        public String id() {
            return "constant";
        }
    }

    /** η_t = η / √(t + 1). */
    record Sqrt() implements LearningRate {
        @Override
        public double at(double eta0, int t, int epoch, int steps) {
            return eta0 / Math.sqrt(t + 1.0); // unchanged since the first runs: their files stay byte-identical
        }

        @Override
        public String toString() {
            return id();
        }

        @Override
        public String id() {
            return "sqrt";
        }
    }

    /**
     * η_t = η · γ^⌊e(t) / E⌋: multiplied by γ every E epochs.
     *
     * @param epochs E, at least 1
     * @param gamma γ, in (0, 1]
     */
    record Step(int epochs, double gamma) implements LearningRate {
        /**
         * Checks E and γ.
         *
         * @param epochs E, at least 1
         * @param gamma γ, in (0, 1]
         */
        public Step {
            if (epochs < 1) {
                throw new IllegalArgumentException("step:E,GAMMA needs E >= 1 epochs, got " + epochs);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("step:E,GAMMA needs a factor GAMMA in (0, 1], got " + gamma);
            }
        }

        @Override
        public double at(double eta0, int t, int epoch, int steps) {
            // StepLR's closed form: base_lr * gamma ** (last_epoch // step_size); StrictMath so every JVM agrees.
            return eta0 * StrictMath.pow(gamma, epoch / epochs);
        }

        @Override
        public String toString() {
            return id();
        }

        @Override
        public String id() {
            return "step:" + epochs + "," + gamma;
        }
    }

    /** η_t = η · (1 + cos(π t / T)) / 2: cosine annealing to 0 over the whole run, per step. */
    record Cosine() implements LearningRate {
        @Override
        public double at(double eta0, int t, int epoch, int steps) {
            // CosineAnnealingLR's closed form with eta_min = 0, T_max = T, evaluated in the same order.
            return eta0 * (1 + StrictMath.cos(Math.PI * t / steps)) / 2;
        }

        @Override
        public String toString() {
            return id();
        }

        @Override
        public String id() {
            return "cosine";
        }
    }

    /**
     * A linear warm-up over the first K steps in front of another schedule:
     * η_t = min(1, (t + 1) / K) · η^then_t.
     *
     * @param steps K, at least 1 optimizer step
     * @param then the schedule ramped up to, not itself a warm-up
     */
    record Warmup(int steps, LearningRate then) implements LearningRate {
        /**
         * Checks K and the schedule that follows.
         *
         * @param steps K, at least 1
         * @param then not null and not a warm-up
         */
        public Warmup {
            if (steps < 1) {
                throw new IllegalArgumentException("warmup:K needs K >= 1 steps, got " + steps);
            }
            if (then == null) {
                throw new IllegalArgumentException("warmup:K needs the schedule that follows it");
            }
            if (then instanceof Warmup) {
                throw new IllegalArgumentException("only one warmup:K is allowed, at the start");
            }
        }

        @Override
        public double at(double eta0, int t, int epoch, int runSteps) {
            double rate = then.at(eta0, t, epoch, runSteps);
            return t + 1 < steps ? rate * (t + 1.0) / steps : rate;
        }

        @Override
        public void checkFits(int runSteps) {
            if (steps > runSteps) {
                throw new IllegalArgumentException("the warm-up of " + steps + " steps is longer than the run ("
                        + runSteps + " steps); K counts optimizer steps, not epochs");
            }
        }

        @Override
        public String toString() {
            return id();
        }

        @Override
        public String id() {
            return "warmup:" + steps + "," + then.id();
        }
    }
}

/** Reads the spec grammar of {@link LearningRate#parse}. */
final class SpecParser {
    private SpecParser() {
    }

    static LearningRate parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty learning-rate schedule (expected " + LearningRate.FORMS + ")");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("warmup")) {
            throw new IllegalArgumentException("warmup:K needs a step count K, e.g. warmup:100,cosine");
        }
        if (s.startsWith("warmup:")) {
            String rest = s.substring("warmup:".length());
            int comma = rest.indexOf(',');
            int k = count(comma < 0 ? rest : rest.substring(0, comma), "warmup:K", "K", "steps");
            String after = comma < 0 ? "constant" : rest.substring(comma + 1).trim();
            if (after.isEmpty()) {
                throw new IllegalArgumentException("warmup:K, needs a schedule after the comma, e.g. warmup:" + k + ",cosine");
            }
            LearningRate then = base(after);
            return new LearningRate.Warmup(k, then);
        }
        return base(s);
    }

    private static LearningRate base(String s) {
        if (s.startsWith("warmup")) {
            throw new IllegalArgumentException("only one warmup:K is allowed, at the start");
        }
        if (s.startsWith("step:") || s.equals("step")) {
            String[] parts = s.equals("step") ? new String[0] : s.substring("step:".length()).split(",", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("step:E,GAMMA needs an epoch count E and a factor GAMMA, e.g. step:10,0.5");
            }
            int e = count(parts[0], "step:E,GAMMA", "E", "epochs");
            double gamma;
            try {
                gamma = Double.parseDouble(parts[1].trim());
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("step:E,GAMMA needs a number GAMMA, got '" + parts[1].trim() + "'");
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException("step:E,GAMMA needs a factor GAMMA in (0, 1], got " + parts[1].trim());
            }
            return new LearningRate.Step(e, gamma);
        }
        switch (s) {
            case "constant":
            case "none":
                return LearningRate.CONSTANT;
            case "sqrt":
                return LearningRate.SQRT;
            case "cosine":
                return new LearningRate.Cosine();
            default:
                if (s.startsWith("cosine:") || s.startsWith("sqrt:") || s.startsWith("constant:")) {
                    String name = s.substring(0, s.indexOf(':'));
                    throw new IllegalArgumentException(name + " takes no parameters"
                            + (name.equals("cosine") ? " (it anneals over the whole run)" : ""));
                }
                throw new IllegalArgumentException("unknown learning-rate schedule '" + s + "' (expected "
                        + LearningRate.FORMS + ")");
        }
    }

    private static int count(String text, String form, String name, String unit) {
        String t = text.trim();
        try {
            int v = Integer.parseInt(t);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(form + " needs " + name + " >= 1 " + unit + " (an integer), got '" + t + "'");
    }
}
