package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.influence.diagnose.Verdict;
import dev.dit.influence.io.InfluenceCsv;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dit influence --validate/--json} and {@code dit agree}'s scale warning. */
class TrustCommandTest {
    @TempDir
    static Path dir;
    static Path run;

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        assertEquals(0, InfluenceLooAgreeCommandTest.dit("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "logreg",
                "--n-train", "40", "--n-val", "20", "--n-test", "10", "--epochs", "3", "--batch", "8", "--lr", "0.1",
                "--seed", "2", "--quiet", "--out", run.toString()));
    }

    @Test
    void validateWritesCompleteFiniteVerdictsToTheCsvAndJson() throws Exception {
        Path csv = dir.resolve("dit-L.csv");
        Path json = dir.resolve("trust-L.json");
        assertEquals(0, InfluenceLooAgreeCommandTest.dit("influence", "--run", run.toString(), "--windows", "epochs,full",
                "--definition", "local", "--validate", "6", "--threads", "2", "--quiet", "--out", csv.toString(),
                "--json", json.toString()));
        InfluenceCsv.Table t = InfluenceCsv.read(csv);
        List<Verdict> vs = t.verdicts();
        assertEquals(4, vs.size());
        assertEquals("k=6 seed=0", t.header().get("validate"));
        JsonNode j = Json.MAPPER.readTree(json.toFile());
        assertEquals(TrustOutput.FORMAT, j.get("format").asText());
        assertEquals(4, j.get("windows").size());
        for (int w = 0; w < 4; w++) {
            JsonNode win = j.get("windows").get(w);
            assertEquals(vs.get(w).level().id(), win.get("verdict").asText());
            assertEquals(vs.get(w).reasons().size(), win.get("reasons").size());
            JsonNode s = win.get("spot_check");
            assertEquals(6, s.get("n").asInt());
            for (String f : List.of("pearson", "pearson_ci_low", "pearson_ci_high", "secant_pearson", "secant_gap", "scale_ratio")) {
                assertTrue(s.get(f).isNumber() && Double.isFinite(s.get(f).asDouble()), f + " in " + s);
            }
            for (String f : List.of("samples", "estimate", "loo", "secant")) {
                assertEquals(6, s.get(f).size(), f);
            }
        }
        // a stable logreg run: every window passes its spot check
        vs.forEach(v -> assertEquals(Verdict.Level.RELIABLE, v.level(), v.toString()));
    }

    @Test
    void withoutValidateTheVerdictSaysNotChecked() throws Exception {
        Path csv = dir.resolve("plain.csv");
        assertEquals(0, InfluenceLooAgreeCommandTest.dit("influence", "--run", run.toString(), "--windows", "full",
                "--definition", "global", "--quiet", "--out", csv.toString()));
        Verdict v = InfluenceCsv.read(csv).verdicts().get(0);
        assertEquals(Verdict.Level.DOUBTFUL, v.level());
        assertTrue(v.reasons().get(0).startsWith("not checked"), v.reasons().toString());
        StringWriter err = new StringWriter();
        assertNotEquals(0, InfluenceLooAgreeCommandTest.dit(err, "influence", "--run", run.toString(), "--definition", "global",
                "--validate", "2", "--out", dir.resolve("x.csv").toString()));
        assertTrue(err.toString().startsWith("dit: error: --validate '2': a spot check needs at least 3"), err.toString());
    }

    @Test
    void agreeWarnsOnScaleMismatchOnlyWhenThereIsOne() throws Exception {
        Path est = dir.resolve("est.csv");
        Path truth = dir.resolve("loo.csv");
        assertEquals(0, InfluenceLooAgreeCommandTest.dit("influence", "--run", run.toString(), "--windows", "epochs",
                "--definition", "local", "--quiet", "--out", est.toString()));
        assertEquals(0, InfluenceLooAgreeCommandTest.dit("loo", "--run", run.toString(), "--windows", "epochs",
                "--definition", "local", "--samples", "16", "--threads", "2", "--quiet", "--out", truth.toString()));
        InfluenceCsv.Table e = InfluenceCsv.read(est);
        InfluenceCsv.Table t = InfluenceCsv.read(truth);
        assertEquals(List.of(), AgreeCommand.scaleWarnings(e, t), "DIT and LOO of a stable logreg agree in scale");
        // the same estimate, every value times 1e4 (as DIT on raw, unscaled features was): a warning per window
        Path big = dir.resolve("big.csv");
        StringBuilder b = new StringBuilder();
        for (String line : Files.readAllLines(est)) {
            if (line.startsWith("#") || line.startsWith("sample")) {
                b.append(line).append('\n');
                continue;
            }
            String[] f = line.split(",");
            b.append(f[0]).append(',').append(f[1]).append(',').append(f[2]);
            for (int c = 3; c < f.length; c++) {
                b.append(',').append(Double.parseDouble(f[c]) * 1e4);
            }
            b.append('\n');
        }
        Files.writeString(big, b);
        List<String> w = AgreeCommand.scaleWarnings(InfluenceCsv.read(big), t);
        assertEquals(3, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("window epoch1: the estimate and the truth differ in scale by orders of magnitude "
                + "(median |estimate| / median |truth| = "), w.get(0));
        assertTrue(w.get(0).contains("outside [0.100, 10.0]"), w.get(0));
    }

    @Test
    void theCurvatureFiguresOfDitDiagnoseJoinTheVerdicts() throws Exception {
        Path own = dir.resolve("run-diagnosed");
        assertEquals(0, InfluenceLooAgreeCommandTest.dit("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "logreg",
                "--n-train", "40", "--n-val", "20", "--n-test", "10", "--epochs", "3", "--batch", "8", "--lr", "0.1",
                "--seed", "2", "--quiet", "--out", own.toString()));
        assertEquals(0, InfluenceLooAgreeCommandTest.dit("diagnose", "--run", own.toString(), "--windows", "full,epochs",
                "--every", "1", "--quiet"));
        Path csv = dir.resolve("diagnosed.csv");
        assertEquals(0, InfluenceLooAgreeCommandTest.dit("influence", "--run", own.toString(), "--windows", "full,epochs",
                "--definition", "local", "--validate", "5", "--threads", "1", "--quiet", "--out", csv.toString()));
        InfluenceCsv.Table t = InfluenceCsv.read(csv);
        assertEquals("diagnostics.json", t.header().get("curvature"));
        for (Verdict v : t.verdicts()) {
            String why = String.join("; ", v.reasons());
            assertTrue(why.startsWith("spot check r = ") && why.contains("; window gain ") && why.contains("examined steps"), why);
        }
    }
}
