package dev.dit.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.analysis.Patterns;
import dev.dit.influence.estimate.Definition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentPatternsTest {
    @TempDir
    Path dir;

    @Test
    void writesSharesPerSampleClassesAndFigures() throws Exception {
        PatternsExperiment.run(new PatternsExperiment.Settings(ReportAssert.tiny(), "logreg", 1, 0.0, Definition.LOCAL,
                new Patterns.Options(0.5, 0.1, true), 5), dir, Feedback.SILENT);
        ReportAssert.config(dir, Map.of("experiment", "patterns", "definition", "local", "fluctuation_threshold", 0.5,
                "alpha", 0.1, "magnitude", true, "top", 5));
        List<CSVRecord> shares = ReportAssert.csv(dir.resolve("pattern_shares.csv"), "pattern", "name", "count", "share");
        assertEquals(List.of("stable", "early", "late", "fluctuating"), shares.stream().map(r -> r.get("pattern")).toList());
        int total = 0;
        double share = 0;
        for (CSVRecord r : shares) {
            total += Integer.parseInt(r.get("count"));
            share += ReportAssert.finite(r, "share");
        }
        assertEquals(40, total);
        assertEquals(1.0, share, 1e-9);
        List<CSVRecord> per = ReportAssert.csv(dir.resolve("patterns.csv"), "sample", "label", "corrupted", "pattern", "slope",
                "p_value", "sign_changes", "change_fraction");
        assertEquals(40, per.size());
        for (CSVRecord r : per) {
            assertTrue(Set.of("stable", "early", "late", "fluctuating").contains(r.get("pattern")));
            double p = ReportAssert.finite(r, "p_value");
            assertTrue(p >= 0 && p <= 1);
            int changes = Integer.parseInt(r.get("sign_changes"));
            assertTrue(changes >= 0 && changes <= 3);
            // the rule: at least half of the 3 pairs changing sign means fluctuating
            assertEquals(changes >= 2, r.get("pattern").equals("fluctuating"), r.toString());
        }
        assertTrue(ReportAssert.files(dir).containsAll(List.of("pattern_shares.png", "top_samples_over_epochs.png",
                "pattern_mean_z.png", "heatmap_patterns_samples_epochs.png")));
        ReportAssert.wellFormed(dir);
    }

    @Test
    void representativesComeFromEveryPatternStrongestFirst() {
        double[][] v = {{-5, -3, -1, 1, 3, 5}, {-1, -0.5, 0, 0.5, 1, 1.5}, {5, 3, 1, -1, -3, -5}, {4, -4, 4, -4, 4, -4},
            {1, 1, 1, 1, 1, 1}, {-1, -1, -1, -1, -1, -1}};
        Patterns.Result r = Patterns.classify(v, Patterns.Options.DEFAULT);
        int[] chosen = PatternStudy.representatives(v, r, 5);
        assertEquals(5, chosen.length);
        assertEquals(5, java.util.Arrays.stream(chosen).distinct().count());
        // one per pattern in the first round: stable (4 before 5: ties by index), early 2, late 0 (stronger than 1), fluctuating 3
        assertEquals(List.of(4, 2, 0, 3), java.util.Arrays.stream(chosen).limit(4).boxed().toList());
    }
}
