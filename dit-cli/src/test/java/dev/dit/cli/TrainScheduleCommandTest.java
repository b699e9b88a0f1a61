package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dit.cli.faults.Cli;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.models.train.LearningRate;
import dev.dit.models.trajectory.TrajectoryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dit train --lr-decay S} for every kind of schedule: run.json and the trajectory header
 * record the canonical spec, the trajectory's η_t are the schedule's (written out here
 * independently, to 1e-15), the same arguments give the same bytes, and {@code dit influence} reads
 * the run.
 */
class TrainScheduleCommandTest {
    /** 30 samples in batches of 8 over 3 epochs: 4 steps per epoch (the last batch holds 6), T = 12. */
    private static final int T = 12;

    @TempDir
    Path tmp;

    private static Cli.Result train(Path out, String decay) {
        return Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "mlp:4", "--n-train", "30", "--n-val", "20",
                "--n-test", "20", "--epochs", "3", "--batch", "8", "--lr", "0.2", "--lr-decay", decay,
                "--checkpoint-every", "5", "--quiet", "--out", out.toString());
    }

    /** η_t of each spec for this run, from PyTorch's closed forms. */
    private static double expected(String spec, int t) {
        int epoch = t / 4;
        double cosine = 0.2 * (1 + Math.cos(Math.PI * t / T)) / 2;
        return switch (spec) {
            case "constant" -> 0.2;
            case "sqrt" -> 0.2 / Math.sqrt(t + 1);
            case "step:2,0.5" -> 0.2 * Math.pow(0.5, epoch / 2);
            case "cosine" -> cosine;
            case "warmup:5" -> Math.min(1, (t + 1) / 5.0) * 0.2;
            case "WarmUp:4,Cosine" -> Math.min(1, (t + 1) / 4.0) * cosine;
            case "warmup:6,step:1,0.1" -> Math.min(1, (t + 1) / 6.0) * 0.2 * Math.pow(0.1, epoch);
            case "warmup:12,sqrt" -> (t + 1) / 12.0 * 0.2 / Math.sqrt(t + 1);
            default -> throw new AssertionError(spec);
        };
    }

    @ParameterizedTest(name = "--lr-decay {0}")
    @CsvSource(delimiter = '|', value = {
        "constant|constant",
        "sqrt|sqrt",
        "step:2,0.5|step:2,0.5",
        "cosine|cosine",
        "warmup:5|warmup:5,constant",
        "WarmUp:4,Cosine|warmup:4,cosine",
        "warmup:6,step:1,0.1|warmup:6,step:1,0.1",
        "warmup:12,sqrt|warmup:12,sqrt"
    })
    void theRunRecordsTheScheduleAndItsRatesStepByStep(String spec, String id) throws IOException {
        Path run = tmp.resolve("run");
        Cli.Result r = train(run, spec);
        assertEquals(0, r.exit(), r.all());

        JsonNode training = new ObjectMapper().readTree(run.resolve("run.json").toFile()).get("training");
        assertEquals(id, training.get("lrDecay").asText());
        assertEquals("[0,4,8,12]", training.get("epochBoundaries").toString());
        try (TrajectoryReader tr = TrajectoryReader.open(run.resolve(RunDirectory.TRAJECTORY))) {
            assertEquals(LearningRate.parse(id), tr.header().hyperparameters().lrSchedule());
            assertEquals(T, tr.numSteps());
            for (int t = 0; t < T; t++) {
                double want = expected(spec, t);
                assertEquals(want, tr.learningRate(t), 1e-15 * want, spec + " η_" + t);
            }
        }
        try (LoadedRun loaded = RunDirectory.read(run)) {
            assertEquals(LearningRate.parse(spec), loaded.info().config().schedule());
            assertArrayEquals(LearningRate.parse(spec).rates(0.2, new int[] {0, 4, 8, 12}),
                    loaded.run().trajectory().learningRates(), 0.0);
        }

        Path again = tmp.resolve("again");
        assertEquals(0, train(again, spec).exit());
        assertEquals(hashes(run), hashes(again), "the same arguments give the same bytes");

        Path csv = tmp.resolve("influence.csv");
        Cli.Result inf = Cli.run("influence", "--run", run.toString(), "--definition", "global", "--quiet",
                "--out", csv.toString());
        assertEquals(0, inf.exit(), inf.all());
        assertTrue(Files.readAllLines(csv).size() > 30, "one row per training sample");
    }

    private static Map<String, Integer> hashes(Path dir) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), java.util.Arrays.hashCode(Files.readAllBytes(f)));
            }
        }
        return out;
    }
}
