package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.influence.io.InfluenceCsv;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCorrelationTest {
    @TempDir
    Path dir;

    @Test
    void writesAgreementTablesScattersAndConfig() throws Exception {
        List<String> summary = CorrelationExperiment.run(new CorrelationExperiment.Settings(ReportAssert.tiny(),
                List.of("logreg"), "full,last", List.of(1L, 2L), 0.0, 8, 5), dir, Feedback.SILENT);
        JsonNode c = ReportAssert.config(dir, Map.of("experiment", "correlation", "data", "blobs:n=200,d=5,seed=3",
                "n_train", 40, "epochs", 4, "batch", 10, "lr", 0.2, "decay", "sqrt", "l2", 0.001, "loo_samples", 8,
                "windows", "full,last"));
        assertEquals("[1,2]", c.get("seeds").toString());
        assertEquals("test", c.get("dit_version").asText());
        List<CSVRecord> rows = ReportAssert.csv(dir.resolve("agreement.csv"), "model", "seed", "definition", "method",
                "window", "start", "end", "n", "pearson", "pearson_lo", "pearson_hi", "spearman", "spearman_lo", "spearman_hi",
                "kendall", "kendall_lo", "kendall_hi", "jaccard_top10pct", "jaccard_lo", "jaccard_hi");
        // 2 seeds x 2 definitions x (dit + baselines) x 2 windows
        assertEquals(2 * 2 * (1 + Baselines.registry(0).size()) * 2, rows.size());
        Set<String> methods = new HashSet<>();
        for (CSVRecord r : rows) {
            methods.add(r.get("method"));
            assertEquals("8", r.get("n"));
            if (r.get("method").equals("dit")) {
                double p = ReportAssert.finite(r, "pearson");
                assertTrue(p > 0.9, "DIT on logistic regression should track LOO: " + r);
                ReportAssert.finite(r, "kendall");
            }
        }
        Set<String> expected = new HashSet<>(Baselines.registry(0).keySet());
        expected.add("dit");
        assertEquals(expected, methods);
        // the ground truth saved as an influence CSV: 8 rows, both windows, its definition named
        InfluenceCsv.Table loo = InfluenceCsv.read(dir.resolve("influence_loo_logreg_s1_local.csv"));
        assertEquals(8, loo.matrix().rows());
        assertEquals("local", loo.matrix().definition().id());
        assertEquals(2, loo.matrix().windows().size());
        // a scatter per seed x definition x window
        assertEquals(8, ReportAssert.files(dir).stream().filter(f -> f.startsWith("scatter_")).count());
        ReportAssert.wellFormed(dir);
        assertTrue(summary.get(0).startsWith("logreg seed 1: G-full "), summary.get(0));
        // a trust table per seed, both definitions x windows; a logreg run passes its spot checks
        for (String seed : List.of("1", "2")) {
            var trust = ReportAssert.csv(dir.resolve("trust_logreg_s" + seed + ".csv"), "definition", "window", "verdict",
                    "spot_r", "spot_r_lo", "spot_r_hi", "secant_r", "secant_gap", "scale_ratio", "reasons");
            assertEquals(2 * 2, trust.size());
            trust.forEach(r -> assertEquals("reliable", r.get("verdict"), r.toString()));
        }
    }

    @Test
    void modelListsKeepCommasOfLayerSizes() {
        assertEquals(List.of("logreg", "mlp:16:tanh", "cnn:4,8"), CorrelationExperiment.models("logreg,mlp:16:tanh,cnn:4,8"));
        assertEquals(List.of("mlp:16,8:tanh"), CorrelationExperiment.models("mlp:16,8:tanh"));
        assertThrows(IllegalArgumentException.class, () -> CorrelationExperiment.models("4,logreg"));
        assertThrows(IllegalArgumentException.class, () -> CorrelationExperiment.models("logreg,nonsense"));
    }

    @Test
    void aSemicolonSeparatesModelsThatAreLayerLists() throws Exception {
        String gelu = "flatten,layernorm,dense(16),gelu,dense";
        assertEquals(List.of("logreg", gelu, "cnn:4,8"), CorrelationExperiment.models("logreg; " + gelu + " ;cnn:4,8"));
        assertEquals(List.of("leaky_relu(0.2),dense", "logreg"), CorrelationExperiment.models("leaky_relu(0.2),dense;logreg"));
        Path json = dir.resolve("model.json");
        java.nio.file.Files.writeString(json, "[\"flatten\", {\"type\": \"dense\", \"units\": 16}, \"gelu\", \"dense\"]");
        assertEquals(List.of("logreg", "flatten,dense(16),gelu,dense"), CorrelationExperiment.models("logreg;@" + json));
        assertEquals(List.of("logreg", "flatten,dense(16),gelu,dense"), CorrelationExperiment.models("logreg,@" + json));
        assertEquals(List.of(gelu, "mlp:4"), CorrelationExperiment.models(List.of(gelu, "mlp:4")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorrelationExperiment.models(gelu));
        assertEquals("model list '" + gelu + "': 'flatten' is not logreg, mlp:…, cnn:… or @FILE; separate the models with"
                + " ';' when one is a layer list (e.g. 'logreg;flatten,dense(16),gelu,dense'), or give each with --model",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CorrelationExperiment.models("logreg;;" + gelu));
        assertEquals("empty item in model list 'logreg;;" + gelu + "'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CorrelationExperiment.models("logreg; LOGREG"));
        assertEquals("model logreg is listed twice (as LOGREG)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CorrelationExperiment.models(List.of(gelu, "mlp:4", gelu)));
        assertEquals("model " + gelu + " is listed twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CorrelationExperiment.models("logreg;flatten,dense(4),relu"));
        assertTrue(e.getMessage().contains("the last layer must be a bare dense"), e.getMessage());
    }

    @Test
    void aLongLayerListGetsAShortFileTag() {
        String deep = "conv(4,3,pad=1)," + "residual(conv(4,3,pad=1),relu,conv(4,3,pad=1)),".repeat(8) + "relu,globalavgpool,dense";
        String tag = Outputs.modelTag(deep);
        assertEquals(69, tag.length(), tag);
        assertTrue(tag.startsWith("conv-4-3-pad-1-residual-conv-4-3-pad-1-relu-"), tag);
        assertTrue(!tag.equals(Outputs.modelTag(deep.replace("relu,globalavgpool", "gelu,globalavgpool"))));
        assertEquals("mlp-16-tanh", Outputs.modelTag("mlp:16:tanh"));
    }
}
