package dev.dit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The engine's Spark settings and its split of the samples into tasks (no Spark job needed). */
class SparkSettingsTest {

    @Test
    void withoutMasterTheJobRunsLocallyOnAllCoresWithoutWebUi() {
        String before = System.clearProperty("spark.master");
        try {
            SparkConf c = SparkLooEngine.conf(null);
            assertEquals("local[*]", c.get("spark.master"));
            assertEquals("false", c.get("spark.ui.enabled"));
            assertEquals("false", c.get("spark.ui.showConsoleProgress"));
            assertEquals("local[2]", SparkLooEngine.conf("local[2]").get("spark.master"));
        } finally {
            if (before != null) {
                System.setProperty("spark.master", before);
            }
        }
    }

    @Test
    void underSparkSubmitTheGivenMasterIsUsedAndItsWebUiKept() {
        String before = System.setProperty("spark.master", "spark://head:7077"); // what spark-submit sets
        try {
            SparkConf c = SparkLooEngine.conf(null);
            assertEquals("spark://head:7077", c.get("spark.master"));
            assertFalse(c.contains("spark.ui.enabled"), "the cluster's web UI stays on");
            assertEquals("yarn", SparkLooEngine.conf("yarn").get("spark.master"), "--master wins");
        } finally {
            if (before == null) {
                System.clearProperty("spark.master");
            } else {
                System.setProperty("spark.master", before);
            }
        }
    }

    @Test
    void withoutPartitionsAJobHasSixteenTasksPerCoreAsTheReadmeSays() {
        assertEquals(32, SparkLooEngine.partitions(null, 2), "local[2]");
        assertEquals(1600, SparkLooEngine.partitions(null, 100), "a 100-core cluster");
        assertEquals(6000, SparkLooEngine.partitions(6000, 100), "--partitions wins");
        // 100 samples on local[2]: 32 ranges of 3 or 4 samples, so the last task is short
        assertEquals(32, Chunks.split(IntStream.range(0, 100).toArray(), SparkLooEngine.partitions(null, 2)).size());
    }

    @Test
    void samplesAreSplitIntoContiguousNearlyEqualRangesInOrder() {
        int[] samples = IntStream.range(0, 23).map(i -> 3 * i).toArray();
        for (int parts : new int[] {1, 2, 5, 23, 40}) {
            List<int[]> chunks = Chunks.split(samples, parts);
            assertEquals(Math.min(parts, samples.length), chunks.size());
            int min = chunks.stream().mapToInt(c -> c.length).min().orElseThrow();
            int max = chunks.stream().mapToInt(c -> c.length).max().orElseThrow();
            assertTrue(min >= 1 && max - min <= 1, parts + " parts: sizes " + min + ".." + max);
            assertArrayEquals(samples, chunks.stream().flatMapToInt(IntStream::of).toArray(), "in order, each once");
        }
        assertEquals(List.of(), Chunks.split(new int[0], 4));
    }
}
