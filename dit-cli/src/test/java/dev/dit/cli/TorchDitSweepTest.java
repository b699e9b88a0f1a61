package dev.dit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An outsider's check of the estimator itself: {@code src/test/python/torch_dit_sweep.py} recomputes
 * DIT influence in PyTorch from a {@code dit export} alone: the model from the manifest's layer
 * fields, θ_t and the optimizer state from its files, S_t, η_t, α; one training step written as a
 * torch function of the state and of per-sample weights with torch.optim's update rules, and
 * differentiated in reverse mode (the exact HVPs are PyTorch's double backward), following
 * method.md §2–4 and §8 rather than dit's code. It compares every score of dit's influence file, per window, within 1e-9 of the window's largest
 * score. A residual layer list with GELU and LayerNorm, a three-class GELU/LayerNorm MLP and the CNN
 * alias; SGD, momentum, Nesterov, Adam and AdamW; both definitions, epoch windows and {@code full}.
 * Skipped, with the reason logged, where torch is not installed.
 */
class TorchDitSweepTest {
    private static final String RESNET =
            "conv(3,3,pad=1),residual(conv(3,3,pad=1),gelu,conv(3,3,pad=1)),relu,globalavgpool,layernorm,dense";

    @TempDir
    Path tmp;

    private static void dit(String... args) {
        InProcessDit.ok(args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        RESNET + "|fashion-mnist-mini:pullover,coat|local|sgd",
        RESNET + "|fashion-mnist-mini:pullover,coat|global|sgd",
        "flatten,layernorm,dense(8),gelu,dense|blobs:n=100,d=6,k=3,seed=4|local|sgd",
        "cnn:3,4|fashion-mnist-mini:pullover,coat|global|sgd",
        RESNET + "|fashion-mnist-mini:pullover,coat|local|momentum:0.9",
        RESNET + "|fashion-mnist-mini:pullover,coat|global|nesterov:0.9",
        RESNET + "|fashion-mnist-mini:pullover,coat|local|adam:0.9,0.99,1e-6",
        RESNET + "|fashion-mnist-mini:pullover,coat|global|adam:0.9,0.99,1e-6",
        "flatten,layernorm,dense(8),gelu,dense|blobs:n=100,d=6,k=3,seed=4|global|adamw:0.9,0.999,1e-8,0.1",
    })
    void pytorchRecomputesDitsInfluenceFromTheExport(String model, String data, String definition, String optimizer)
            throws Exception {
        Python.require("torch");
        Path run = tmp.resolve("run");
        dit("train", "--data", data, "--model", model, "--n-train", "40", "--n-val", "12", "--n-test", "12", "--epochs",
                "3", "--batch", "8", "--lr", optimizer.startsWith("adam") ? "0.01" : "0.05", "--l2", "0.01", "--optimizer",
                optimizer, "--checkpoint-every", "4", "--out", run.toString(), "--quiet");
        Path csv = tmp.resolve("influence.csv");
        dit("influence", "--run", run.toString(), "--windows", "epochs,full", "--definition", definition, "--out",
                csv.toString(), "--quiet");
        Path npy = tmp.resolve("npy");
        dit("export", "--run", run.toString(), "--out", npy.toString(), "--quiet");
        Python.Result r = Python.run(Python.SCRIPTS.resolve("torch_dit_sweep.py"), npy, csv);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("ok window full [0,15) " + definition), r.output());
        System.out.println("torch DIT sweep of " + model + ", " + optimizer + ", " + definition + ": "
                + r.output().lines().reduce((a, b) -> b).orElse("")); // the figure the README quotes
    }
}
