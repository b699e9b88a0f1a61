package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.io.InfluenceCsv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentStagesTest {
    @TempDir
    Path dir;

    @Test
    void writesStageCorrelationsAndHeatmaps() throws Exception {
        List<String> summary = StagesExperiment.run(new StagesExperiment.Settings(ReportAssert.tiny(), "mlp:4:tanh", 1, 0.1),
                dir, Feedback.SILENT);
        ReportAssert.config(dir, Map.of("experiment", "stages", "model", "mlp:4:tanh", "stage_windows",
                "epochs:1-1,epochs:2-3,epochs:4-4", "corrupt_fraction", 0.1));
        List<CSVRecord> rows = ReportAssert.csv(dir.resolve("stage_correlation.csv"), "definition", "window_a", "window_b",
                "pearson", "spearman", "kendall");
        assertEquals(6, rows.size()); // 2 definitions x 3 pairs
        for (CSVRecord r : rows) {
            for (String c : new String[] {"pearson", "spearman", "kendall"}) {
                double v = ReportAssert.finite(r, c);
                assertTrue(v >= -1 && v <= 1, c + " " + v);
            }
        }
        assertTrue(rows.get(1).get("window_a").startsWith("early") && rows.get(1).get("window_b").startsWith("late"));
        // 4 epochs: 6 pairs per definition
        assertEquals(6, ReportAssert.csv(dir.resolve("epoch_correlation_global.csv"), "definition", "window_a", "window_b",
                "pearson", "spearman", "kendall").size());
        InfluenceCsv.Table g = InfluenceCsv.read(dir.resolve("influence_dit_epochs_global.csv"));
        assertEquals(40, g.matrix().rows());
        assertEquals(4, g.matrix().windows().size());
        // G telescopes: the three stage windows sum to the sum of the four epochs
        InfluenceCsv.Table st = InfluenceCsv.read(dir.resolve("influence_dit_stages_global.csv"));
        for (int j = 0; j < 40; j++) {
            double epochs = 0;
            double stages = 0;
            for (int w = 0; w < 4; w++) {
                epochs += g.matrix().get(j, w);
            }
            for (int w = 0; w < 3; w++) {
                stages += st.matrix().get(j, w);
            }
            assertEquals(epochs, stages, 1e-9 * Math.max(1, Math.abs(epochs)));
        }
        List<String> files = ReportAssert.files(dir);
        assertTrue(files.containsAll(List.of("scatter_early_vs_late_global.png", "heatmap_epoch_correlation_local.png",
                "heatmap_samples_epochs_global.png")), files.toString());
        ReportAssert.wellFormed(dir);
        assertTrue(summary.get(1).startsWith("early vs late, DIT-G: pearson "), summary.toString());
    }
}
