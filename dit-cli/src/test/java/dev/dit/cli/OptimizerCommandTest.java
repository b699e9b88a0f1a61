package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.cli.faults.Cli;
import dev.dit.influence.io.InfluenceCsv;
import dev.dit.influence.rundir.LoadedRun;
import dev.dit.influence.rundir.RunDirectory;
import dev.dit.models.train.OptimizerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --optimizer} in {@code dit train}, the influence commands on such a run, and the experiments' records. */
class OptimizerCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainWithAdamThenInfluenceAndLoo() throws Exception {
        Path run = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", "blobs:n=120,d=4,k=2,sep=1.5", "--model", "mlp:5:tanh", "--n-train",
                "40", "--n-val", "20", "--n-test", "10", "--epochs", "3", "--batch", "8", "--lr", "0.01", "--seed", "2",
                "--checkpoint-every", "2", "--optimizer", "adam:0.9,0.99", "--out", run.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("15 steps of adam:0.9,0.99,1.0E-8"), r.all());
        String manifest = Files.readString(run.resolve("run.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"optimizer\" : \"adam:0.9,0.99,1.0E-8\""), manifest);
        try (LoadedRun loaded = RunDirectory.read(run)) {
            assertEquals(OptimizerSpec.parse("adam:0.9,0.99"), loaded.run().trajectory().optimizer());
        }
        Path npy = tmp.resolve("npy");
        assertEquals(0, Cli.run("export", "--run", run.toString(), "--out", npy.toString(), "--quiet").exit());
        String exported = Files.readString(npy.resolve("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(exported.contains("\"optimizer\" : \"adam:0.9,0.99,1.0E-8\""), exported);
        Path est = tmp.resolve("dit.csv");
        Path truth = tmp.resolve("loo.csv");
        assertEquals(0, Cli.run("influence", "--run", run.toString(), "--windows", "full", "--definition", "global",
                "--quiet", "--out", est.toString()).exit());
        assertEquals(0, Cli.run("loo", "--run", run.toString(), "--windows", "full", "--definition", "global",
                "--samples", "40", "--quiet", "--out", truth.toString()).exit());
        double[] e = InfluenceCsv.read(est).matrix().column(0);
        double[] t = InfluenceCsv.read(truth).matrix().column(0);
        double r2 = dev.dit.influence.metrics.Correlation.pearson(e, t);
        assertTrue(r2 > 0.9, "DIT vs LOO on the Adam run through the CLI: pearson " + r2);
    }

    @Test
    void theExperimentRecordsAndReportsTheOptimizer() throws Exception {
        Path out = tmp.resolve("corr");
        Cli.Result r = Cli.run("experiment", "correlation", "--data", "blobs:n=120,d=4", "--n-train", "40", "--n-val",
                "20", "--n-test", "20", "--epochs", "2", "--batch", "8", "--lr", "0.01", "--models", "logreg",
                "--windows", "full", "--loo-samples", "8", "--bootstrap", "20", "--optimizer", "nesterov:0.8",
                "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.all());
        String config = Files.readString(out.resolve("config.json"), StandardCharsets.UTF_8);
        assertTrue(config.contains("\"optimizer\" : \"nesterov:0.8\""), config);
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("2 epochs of nesterov:0.8"), "the report names the optimizer");
    }

    @Test
    void theDemoSaysWhichOptimizerRan() throws Exception {
        Path out = tmp.resolve("demo");
        Cli.Result r = Cli.run("demo", "--quick", "--optimizer", "momentum:0.9", "--lr", "0.01", "--quiet", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.all());
        String config = Files.readString(out.resolve("config.json"), StandardCharsets.UTF_8);
        assertTrue(config.contains("\"optimizer\" : \"momentum:0.9\""), config);
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("epochs of momentum:0.9"), "the demo report names the optimizer");
    }
}
