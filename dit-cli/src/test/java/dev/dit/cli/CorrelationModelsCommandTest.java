package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dit experiment correlation} on layer-list models: {@code --model} repeated, {@code --models A;B}. */
class CorrelationModelsCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter();

    private int dit(String... args) {
        return InProcessDit.run(new StringWriter(), err, args);
    }

    private int correlation(Path out, String... models) {
        String[] base = {"experiment", "correlation", "--data", "blobs:n=120,d=4,seed=3", "--n-train", "24", "--n-val", "12",
            "--n-test", "12", "--epochs", "2", "--batch", "8", "--lr", "0.2", "--windows", "full", "--loo-samples", "6",
            "--bootstrap", "20", "--threads", "1", "--quiet", "--out", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + models.length);
        System.arraycopy(models, 0, args, base.length, models.length);
        return dit(args);
    }

    @Test
    void layerListsAreGivenWithRepeatedModelOrSemicolons() throws IOException {
        String gelu = "flatten,layernorm,dense(6),gelu,dense";
        Path a = tmp.resolve("a");
        assertEquals(0, correlation(a, "--model", gelu, "--model", "logreg"), err.toString());
        String training = Files.readString(a.resolve("training.csv"));
        assertTrue(training.contains("\"" + gelu + "\",1,"), training);
        assertTrue(training.contains("logreg,1,"), training);
        assertTrue(Files.exists(a.resolve("trust_flatten-layernorm-dense-6-gelu-dense_s1.csv")));
        assertTrue(Files.readString(a.resolve("config.json")).contains("\"" + gelu + "\""));

        Path b = tmp.resolve("b");
        assertEquals(0, correlation(b, "--models", gelu + ";logreg"), err.toString());
        assertEquals(Files.readString(a.resolve("agreement.csv")), Files.readString(b.resolve("agreement.csv")),
                "the same two models either way");

        Path c = tmp.resolve("c");
        assertEquals(2, correlation(c, "--models", gelu));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("dit: error: --models '" + gelu + "': 'flatten' is not logreg, mlp:…, cnn:… or @FILE;"
                + " separate the models with ';' when one is a layer list"), e);
        assertEquals(2, correlation(c, "--models", "logreg", "--model", gelu));
        assertTrue(err.toString().contains("--model '" + gelu + "': give the models with --models or with --model, not both"),
                err.toString());
        assertEquals(2, correlation(c, "--model", "flatten,dense(4),relu"));
        assertTrue(err.toString().contains("the last layer must be a bare dense"), err.toString());
        assertFalse(Files.exists(c), "nothing written for a refused list");
    }
}
