package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dit.cli.faults.Cli;
import dev.dit.influence.diagnose.Curvature;
import dev.dit.influence.diagnose.CurvatureCsv;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dit train --monitor[=K]}: the run itself is byte for byte the one trained without it, the
 * curvature file is complete, finite and listed in run.json, its figures are those of
 * {@code dit diagnose} at the same steps, and an unstable run is warned about.
 */
class TrainMonitorCommandTest {
    @TempDir
    Path tmp;

    /** 30 samples in batches of 8 over 3 epochs: 4 steps per epoch, T = 12. */
    private static Cli.Result train(Path out, String lr, String optimizer, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", "blobs:n=120,d=4", "--model",
                "mlp:4:tanh", "--n-train", "30", "--n-val", "20", "--n-test", "20", "--epochs", "3", "--batch", "8",
                "--lr", lr, "--lr-decay", "constant", "--optimizer", optimizer, "--checkpoint-every", "5", "--quiet",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(new String[0]));
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void theRunIsByteIdenticalAndTheCurvatureFileCompleteAndListed() throws IOException {
        for (String opt : new String[] {"sgd", "adam"}) {
            Path plain = tmp.resolve("plain-" + opt);
            Path monitored = tmp.resolve("monitored-" + opt);
            assertEquals(0, train(plain, "0.2", opt).exit());
            Cli.Result r = train(monitored, "0.2", opt, "--monitor=5");
            assertEquals(0, r.exit(), r.all());
            assertFalse(Files.exists(plain.resolve(CurvatureCsv.FILE)), "no monitor, no file");
            List<String> withFile = files(monitored);
            withFile.remove(CurvatureCsv.FILE);
            assertEquals(files(plain), withFile);
            for (String f : files(plain)) {
                if (!f.equals("run.json")) {
                    assertArrayEquals(Files.readAllBytes(plain.resolve(f)), Files.readAllBytes(monitored.resolve(f)), f);
                }
            }
            JsonNode manifest = Json.MAPPER.readTree(monitored.resolve("run.json").toFile());
            assertTrue(manifest.toString().contains("\"" + CurvatureCsv.FILE + "\""), "listed in run.json");
            assertFalse(Json.MAPPER.readTree(plain.resolve("run.json").toFile()).toString().contains(CurvatureCsv.FILE));

            List<Curvature.Point> pts = CurvatureCsv.read(monitored.resolve(CurvatureCsv.FILE));
            // K = 5 ≥ 4 steps per epoch: step 0 and the last steps of every ⌈5/4⌉ = 2nd epoch and of the
            // last: 7 and 11
            assertArrayEquals(new int[] {0, 7, 11}, pts.stream().mapToInt(Curvature.Point::step).toArray());
            for (Curvature.Point p : pts) {
                assertTrue(Double.isFinite(p.etaLambdaMax()) && p.eigenvalues()[0] > 0, p.toString());
                assertEquals(0.2 * p.eigenvalues()[0], p.etaLambdaMax(), 1e-12 * p.etaLambdaMax());
                assertEquals(opt.equals("sgd") ? 2.0 : 38.0, p.limit(), 1e-12);
            }
            // The figures are those dit diagnose computes from the recorded run at the same steps
            // (same seeds, same Lanczos settings), bit for bit.
            try (LoadedRun run = RunDirectory.open(monitored)) {
                List<Curvature.Point> offline = Curvature.along(run.run(),
                        dev.dit.influence.diagnose.CurvatureMonitor.options(5), dev.dit.influence.estimate.Progress.NONE);
                for (Curvature.Point p : pts) {
                    Curvature.Point o = offline.stream().filter(q -> q.step() == p.step()).findFirst().orElseThrow();
                    assertEquals(o.etaLambdaMax(), p.etaLambdaMax(), 0.0, "step " + p.step());
                    assertEquals(o.limit(), p.limit(), 0.0);
                }
            }
        }
    }

    @Test
    void belowTheEpochLengthEveryKthStepAndEveryEpochEndAreExamined() throws IOException {
        Path run = tmp.resolve("k3");
        assertEquals(0, train(run, "0.2", "sgd", "--monitor", "3").exit());
        List<Curvature.Point> pts = CurvatureCsv.read(run.resolve(CurvatureCsv.FILE));
        assertArrayEquals(new int[] {0, 3, 6, 7, 9, 11}, pts.stream().mapToInt(Curvature.Point::step).toArray());
        assertArrayEquals(new int[] {1, 1, 2, 2, 3, 3}, pts.stream().mapToInt(Curvature.Point::epoch).toArray());
    }

    @Test
    void aDamagedCurvatureFileIsCaughtByTheManifestChecks() throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, train(run, "0.2", "sgd", "--monitor").exit());
        Files.writeString(run.resolve(CurvatureCsv.FILE), Files.readString(run.resolve(CurvatureCsv.FILE)) + "0,1,1,1,1,2,1,true\n");
        Cli.Result r = Cli.run("influence", "--run", run.toString(), "--definition", "local", "--quiet", "--out", tmp.resolve("i.csv").toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains(CurvatureCsv.FILE), r.err());
    }

    @Test
    void anUnstableRunIsWarnedAboutEvenWhenQuiet() {
        Cli.Result stable = train(tmp.resolve("stable"), "0.2", "sgd", "--monitor");
        assertEquals(0, stable.exit(), stable.all());
        assertFalse(stable.err().contains("stability limit"), stable.err());
        // logreg at lr 60: eta*lambda_max > 2 from the first step (as in DiagnoseCommandTest)
        Cli.Result unstable = Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "logreg",
                "--n-train", "30", "--n-val", "20", "--n-test", "10", "--epochs", "3", "--batch", "10", "--lr", "60",
                "--lr-decay", "constant", "--seed", "1", "--quiet", "--monitor", "1", "--out",
                tmp.resolve("unstable").toString());
        assertEquals(0, unstable.exit(), unstable.all());
        assertTrue(unstable.err().contains("dit: warning: eta*lambda_max exceeded the optimizer's stability limit 2 at "),
                unstable.err());
    }

    @Test
    void aZeroIntervalIsAUsageError() {
        Cli.Result r = train(tmp.resolve("bad"), "0.2", "sgd", "--monitor=0");
        assertEquals(DitCommand.EXIT_USAGE, r.exit(), r.all());
        assertTrue(r.err().contains("--monitor"), r.err());
        assertFalse(Files.exists(tmp.resolve("bad").resolve("run.json")));
    }
}
