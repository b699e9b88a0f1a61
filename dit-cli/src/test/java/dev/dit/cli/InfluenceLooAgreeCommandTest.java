package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.influence.io.InfluenceCsv;
import dev.dit.influence.io.PartialRows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InfluenceLooAgreeCommandTest {
    @TempDir
    static Path dir;
    static Path run;

    static int dit(StringWriter err, String... args) {
        CommandLine cl = DitCommand.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    static int dit(String... args) {
        return dit(new StringWriter(), args);
    }

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        assertEquals(0, dit("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "mlp:5:tanh", "--n-train", "40",
                "--n-val", "20", "--n-test", "10", "--epochs", "3", "--batch", "8", "--lr", "0.3", "--corrupt", "0.1",
                "--seed", "2", "--checkpoint-every", "2", "--quiet", "--out", run.toString()));
    }

    @Test
    void influenceThenLooThenAgree() throws Exception {
        Path est = dir.resolve("dit-G.csv");
        Path truth = dir.resolve("loo-G.csv");
        assertEquals(0, dit("influence", "--run", run.toString(), "--windows", "epochs,full", "--definition", "global",
                "--quiet", "--out", est.toString()));
        assertEquals(0, dit("loo", "--run", run.toString(), "--windows", "epochs,full", "--definition", "global",
                "--samples", "12", "--seed", "3", "--threads", "2", "--quiet", "--out", truth.toString()));
        InfluenceCsv.Table e = InfluenceCsv.read(est);
        InfluenceCsv.Table t = InfluenceCsv.read(truth);
        assertEquals(40, e.matrix().rows());
        assertEquals(12, t.matrix().rows());
        assertEquals(4, t.matrix().windows().size());
        assertEquals("global", e.header().get("definition"));
        assertEquals(4, countTrue(e.corrupted()), "10 % of 40 labels were flipped and flagged");
        Path json = dir.resolve("agree.json");
        assertEquals(0, dit("agree", "--estimate", est.toString(), "--truth", truth.toString(), "--json", json.toString()));
        String text = Files.readString(json);
        assertTrue(text.contains("\"pearson\"") && text.contains("\"window\" : \"full\""), text);
        assertFalse(Files.exists(PartialRows.partialOf(truth)), "the partial file is removed when done");

        // a local estimate must not be compared with a global truth
        Path estL = dir.resolve("dit-L.csv");
        assertEquals(0, dit("influence", "--run", run.toString(), "--windows", "epochs,full", "--definition", "local",
                "--quiet", "--out", estL.toString()));
        StringWriter err = new StringWriter();
        assertNotEquals(0, dit(err, "agree", "--estimate", estL.toString(), "--truth", truth.toString()));
        assertTrue(err.toString().contains("definition is 'local' in " + estL) && err.toString().contains(truth.toString()), err.toString());
    }

    @Test
    void looResumesFromAPartialFileWithATornLastLine() throws Exception {
        Path full = dir.resolve("loo-L-full.csv");
        String[] common = {"--run", run.toString(), "--windows", "first,last", "--definition", "local", "--samples", "all",
            "--quiet"};
        assertEquals(0, dit(concat(new String[] {"loo"}, common, new String[] {"--threads", "1", "--out", full.toString()})));
        List<String> lines = Files.readAllLines(full, StandardCharsets.UTF_8);
        // simulate a run killed after 15 rows, in the middle of writing the 16th
        Path resumed = dir.resolve("loo-L-resumed.csv");
        int headerLines = (int) lines.stream().takeWhile(l -> !l.startsWith("sample,")).count() + 1;
        StringBuilder partial = new StringBuilder();
        for (int i = 0; i < headerLines + 15; i++) {
            partial.append(lines.get(i)).append('\n');
        }
        partial.append(lines.get(headerLines + 15), 0, 5);
        Files.writeString(PartialRows.partialOf(resumed), partial.toString(), StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        assertEquals(0, dit(err, concat(new String[] {"loo"}, common, new String[] {"--threads", "2", "--out", resumed.toString()})));
        assertEquals(Files.readString(full), Files.readString(resumed), "resumed result equals the uninterrupted one");
        assertFalse(Files.exists(PartialRows.partialOf(resumed)));
    }

    @Test
    void badInputGivesOneLineErrors() {
        StringWriter err = new StringWriter();
        assertNotEquals(0, dit(err, "influence", "--run", run.toString(), "--windows", "epochs:2-9", "--definition",
                "global", "--out", dir.resolve("x.csv").toString()));
        assertTrue(err.toString().startsWith("dit: error: --windows 'epochs:2-9': epochs 2-9 outside 1-3"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        StringWriter err2 = new StringWriter();
        assertNotEquals(0, dit(err2, "influence", "--run", dir.resolve("nope").toString(), "--definition", "global",
                "--out", dir.resolve("y.csv").toString()));
        assertTrue(err2.toString().contains("nope"), err2.toString());
        StringWriter err3 = new StringWriter();
        assertNotEquals(0, dit(err3, "influence", "--run", run.toString(), "--windows", "first", "--definition",
                "global", "--method", "if", "--out", dir.resolve("z.csv").toString()));
        assertTrue(err3.toString().contains("full"), err3.toString());
    }

    private static int countTrue(boolean[] b) {
        int c = 0;
        for (boolean x : b) {
            c += x ? 1 : 0;
        }
        return c;
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
