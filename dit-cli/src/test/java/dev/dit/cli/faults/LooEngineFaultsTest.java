package dev.dit.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dit.cli.DitCommand;
import dev.dit.influence.io.PartialRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dit loo --engine}: dit.jar has no Spark, so asking it for the Spark engine, or for Spark's
 * flags without it, is a usage error that says where the engine is, and leaves nothing on disk.
 * (The Spark engine's own faults are tested in the dit-spark module.)
 */
class LooEngineFaultsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void tinyRun() {
        run = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", "blobs:n=120,d=4", "--model", "logreg", "--n-train", "40", "--n-val", "20",
                "--n-test", "20", "--epochs", "2", "--batch", "16", "--lr", "0.1", "-q", "--out", run.toString());
        assertEquals(0, r.exit(), r.all());
    }

    record Case(String name, List<String> flags, List<String> named) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("spark engine asked of dit.jar", List.of("--engine", "spark", "--master", "local[2]"),
                        List.of("--engine 'spark'", "no Spark engine", "./dit", "spark-submit")),
                new Case("unknown engine", List.of("--engine", "mapreduce"), List.of("--engine 'mapreduce'", "local or spark")),
                new Case("--master without the Spark engine", List.of("--master", "local[2]"),
                        List.of("--master 'local[2]'", "only with --engine spark")),
                new Case("--partitions without the Spark engine", List.of("--partitions", "4"),
                        List.of("--partitions '4'", "only with --engine spark")),
                new Case("zero partitions", List.of("--engine", "spark", "--partitions", "0"),
                        List.of("--partitions", "'0'", "at least 1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void usageErrorNamesTheFlagAndWritesNothing(Case c) throws IOException {
        Path out = tmp.resolve("loo-" + System.nanoTime() + ".csv");
        List<String> args = new ArrayList<>(List.of("loo", "--run", run.toString(), "--definition", "local",
                "--samples", "3", "--out", out.toString()));
        args.addAll(c.flags());
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(DitCommand.EXIT_USAGE, r.exit(), r.all());
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("dit: kernels=")).toList();
        assertEquals(1, lines.size(), r.all());
        assertTrue(lines.get(0).startsWith("dit: error: "), r.all());
        for (String s : c.named()) {
            assertTrue(lines.get(0).contains(s), "'" + s + "' missing in: " + lines.get(0));
        }
        assertFalse(Files.exists(out), "no output");
        assertFalse(Files.exists(PartialRows.partialOf(out)), "no partial file");
        try (Stream<Path> left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(out.getFileName().toString())),
                    "no temporary or lock file left beside " + out);
        }
    }
}
