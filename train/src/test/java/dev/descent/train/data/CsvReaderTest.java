package dev.descent.train.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvReaderTest {
    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void detectsTheHeaderAndFindsTheLabelByName() throws IOException {
        Path p = write("h.csv", "a, label ,b\n1.5,1,2\n\n3,0,\"4\"\n");
        Dataset d = CsvReader.classification().labelColumn("label").read(p);
        assertArrayEquals(new float[] {1.5f, 2, 3, 4}, d.features().toArray());
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertEquals(2, d.classCount());
    }

    @Test
    void withoutHeaderTheLastColumnIsTheLabel() throws IOException {
        Path p = write("n.csv", "1,2,3\n4,5,6\n");
        Dataset d = CsvReader.classification().read(p);
        assertArrayEquals(new float[] {1, 2, 4, 5}, d.features().toArray());
        assertArrayEquals(new int[] {3, 6}, d.labels());
        Dataset first = CsvReader.regression().labelColumn(0).delimiter(',').read(p);
        assertArrayEquals(new float[] {1, 4}, first.targets().toArray());
        assertEquals("[2, 1]", first.targets().shape().toString());
    }

    @Test
    void readsGzippedFilesAndOtherDelimiters() throws IOException {
        Path p = dir.resolve("t.tsv.gz");
        Files.write(p, IdxReaderTest.gzip("1\t2\t0\n3\t4\t1\n".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new int[] {0, 1}, CsvReader.classification().delimiter('\t').read(p).labels());
    }

    @Test
    void aNonNumericCellNamesLineAndColumn() throws IOException {
        Path p = write("bad.csv", "x,y,label\n1,2,0\n1,abc,1\n");
        var e = assertThrows(MalformedDataException.class, () -> CsvReader.classification().read(p));
        assertEquals(p + ": line 3, column 2: 'abc' is not a number", e.getMessage());
        Path empty = write("empty-cell.csv", "1,,0\n");
        e = assertThrows(MalformedDataException.class, () -> CsvReader.classification().header(false).read(empty));
        assertEquals(empty + ": line 1, column 2: empty cell", e.getMessage());
        Path nan = write("nan.csv", "1,NaN,0\n");
        e = assertThrows(MalformedDataException.class, () -> CsvReader.classification().header(false).read(nan));
        assertEquals(nan + ": line 1, column 2: 'NaN' is not finite", e.getMessage());
    }

    @Test
    void aShortRowNamesItsLine() throws IOException {
        Path p = write("short.csv", "1,2,0\n1,2,0\n1,2\n");
        var e = assertThrows(MalformedDataException.class, () -> CsvReader.classification().read(p));
        assertEquals(p + ": line 3: found 2 cells, expected 3 as on the first line", e.getMessage());
    }

    @Test
    void badLabelsNameTheirCell() throws IOException {
        Path p = write("labels.csv", "1,2,0\n1,2,10\n");
        var e = assertThrows(MalformedDataException.class, () -> CsvReader.classification().classCount(10).read(p));
        assertEquals(p + ": line 2, column 3: label '10' is not a class index in [0, 10)", e.getMessage());
        Path frac = write("frac.csv", "1,2,0.5\n");
        assertThrows(MalformedDataException.class, () -> CsvReader.classification().read(frac));
        Path neg = write("neg.csv", "1,2,-1\n");
        assertThrows(MalformedDataException.class, () -> CsvReader.classification().read(neg));
    }

    @Test
    void missingEmptyAndMisnamedFilesAreReported() throws IOException {
        Path missing = dir.resolve("missing.csv");
        var e = assertThrows(NoSuchFileException.class, () -> CsvReader.classification().read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
        Path empty = write("empty.csv", "\n\n");
        assertEquals(empty + ": line 2: no data rows",
                assertThrows(MalformedDataException.class, () -> CsvReader.classification().read(empty)).getMessage());
        Path headerOnly = write("header.csv", "a,b\n");
        assertThrows(MalformedDataException.class, () -> CsvReader.classification().read(headerOnly));
        Path p = write("h.csv", "a,b\n1,0\n");
        assertThrows(MalformedDataException.class, () -> CsvReader.classification().labelColumn("c").read(p));
        assertThrows(MalformedDataException.class, () -> CsvReader.classification().labelColumn(5).read(p));
        Path one = write("one.csv", "1;2;0\n");
        assertThrows(MalformedDataException.class, () -> CsvReader.classification().read(one));
    }
}
