package dev.dit.cli.experiment;

import dev.dit.influence.Run;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.io.InfluenceCsv;
import java.util.Map;

/** Helpers around influence matrices: saving them and reading them as plain arrays. */
final class Influences {
    private Influences() {
    }

    /**
     * Saves {@code m} as {@code NAME.csv} in the output directory (the influence CSV format), with
     * the run's provenance (model, training-set fingerprint, steps) so that {@code dit report}
     * can tell which run the file belongs to.
     */
    static void save(Outputs out, String name, Run run, InfluenceMatrix m, Map<String, String> extra) {
        InfluenceCsv.write(out.file(name + ".csv"), m, run.train().labels(), run.corruptedMask(), provenance(run, extra));
    }

    /** The header lines naming the run (as {@code dit influence} writes them), then {@code extra}. */
    static Map<String, String> provenance(Run run, Map<String, String> extra) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("model", run.model().spec().toString());
        m.put(TRAIN_FINGERPRINT, run.train().fingerprint());
        m.put("steps", Integer.toString(run.trajectory().steps()));
        m.put("train_samples", Integer.toString(run.n()));
        m.putAll(extra);
        return m;
    }

    /** The header key of the training-set fingerprint. */
    static final String TRAIN_FINGERPRINT = "train_fingerprint";

    /** The matrix as {@code values[row][window]}. */
    static double[][] values(InfluenceMatrix m) {
        double[][] v = new double[m.rows()][m.windows().size()];
        for (int r = 0; r < v.length; r++) {
            for (int w = 0; w < v[r].length; w++) {
                v[r][w] = m.get(r, w);
            }
        }
        return v;
    }

    /** Window labels of {@code m}. */
    static String[] labels(InfluenceMatrix m) {
        return m.windows().stream().map(w -> w.label()).toArray(String[]::new);
    }

    /** {@code mask} restricted to {@code samples}. */
    static boolean[] select(boolean[] mask, int[] samples) {
        boolean[] out = new boolean[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = mask[samples[i]];
        }
        return out;
    }

    /** Short letter of a definition: G or L. */
    static String letter(dev.dit.influence.estimate.Definition d) {
        return d == dev.dit.influence.estimate.Definition.GLOBAL ? "G" : "L";
    }
}
