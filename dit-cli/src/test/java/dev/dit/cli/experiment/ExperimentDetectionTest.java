package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.estimate.Definition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentDetectionTest {
    @TempDir
    Path dir;

    @Test
    void ranksRetrainsAndDrawsCurvesPerRate() throws Exception {
        List<String> summary = DetectionExperiment.run(new DetectionExperiment.Settings(ReportAssert.tiny(), "logreg", 1,
                List.of(0.1, 0.2), 2, List.of(Definition.GLOBAL), true), dir, Feedback.SILENT);
        ReportAssert.config(dir, Map.of("experiment", "detection", "windows", "full,first,middle,last,last:2", "last_k", 2,
                "retrain", true));
        List<CSVRecord> rows = ReportAssert.csv(dir.resolve("detection.csv"), "rate", "flipped", "ranking", "method",
                "definition", "window", "k", "precision_at_k", "recall_at_k", "roc_auc", "test_accuracy_after_removal");
        // per rate: 5 DIT-G windows + the baselines
        assertEquals(2 * (5 + Baselines.registry(0).size()), rows.size());
        for (CSVRecord r : rows) {
            int k = Integer.parseInt(r.get("k"));
            assertEquals(r.get("rate").equals("0.1") ? 4 : 8, k, r.toString());
            double p = ReportAssert.finite(r, "precision_at_k");
            assertEquals(p, ReportAssert.finite(r, "recall_at_k"), 1e-12); // k = number flipped
            double auc = ReportAssert.finite(r, "roc_auc");
            assertTrue(auc >= 0 && auc <= 1);
            double acc = ReportAssert.finite(r, "test_accuracy_after_removal");
            assertTrue(acc >= 0 && acc <= 1);
        }
        List<String> expected = new java.util.ArrayList<>(List.of("DIT-G full", "DIT-G first", "DIT-G middle", "DIT-G last",
                "DIT-G last2"));
        Baselines.registry(0).keySet().forEach(b -> expected.add(b + " (full)"));
        assertEquals(expected, rows.subList(0, expected.size()).stream().map(r -> r.get("ranking")).toList());
        List<CSVRecord> retrain = ReportAssert.csv(dir.resolve("retraining.csv"), "rate", "removal", "removed",
                "flipped_removed", "test_accuracy", "change_vs_original");
        int rankings = 5 + Baselines.registry(0).size();
        assertEquals(2 * (2 + rankings), retrain.size()); // per rate: original, random removal, each ranking
        assertEquals("none (original)", retrain.get(0).get("removal"));
        assertEquals(0.0, ReportAssert.finite(retrain.get(0), "change_vs_original"), 0.0);
        // precision at k = flipped_removed / k for each ranking
        assertEquals(Double.parseDouble(rows.get(0).get("precision_at_k")),
                Integer.parseInt(retrain.get(2).get("flipped_removed")) / 4.0, 1e-12);
        // curve points: every k for every ranking
        assertEquals(2 * rankings * 40, ReportAssert.csv(dir.resolve("pr_curves.csv"), "rate", "ranking", "k", "precision",
                "recall").size());
        assertTrue(ReportAssert.files(dir).containsAll(List.of("pr_curves_rate0.1.png", "precision_at_k_rate0.2.png")));
        ReportAssert.wellFormed(dir);
        assertTrue(summary.get(0).startsWith("rate 0.10 (k=4) precision@k: DIT-G full "), summary.get(0));
    }
}
