package dev.dit.influence.rundir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dit.influence.Run;
import dev.dit.influence.query.Queries;
import dev.dit.influence.query.Query;
import dev.dit.models.Evaluator;

/**
 * What the influence queries compute, in the export's terms, so that a query can be evaluated
 * from the export alone: the formulas of every kind, and one query resolved on a run (test point,
 * class, sign and value at θ_T).
 */
final class QueryDescription {
    private QueryDescription() {
    }

    /** The formulas of the query kinds, in the export's array names. */
    static ObjectNode formulas() {
        ObjectNode q = Json.object();
        q.put("val-loss", "mean over i of loss(val_x[i], val_y[i]; theta)");
        q.put("test-loss:K", "loss(test_x[K], test_y[K]; theta)");
        q.put("logit:K[:C]", "z_C(test_x[K]) with C = test_y[K] when omitted; a binary model has one logit z"
                + " and gives z for C = 1, -z for C = 0");
        q.put("prob:K[:C]", "softmax(z(test_x[K]))[C] with C = test_y[K] when omitted; a binary model gives"
                + " sigmoid(z) for C = 1, sigmoid(-z) for C = 0");
        return q;
    }

    /**
     * Resolves {@code spec} on {@code run}.
     *
     * @throws IllegalArgumentException for a query the run cannot answer
     */
    static ObjectNode resolve(Run run, String spec) {
        Query query = Queries.parse(spec, run.val(), run.test());
        ObjectNode o = Json.object();
        o.put("spec", query.id());
        String[] parts = query.id().split(":", -1);
        o.put("kind", parts[0]);
        if (parts.length > 1) {
            int k = Integer.parseInt(parts[1].trim());
            o.put("testIndex", k);
            if (parts[0].equals("logit") || parts[0].equals("prob")) {
                boolean given = parts.length == 3;
                int c = given ? Integer.parseInt(parts[2].trim()) : run.test().label(k);
                o.put("class", c);
                o.put("classFrom", given ? "the query" : "test_y[" + k + "], the test point's label");
                if (run.model().binary()) {
                    o.put("sign", c == 1 ? 1 : -1);
                    o.put("formula", (parts[0].equals("prob") ? "sigmoid(" : "") + (c == 1 ? "" : "-") + "z(test_x[" + k
                            + "])[0]" + (parts[0].equals("prob") ? ")" : ""));
                } else {
                    o.put("formula", parts[0].equals("prob") ? "softmax(z(test_x[" + k + "]))[" + c + "]"
                            : "z(test_x[" + k + "])[" + c + "]");
                }
            } else {
                o.put("formula", "loss(test_x[" + k + "], test_y[" + k + "]; theta)");
            }
        } else {
            o.put("formula", "mean over i of loss(val_x[i], val_y[i]; theta)");
        }
        o.put("valueAtFinalTheta", query.value(run.trajectory().finalTheta(), new Evaluator(run.model())));
        return o;
    }
}
