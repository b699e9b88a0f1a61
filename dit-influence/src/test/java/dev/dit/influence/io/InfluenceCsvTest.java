package dev.dit.influence.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.estimate.Definition;
import dev.dit.influence.estimate.InfluenceMatrix;
import dev.dit.influence.window.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfluenceCsvTest {
    @TempDir
    Path tmp;

    Path write(String name, String fingerprint, Window w) {
        InfluenceMatrix m = new InfluenceMatrix("dit", Definition.GLOBAL, "val-loss", List.of(w), new int[] {0, 2},
                new double[][] {{0.5}, {-1e-300}});
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("train_fingerprint", fingerprint);
        extra.put("steps", "10");
        extra.put("train_samples", "3");
        Path p = tmp.resolve(name);
        InfluenceCsv.write(p, m, new int[] {1, 0, 1}, new boolean[] {false, false, true}, extra);
        return p;
    }

    @Test
    void valuesReadBackExactly() {
        InfluenceCsv.Table t = InfluenceCsv.read(write("a.csv", "abc", new Window("full", 0, 10)));
        assertEquals(-1e-300, t.matrix().get(1, 0));
        assertEquals(1, t.labels()[2]);
        assertTrue(t.corrupted()[2]);
    }

    @Test
    void filesOfDifferentRunsOrWindowsAreNotComparable() {
        Path a = write("a.csv", "abc", new Window("full", 0, 10));
        Path b = write("b.csv", "abd", new Window("full", 0, 10));
        Path c = write("c.csv", "abc", new Window("full", 0, 9));
        InfluenceCsv.requireComparable(a, InfluenceCsv.read(a), a, InfluenceCsv.read(a));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InfluenceCsv.requireComparable(a, InfluenceCsv.read(a), b, InfluenceCsv.read(b)));
        assertEquals(a + " and " + b + " cannot be compared: train_fingerprint is 'abc' in " + a + " but 'abd' in " + b
                + " (they come from different training runs)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> InfluenceCsv.requireComparable(a, InfluenceCsv.read(a), c, InfluenceCsv.read(c)));
        assertTrue(e.getMessage().contains("windows is 'full[0,10)' in " + a + " but 'full[0,9)' in " + c), e.getMessage());
    }

    @Test
    void aSampleBeyondTheRecordedTrainingSetIsRefused() throws IOException {
        Path a = write("a.csv", "abc", new Window("full", 0, 10));
        Files.writeString(a, Files.readString(a).replace("\n2,1,1,", "\n3,1,1,"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InfluenceCsv.read(a));
        assertTrue(e.getMessage().startsWith(a + ": line 12: sample 3 is outside 0..2"), e.getMessage());
    }

    @Test
    void aMissingColumnLineIsRefusedNamingTheLine() throws IOException {
        Path a = write("a.csv", "abc", new Window("full", 0, 10));
        Files.writeString(a, Files.readString(a).replace("sample,label,corrupted,full\n", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InfluenceCsv.read(a));
        assertTrue(e.getMessage().startsWith(a + ": line 10: expected the column line"), e.getMessage());
    }

    @Test
    void verdictsRoundTripAndOlderFilesStillLoad() throws IOException {
        List<Window> ws = List.of(new Window("e1", 0, 5), new Window("10:20", 5, 10));
        InfluenceMatrix m = new InfluenceMatrix("dit", Definition.LOCAL, "val-loss", ws, new int[] {0, 1},
                new double[][] {{0.5, 1}, {-2, 3}});
        List<dev.dit.influence.diagnose.Verdict> vs = List.of(
                new dev.dit.influence.diagnose.Verdict(ws.get(0), dev.dit.influence.diagnose.Verdict.Level.RELIABLE,
                        List.of("spot check r = 0.97 [0.94, 1.00] on 16 samples")),
                new dev.dit.influence.diagnose.Verdict(ws.get(1), dev.dit.influence.diagnose.Verdict.Level.UNRELIABLE,
                        List.of("spot check r = 0.44 [0.10, 0.70] on 16 samples < 0.800", "η·λ_max up to 4.70 > 2 (steps 5–9)")));
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("train_samples", "2");
        extra.putAll(InfluenceCsv.verdictHeader(vs));
        Path p = tmp.resolve("v.csv");
        InfluenceCsv.write(p, m, new int[] {0, 1}, new boolean[2], extra);
        InfluenceCsv.Table t = InfluenceCsv.read(p);
        assertEquals(vs, t.verdicts());
        assertEquals(3, t.matrix().get(1, 1));
        // a file of an older version has no verdict lines: it loads, with no verdicts
        Path old = tmp.resolve("old.csv");
        Files.writeString(old, Files.readString(p).replaceAll("(?m)^# verdict.*\n", ""));
        assertEquals(List.of(), InfluenceCsv.read(old).verdicts());
        assertEquals(-2, InfluenceCsv.read(old).matrix().get(1, 0));
        Path broken = tmp.resolve("broken.csv");
        Files.writeString(broken, Files.readString(p).replace("# verdicts: reliable unreliable", "# verdicts: reliable fine"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InfluenceCsv.read(broken));
        assertTrue(e.getMessage().startsWith(broken + ": header line '# verdicts:': 'fine'"), e.getMessage());
    }
}
