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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialRowsTest {
    @TempDir
    Path tmp;

    static final String HEADER = InfluenceCsv.header(new InfluenceMatrix("loo", Definition.LOCAL, "val-loss",
            List.of(new Window("full", 0, 10)), new int[0], new double[0][]), Map.of("run", "r"));

    @Test
    void aTornLastLineIsDroppedEvenWhenItParsesAsANumber() throws IOException {
        Path out = tmp.resolve("x.csv");
        Files.writeString(PartialRows.partialOf(out), HEADER + "0,1,0,0.5\n1,0,0,-0.0");
        Map<Integer, double[]> done = PartialRows.resume(out, HEADER);
        assertEquals(Map.of(0, 0.5), Map.of(0, done.get(0)[0]));
        assertEquals(1, done.size(), "the row '1,0,0,-0.0' had no newline: it is computed again");
    }

    @Test
    void reopeningRewritesTheFileWithoutTheTornLine() throws IOException {
        Path out = tmp.resolve("x.csv");
        Files.writeString(PartialRows.partialOf(out), HEADER + "0,1,0,0.5\n1,0,0,-0.0");
        Map<Integer, double[]> done = PartialRows.resume(out, HEADER);
        try (PartialRows p = PartialRows.open(out, HEADER, done, new int[] {1, 0}, new boolean[2])) {
            p.append(InfluenceCsv.row(1, 0, false, new double[] {-0.00114}));
        }
        assertEquals(HEADER + "0,1,0,0.5\n1,0,0,-0.00114\n", Files.readString(PartialRows.partialOf(out)));
    }

    @Test
    void aHeaderCutShortMeansNothingIsDone() throws IOException {
        Path out = tmp.resolve("x.csv");
        Files.writeString(PartialRows.partialOf(out), HEADER.substring(0, 30));
        assertTrue(PartialRows.resume(out, HEADER).isEmpty());
    }

    @Test
    void otherSettingsAreRefusedNamingTheLine() throws IOException {
        Path out = tmp.resolve("x.csv");
        Files.writeString(PartialRows.partialOf(out), HEADER.replace("definition: local", "definition: global"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PartialRows.resume(out, HEADER));
        assertTrue(e.getMessage().contains("line 3 is '# definition: global' there but '# definition: local'"), e.getMessage());
    }

    @Test
    void openingWritesTheHeaderAndTheDoneRowsInSampleOrder() throws IOException {
        Path out = tmp.resolve("x.csv");
        try (PartialRows p = PartialRows.open(out, HEADER, Map.of(2, new double[] {0.25}, 0, new double[] {-1.5}),
                new int[] {1, 0, 1}, new boolean[] {false, false, true})) {
            p.append(InfluenceCsv.row(1, 0, false, new double[] {3.0}));
        }
        assertEquals(HEADER + "0,1,0,-1.5\n2,1,1,0.25\n1,0,0,3.0\n", Files.readString(PartialRows.partialOf(out)));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("x.csv.partial"), s.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
        }
    }
}
