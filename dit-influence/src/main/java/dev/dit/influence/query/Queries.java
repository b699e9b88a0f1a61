package dev.dit.influence.query;

import dev.dit.models.Evaluator;
import dev.dit.models.data.Dataset;
import java.util.Arrays;

/**
 * Parses query specs against a run's validation and test splits:
 * <ul>
 *   <li>{@code val-loss} — mean loss over the validation split (no regulariser);</li>
 *   <li>{@code test-loss:K} — loss of test point K;</li>
 *   <li>{@code logit:K[:C]} — logit of class C for test point K (default C: its label). For a binary
 *       model with one logit z, class 1's logit is z and class 0's is −z;</li>
 *   <li>{@code prob:K[:C]} — predicted probability of class C (default: its label).</li>
 * </ul>
 */
public final class Queries {
    private Queries() {
    }

    /**
     * The query for {@code spec}.
     *
     * @param spec {@code val-loss}, {@code test-loss:K}, {@code logit:K[:CLASS]} or {@code prob:K[:CLASS]}
     * @param val the validation split (for {@code val-loss})
     * @param test the test split (for the queries on test point K)
     * @return the query
     * @throws IllegalArgumentException for an unknown spec or a test point out of range
     */
    public static Query parse(String spec, Dataset val, Dataset test) {
        String s = spec.trim();
        String[] parts = s.split(":", -1);
        switch (parts[0]) {
            case "val-loss":
                if (parts.length != 1) {
                    throw bad(spec, "val-loss takes no argument");
                }
                if (val == null || val.size() == 0) {
                    throw bad(spec, "the run has no validation split");
                }
                return new MeanLoss("val-loss", val);
            case "test-loss":
                return new PointLoss(s, test, point(spec, parts, test, 2));
            case "logit":
            case "prob": {
                int k = point(spec, parts, test, 3);
                int c = parts.length == 3 ? integer(spec, parts[2], "class") : test.label(k);
                if (c < 0 || c >= test.numClasses()) {
                    throw bad(spec, "class " + c + " outside [0, " + test.numClasses() + ")");
                }
                return new PointOutput(s, test, k, c, parts[0].equals("prob"));
            }
            default:
                throw bad(spec, "unknown query '" + parts[0] + "'");
        }
    }

    private static int point(String spec, String[] parts, Dataset test, int maxParts) {
        if (parts.length < 2 || parts.length > maxParts) {
            throw bad(spec, "expected " + parts[0] + ":K" + (maxParts == 3 ? "[:CLASS]" : ""));
        }
        if (test == null || test.size() == 0) {
            throw bad(spec, "the run has no test split");
        }
        int k = integer(spec, parts[1], "test point");
        if (k < 0 || k >= test.size()) {
            throw bad(spec, "test point " + k + " outside [0, " + test.size() + ")");
        }
        return k;
    }

    private static int integer(String spec, String s, String what) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw bad(spec, what + " '" + s + "' is not an integer");
        }
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("query '" + spec + "': " + why
                + " (accepted: val-loss, test-loss:K, logit:K[:CLASS], prob:K[:CLASS])");
    }

    /** Mean loss over a dataset. */
    static final class MeanLoss implements Query {
        private final String id;
        private final Dataset data;

        MeanLoss(String id, Dataset data) {
            this.id = id;
            this.data = data;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public double value(double[] theta, Evaluator ev) {
            return ev.meanLoss(theta, data);
        }

        @Override
        public void gradient(double[] theta, Evaluator ev, double[] grad) {
            ev.meanLossGradient(theta, data, grad);
        }
    }

    /** Loss of one test point. */
    static final class PointLoss implements Query {
        private final String id;
        private final Dataset data;
        private final int[] idx;
        private final double[] one = {1.0};

        PointLoss(String id, Dataset data, int k) {
            this.id = id;
            this.data = data;
            this.idx = new int[] {k};
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public double value(double[] theta, Evaluator ev) {
            double[] out = new double[1];
            ev.losses(theta, data, idx, 0, 1, out);
            return out[0];
        }

        @Override
        public void gradient(double[] theta, Evaluator ev, double[] grad) {
            ev.gradient(theta, data, idx, 0, 1, one, grad);
        }
    }

    /** A logit or predicted probability of one test point. */
    static final class PointOutput implements Query {
        private final String id;
        private final Dataset data;
        private final int[] idx;
        private final int cls;
        private final boolean prob;

        PointOutput(String id, Dataset data, int k, int cls, boolean prob) {
            this.id = id;
            this.data = data;
            this.idx = new int[] {k};
            this.cls = cls;
            this.prob = prob;
        }

        @Override
        public String id() {
            return id;
        }

        private double[] logits(double[] theta, Evaluator ev) {
            double[] z = new double[ev.model().outputs()];
            ev.logits(theta, data, idx, 0, 1, z);
            return z;
        }

        @Override
        public double value(double[] theta, Evaluator ev) {
            double[] z = logits(theta, ev);
            if (z.length == 1) {
                double zc = cls == 1 ? z[0] : -z[0];
                return prob ? 1.0 / (1.0 + Math.exp(-zc)) : zc;
            }
            if (!prob) {
                return z[cls];
            }
            return softmax(z)[cls];
        }

        @Override
        public void gradient(double[] theta, Evaluator ev, double[] grad) {
            double[] z = logits(theta, ev);
            double[] seed = new double[z.length];
            if (z.length == 1) {
                double sign = cls == 1 ? 1.0 : -1.0;
                double s = 1.0 / (1.0 + Math.exp(-sign * z[0]));
                seed[0] = prob ? sign * s * (1 - s) : sign;
            } else if (!prob) {
                seed[cls] = 1.0;
            } else {
                double[] p = softmax(z);
                for (int c = 0; c < z.length; c++) {
                    seed[c] = p[cls] * ((c == cls ? 1.0 : 0.0) - p[c]);
                }
            }
            ev.logitGradient(theta, data, idx, 0, 1, seed, grad);
        }

        private static double[] softmax(double[] z) {
            double max = Arrays.stream(z).max().orElse(0);
            double[] p = new double[z.length];
            double s = 0;
            for (int c = 0; c < z.length; c++) {
                p[c] = Math.exp(z[c] - max);
                s += p[c];
            }
            for (int c = 0; c < z.length; c++) {
                p[c] /= s;
            }
            return p;
        }
    }
}
