package dev.dit.cli;

import dev.dit.influence.analysis.Stages;
import dev.dit.influence.query.Queries;
import dev.dit.influence.window.Windows;
import dev.dit.models.Model;
import dev.dit.models.ModelSpec;
import dev.dit.models.data.DataSpec;
import dev.dit.models.data.Dataset;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks of flag values that need the data or the training shape (the data spec, the split sizes
 * against the pool, the model against the samples, the query and the windows), done before
 * anything is trained or written, so that a bad value is a usage error naming its flag rather than
 * a failure minutes into a run.
 */
final class Preflight {
    private Preflight() {
    }

    /**
     * Loads the pool of {@code --data}; a malformed spec is a usage error (a missing or damaged
     * file stays a failed run), and so are split sizes the pool cannot hold.
     */
    static Dataset pool(CommandSpec spec, String data, Path dataDir, int nTrain, int nVal, int nTest) {
        Dataset pool = Usage.check(spec, "--data", data, () -> DataSpec.load(data, dataDir));
        long wanted = (long) nTrain + nVal + nTest;
        if (wanted > pool.size()) {
            throw Usage.error(spec, "--data", data, "--n-train " + nTrain + " + --n-val " + nVal + " + --n-test " + nTest
                    + " = " + wanted + " samples, but the data has only " + pool.size());
        }
        return pool;
    }

    /** The model of {@code flag} can be built for the pool's samples (e.g. a CNN not too deep for the images). */
    static void modelFits(CommandSpec spec, String flag, String model, Dataset pool) {
        if (pool.numClasses() < 2) {
            return; // a data problem, reported by training in the data's terms
        }
        ModelSpec parsed = ModelSpec.parse(model);
        try {
            new Model(parsed, pool.sampleShape(), pool.numClasses());
        } catch (IllegalArgumentException e) {
            // "model cnn:4 needs image samples ...": the flag already shows the spec.
            String why = String.valueOf(e.getMessage()).replaceFirst("^model " + Pattern.quote(parsed.toString()) + " ", "");
            throw Usage.error(spec, flag, model, why);
        }
    }

    /** The query parses against validation and test splits of the requested sizes and the pool's classes. */
    static void query(CommandSpec spec, String query, Dataset pool, int nVal, int nTest) {
        Dataset val = pool.subset(IntStream.range(0, nVal).toArray());
        Dataset test = pool.subset(IntStream.range(0, nTest).toArray());
        Usage.check(spec, "--query", query, () -> Queries.parse(query, val, test));
    }

    /** The windows parse against the epoch boundaries that training with these sizes will have. */
    static void windows(CommandSpec spec, String windows, int nTrain, int batch, int epochs) {
        Usage.check(spec, "--windows", windows, () -> Windows.parse(windows, boundaries(nTrain, batch, epochs)));
    }

    /** The early/middle/late thirds need at least 3 epochs. */
    static void thirds(CommandSpec spec, int epochs) {
        Usage.check(spec, "--epochs", epochs, () -> Stages.thirds(epochs));
    }

    /** Epoch e ends at step e·⌈nTrain/batch⌉ (the last batch of an epoch may be smaller). */
    static int[] boundaries(int nTrain, int batch, int epochs) {
        long perEpoch = (nTrain + (long) batch - 1) / batch;
        int[] b = new int[epochs + 1];
        for (int e = 1; e <= epochs; e++) {
            b[e] = (int) Math.min(Integer.MAX_VALUE, e * perEpoch);
        }
        return b;
    }
}
