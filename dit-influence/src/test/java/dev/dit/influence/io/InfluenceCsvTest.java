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
}
