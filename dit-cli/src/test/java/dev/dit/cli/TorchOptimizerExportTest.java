package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimizer part of {@code dit export} read by PyTorch alone: {@code src/test/python/step_export_optim.py}
 * builds the {@code torch.optim} optimizer from the manifest's {@code optimizer} object, loads
 * θ_t and the state files' row t into it, and one {@code opt.step()} lands on row t + 1 of θ and of
 * the state (AdamW with dit's l2 added to the loss, as the manifest says). Skipped, with the reason
 * logged, where torch is not installed.
 */
class TorchOptimizerExportTest {
    @TempDir
    Path tmp;

    private static void dit(String... args) {
        InProcessDit.ok(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum:0.9", "nesterov:0.9", "adam:0.9,0.99,1e-6", "adamw:0.9,0.999,1e-8,0.1"})
    void torchStepsFromTheExportedStateLandOnTheNextRow(String optimizer) throws Exception {
        Python.require("torch");
        Path run = tmp.resolve("run");
        dit("train", "--data", "moons:n=80,seed=2", "--model", "mlp:5,4:tanh", "--n-train", "40", "--n-val", "10",
                "--n-test", "10", "--epochs", "2", "--batch", "8", "--lr", optimizer.startsWith("adam") ? "0.01" : "0.05",
                "--l2", "0.01", "--checkpoint-every", "3", "--optimizer", optimizer, "--out", run.toString(), "--quiet");
        dit("export", "--run", run.toString(), "--out", tmp.resolve("npy").toString(), "--quiet");
        Python.Result r = Python.run(Python.SCRIPTS.resolve("step_export_optim.py"), tmp.resolve("npy"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains(" step 9: theta error"), r.output());
        assertTrue(r.output().contains(optimizer.startsWith("adam") ? "step 9: exp_avg_sq error" : "step 9: momentum_buffer"
                + " error"), r.output());
        System.getLogger(TorchOptimizerExportTest.class.getName()).log(System.Logger.Level.INFO, optimizer + ": "
                + r.output().lines().reduce((a, b) -> b).orElse(""));
    }
}
