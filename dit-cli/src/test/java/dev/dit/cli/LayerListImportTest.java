package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer-list models through {@code dit export} → {@code dit import --model LIST} → {@code dit influence}:
 * the imported run gives the same influence file as the original, and a different layer list is
 * refused naming the first module that differs.
 */
class LayerListImportTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int dit(String... args) {
        return InProcessDit.run(out, err, args);
    }

    private List<String> influence(Path run) throws IOException {
        Path csv = tmp.resolve(run.getFileName() + ".csv");
        assertEquals(0, dit("influence", "--run", run.toString(), "--definition", "global", "--query", "logit:1", "--out",
                csv.toString(), "--quiet"), err.toString());
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("# run: ")).toList();
    }

    @Test
    void exportImportInfluenceGivesIdenticalFilesForLayerLists() throws IOException {
        String[][] cases = {
            {"resnet", "fashion-mnist-mini:pullover,coat",
                "conv(2,3,pad=1),residual(conv(2,3,pad=1),relu,conv(2,3,pad=1)),relu,globalavgpool,dense", "2"},
            {"gelu", "blobs:n=120,d=6,k=3,seed=4", "flatten,layernorm,dense(8),gelu,dense", "1"},
            {"zoo", "fashion-mnist-mini:pullover,coat",
                "conv(2,3,stride=2,pad=1),leaky_relu(0.1),layernorm,avgpool(2),elu(0.5),maxpool(2,1),flatten,dense(4),"
                    + "softplus,dense", "3"},
        };
        for (String[] c : cases) {
            Path run = tmp.resolve(c[0]);
            assertEquals(0, dit("train", "--data", c[1], "--model", c[2], "--n-train", "32", "--n-val", "8", "--n-test", "8",
                    "--epochs", "2", "--batch", "8", "--lr", "0.2", "--checkpoint-every", c[3], "--corrupt", "0.1",
                    "--seed", "3", "--out", run.toString(), "--quiet"), err.toString());
            Path npy = tmp.resolve(c[0] + "-npy");
            assertEquals(0, dit("export", "--run", run.toString(), "--out", npy.toString(), "--quiet"), err.toString());
            Path imported = tmp.resolve(c[0] + "-imported");
            assertEquals(0, dit("import", "--from", npy.toString(), "--model", c[2], "--out", imported.toString()),
                    err.toString());
            assertTrue(out.toString().contains("largest mismatch 0.00"), out.toString());
            assertEquals(influence(run), influence(imported), c[2]);
        }

        Path target = tmp.resolve("refused");
        String other = "conv(2,3,pad=1),residual(conv(2,3,pad=1),gelu,conv(2,3,pad=1)),relu,globalavgpool,dense";
        assertEquals(1, dit("import", "--from", tmp.resolve("resnet-npy").toString(), "--model", other, "--out",
                target.toString()));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("manifest.json: model.layers[1].body[1].type is \"ReLU\", but --model " + other
                + " has \"GELU\" (nn.GELU(approximate='none'))"), e);
        assertFalse(Files.exists(target), "no run directory is left behind");
    }
}
