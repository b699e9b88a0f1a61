package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dit.cli.faults.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dit train --model} with a layer list, a JSON layer list and malformed lists. */
class LayerModelCommandTest {
    @TempDir
    Path tmp;

    private Cli.Result train(Path out, String model) {
        List<String> a = new ArrayList<>(List.of("train", "--data", "blobs:n=120,d=4", "--model", model, "--n-train", "60",
                "--n-val", "20", "--n-test", "20", "--epochs", "2", "--batch", "16", "--lr", "0.2", "--out", out.toString(), "-q"));
        return Cli.run(a.toArray(new String[0]));
    }

    @Test
    void aJsonLayerListTrainsAsItsTextAndTheManifestRecordsTheCanonicalText() throws IOException {
        Path json = tmp.resolve("model.json");
        Files.writeString(json, "[{\"type\": \"dense\", \"units\": 6}, {\"type\": \"leaky_relu\", \"slope\": 0.1},"
                + " {\"type\": \"residual\", \"body\": [{\"type\": \"dense\", \"units\": 6}, {\"type\": \"gelu\"}]},"
                + " {\"type\": \"layernorm\"}, {\"type\": \"dense\"}]");
        Cli.Result fromJson = train(tmp.resolve("json"), "@" + json);
        assertEquals(0, fromJson.exit(), fromJson.all());
        String text = "dense(6),leaky_relu(0.1),residual(dense(6),gelu),layernorm,dense";
        Cli.Result fromText = train(tmp.resolve("text"), text);
        assertEquals(0, fromText.exit(), fromText.all());
        JsonNode manifest = new ObjectMapper().readTree(tmp.resolve("json/run.json").toFile());
        assertEquals(text, manifest.at("/model/spec").asText(), manifest.toString());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("text/trajectory.dit")), Files.readAllBytes(tmp.resolve("json/trajectory.dit")));
        // the run directory reopens: influence runs on it
        Cli.Result infl = Cli.run("influence", "--run", tmp.resolve("json").toString(), "--out",
                tmp.resolve("infl.csv").toString(), "--definition", "local", "-q");
        assertEquals(0, infl.exit(), infl.all());
    }

    @Test
    void badLayerListsAreUsageErrorsOfOneLineNamingTheLayer() {
        for (String[] c : new String[][] {
                {"flatten,batchnorm,dense", "layer 2 batchnorm is not supported"},
                {"dense(4),relu", "the last layer must be a bare dense"},
                {"conv(4,3),dense", "layer 1 conv(4,3) needs image input"},
                {"dense(8),residual(dense(4)),dense", "layer 2 residual: its body maps [8] to [4]"}}) {
            Cli.Result r = train(tmp.resolve("bad"), c[0]);
            assertEquals(2, r.exit(), r.all());
            assertEquals(1, r.errLines().size(), r.all());
            assertTrue(r.err().contains(c[1]), r.all());
            assertTrue(!Files.exists(tmp.resolve("bad/run.json")), r.all());
        }
    }
}
