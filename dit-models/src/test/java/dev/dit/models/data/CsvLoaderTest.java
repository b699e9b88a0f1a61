package dev.dit.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {

    @TempDir
    Path dir;

    private Path csv(String content) throws Exception {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, content);
        return f;
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    @Test
    void stringLabelsBecomeSortedClassesWithNames() throws Exception {
        Path f = csv("x1,species,x2\n1.5,dog,2\n-3,cat,4e1\n0, dog ,\"7\"\n");
        Dataset d = CsvLoader.load(f, "species");
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, d.labels());
        assertArrayEquals(new int[] {2}, d.sampleShape());
        assertArrayEquals(new double[] {1.5, 2, -3, 40, 0, 7}, d.features(), 0);
        assertTrue(d.isBinary());
    }

    @Test
    void labelColumnByIndexAndDefaultName() throws Exception {
        Path f = csv("a,label\n1,5\n2,6\n");
        assertEquals(CsvLoader.load(f, null).fingerprint(), CsvLoader.load(f, "1").fingerprint());
        assertEquals(List.of("5", "6"), CsvLoader.load(f, null).classNames());
        Dataset byIndex0 = CsvLoader.load(f, "0");
        assertEquals(List.of("1", "2"), byIndex0.classNames());
        assertArrayEquals(new double[] {5, 6}, byIndex0.features(), 0);
    }

    @Test
    void integerLabelsSortNumerically() throws Exception {
        Path f = csv("label,v\n10,0\n2,0\n-1,0\n2,1\n");
        Dataset d = CsvLoader.load(f, null);
        assertEquals(List.of("-1", "2", "10"), d.classNames());
        assertArrayEquals(new int[] {2, 1, 0, 1}, d.labels());
    }

    @Test
    void nonNumericValueNamesLineAndColumn() throws Exception {
        Path f = csv("x1,x2,label\n1,2,a\n3,abc,b\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvLoader.load(f, null));
        assertMessage(e, "data.csv", "line 3", "column 'x2'", "'abc'");
    }

    @Test
    void emptyValueIsMissing() throws Exception {
        Path f = csv("x1,x2,label\n1,2,a\n3,4,b\n5,,a\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvLoader.load(f, null));
        assertMessage(e, "line 4", "column 'x2'", "missing value");
    }

    @Test
    void shortRowIsMissingValue() throws Exception {
        Path f = csv("x1,x2,label\n1,2,a\n3,4\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvLoader.load(f, null));
        assertMessage(e, "line 3", "expected 3 values", "found 2", "column 'label'");
    }

    @Test
    void nonFiniteValuesAreRefused() throws Exception {
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "1e999"}) {
            Path f = csv("x1,label\n1,a\n" + bad + ",b\n");
            DataFormatException e = assertThrows(DataFormatException.class, () -> CsvLoader.load(f, null), bad);
            assertMessage(e, "line 3", "column 'x1'", "finite");
        }
    }

    @Test
    void missingLabelColumnAndSingleClassAreRefused() throws Exception {
        Path f = csv("x1,y\n1,a\n2,b\n");
        assertMessage(assertThrows(DataFormatException.class, () -> CsvLoader.load(f, "target")),
                "line 1", "no label column 'target'", "[x1, y]");
        assertMessage(assertThrows(DataFormatException.class, () -> CsvLoader.load(f, "5")), "index 5");
        Path one = csv("x1,label\n1,a\n2,a\n");
        assertMessage(assertThrows(DataFormatException.class, () -> CsvLoader.load(one, null)), one.toString(),
                "column 'label'", "every label is 'a'", "at least 2 classes");
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("absent.csv");
        assertMessage(assertThrows(DataFormatException.class, () -> CsvLoader.load(f, null)), "absent.csv", "not found");
    }

    @Test
    void numericLabelsAreClassesByValue() throws Exception {
        Path f = csv("label,v\n1,0\n1.0,1\n+1,2\n1e0,3\n0.50,4\n.5,5\n-0.0,6\n2,7\n");
        Dataset d = CsvLoader.load(f, null);
        assertEquals(List.of("0", "0.5", "1", "2"), d.classNames());
        assertArrayEquals(new int[] {2, 2, 2, 2, 1, 1, 0, 3}, d.labels());
    }

    @Test
    void labelsThatAreOneValueWrittenTwoWaysAreOneClassAndRefused() throws Exception {
        Path f = csv("x,label\n1,1\n2,1.0\n3,1.00\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvLoader.load(f, null));
        assertMessage(e, f.toString(), "every label is '1'", "at least 2 classes");
    }

    @Test
    void mixedTextAndNumberLabelsStayStrings() throws Exception {
        Path f = csv("x,label\n1,1\n2,1.0\n3,cat\n");
        assertEquals(List.of("1", "1.0", "cat"), CsvLoader.load(f, null).classNames());
    }

    @Test
    void headerWithoutRowsIsRefused() throws Exception {
        Path f = csv("x,label\n");
        assertMessage(assertThrows(DataFormatException.class, () -> CsvLoader.load(f, null)), f.toString(), "no data rows");
    }
}
