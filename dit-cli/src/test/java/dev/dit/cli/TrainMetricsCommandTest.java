package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dit.cli.faults.Cli;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.models.train.TrainMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dit train --train-metrics}: the default logs the batch mean and says so in run.json and on
 * stdout; {@code exact} gives the training log and trajectory pinned before the option existed
 * (OldScheduleBytesTest's sqrt/mlp:6 run, whose files predate it); the trajectory is the same
 * either way.
 */
class TrainMetricsCommandTest {
    /** SHA-256 of OldScheduleBytesTest's "sqrt, mlp:6, K = 2" run, made before --train-metrics existed. */
    private static final String OLD_LOG = "aea522481f9c9aec4fdca92ed29c69fb3a7b3aecf655716369f5f236b3c4b95d";
    private static final String OLD_TRAJECTORY = "90eece514e3118942740cc900772e0935cf1bb01a8d6009a6341e45e4a93fe07";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Cli.Result train(Path out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--data", "blobs:n=120,d=4", "--model", "mlp:6",
                "--n-train", "60", "--n-val", "20", "--n-test", "20", "--epochs", "3", "--batch", "16", "--lr", "0.2",
                "--checkpoint-every", "2", "--out", out.toString()));
        a.addAll(List.of(extra));
        Cli.Result r = Cli.run(a.toArray(String[]::new));
        assertEquals(0, r.exit(), r.all());
        return r;
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void exactGivesTheEarlierBytesAndTheDefaultBatchMeanChangesOnlyTheLog() throws IOException {
        Path exact = tmp.resolve("exact");
        Path mean = tmp.resolve("mean");
        Cli.Result x = train(exact, "--train-metrics", "exact");
        Cli.Result m = train(mean);

        assertEquals(OLD_LOG, sha256(exact.resolve(RunDirectory.TRAINING_LOG)), "exact: the log of earlier versions");
        assertEquals(OLD_TRAJECTORY, sha256(exact.resolve(RunDirectory.TRAJECTORY)));
        assertEquals(OLD_TRAJECTORY, sha256(mean.resolve(RunDirectory.TRAJECTORY)), "the batch mean changes no θ");
        assertNotEquals(OLD_LOG, sha256(mean.resolve(RunDirectory.TRAINING_LOG)));

        JsonNode xt = MAPPER.readTree(exact.resolve(RunDirectory.MANIFEST).toFile()).get("training");
        JsonNode mt = MAPPER.readTree(mean.resolve(RunDirectory.MANIFEST).toFile()).get("training");
        assertFalse(xt.has("trainMetrics"), "an exact run.json is written as before");
        assertEquals("batch-mean", mt.get("trainMetrics").asText());
        try (LoadedRun rx = RunDirectory.read(exact); LoadedRun rm = RunDirectory.read(mean)) {
            assertEquals(TrainMetrics.EXACT, rx.info().config().trainMetrics());
            assertEquals(TrainMetrics.BATCH_MEAN, rm.info().config().trainMetrics());
            for (int e = 0; e < 3; e++) {
                assertEquals(rx.info().log().get(e).valLoss(), rm.info().log().get(e).valLoss(), 0.0);
                assertNotEquals(rx.info().log().get(e).trainLoss(), rm.info().log().get(e).trainLoss());
            }
        }
        assertTrue(m.out().contains("epoch 1/3  step 4  train loss ") && m.out().contains(" (batch mean)  val loss "),
                m.out());
        assertFalse(x.out().contains("batch mean"), x.out());
    }

    @Test
    void helpNamesTheOptionAndItsDefault() {
        Cli.Result r = Cli.run("train", "--help");
        assertEquals(0, r.exit(), r.all());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--train-metrics=batch-mean|exact"), help);
        assertTrue(help.contains("Default: batch-mean"), help);
    }
}
