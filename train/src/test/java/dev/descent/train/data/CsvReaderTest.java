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
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** The message of the MalformedDataException that reading {@code file} with {@code reader} must throw. */
    static String refusal(CsvReader reader, Path file) {
        return assertThrows(MalformedDataException.class, () -> reader.read(file)).getMessage();
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

    @Test
    void aByteOrderMarkCrlfAndTrailingBlankLinesAreNotData() throws IOException {
        Path p = write("bom.csv", "\uFEFFa,label\r\n1.5,1\r\n2,0\r\n\r\n  \r\n");
        Dataset d = CsvReader.classification().read(p);
        assertArrayEquals(new float[] {1.5f, 2}, d.features().toArray(), "the marked first line is still the header");
        Path data = write("bom-data.csv", "\uFEFF1,0\r2,1\r");
        assertArrayEquals(new float[] {1, 2}, CsvReader.classification().read(data).features().toArray(),
                "a marked first data line is not mistaken for a header");
    }

    @Test
    void quotedCellsHoldTheDelimiterAndEscapedQuotes() throws IOException {
        Path p = write("q.csv", "\"len, cm\", \"say \"\"hi\"\"\" ,label\n\"1\",\" 2 \",0\n");
        Dataset d = CsvReader.classification().labelColumn("label").read(p);
        assertArrayEquals(new float[] {1, 2}, d.features().toArray());
        Path open = write("open.csv", "1,\"2,0\n");
        assertEquals(open + ": line 1, column 2: quoted cell has no closing quote (a cell cannot span lines)",
                refusal(CsvReader.classification().header(false), open));
        Path after = write("after.csv", "1,\"2\"3,0\n");
        assertEquals(after + ": line 1, column 2: text '3' after the closing quote",
                refusal(CsvReader.classification().header(false), after));
    }

    @Test
    void onlyFiniteDecimalNumbersAreCells() throws IOException {
        String[][] cases = {
                {"1f", "'1f' is not a number"},
                {"0x1p3", "'0x1p3' is not a number"},
                {"nan", "'nan' is not finite"},
                {"-Infinity", "'-Infinity' is not finite"},
                {"1e39", "'1e39' is beyond float32's range (±3.4028235E38)"},
        };
        for (String[] c : cases) {
            Path p = write("n.csv", "0,0,0\n1," + c[0] + ",1\n");
            assertEquals(p + ": line 2, column 2: " + c[1], refusal(CsvReader.classification(), p));
        }
        Path ok = write("ok.csv", "+1,-.5,2E-3,0\n");
        assertArrayEquals(new float[] {1, -0.5f, 0.002f}, CsvReader.classification().read(ok).features().toArray());
    }

    @Test
    void labelsMustBeExactClassIndices() throws IOException {
        Path near = write("near.csv", "1,1.0000001\n");
        assertEquals(near + ": line 1, column 2: label '1.0000001' is not a class index in [0, 16777216) (labels are"
                + " float32, exact only below 2^24)", refusal(CsvReader.classification(), near));
        Path big = write("big.csv", "1,16777217\n");
        String message = refusal(CsvReader.classification(), big);
        assertTrue(message.startsWith(big + ": line 1, column 2: label '16777217' is not a class index"), message);
        Path whole = write("whole.csv", "1,2.0\n2,0\n");
        assertArrayEquals(new int[] {2, 0}, CsvReader.classification().read(whole).labels());
        assertThrows(IllegalArgumentException.class, () -> CsvReader.classification().classCount(1 << 25));
    }

    @Test
    void aFirstLineMixingNumbersAndTextIsNotGuessedAt() throws IOException {
        Path p = write("typo.csv", "1,abc,0\n2,3,1\n");
        assertEquals(p + ": line 1: the first line mixes numbers and text [1, abc, 0], so it is neither clearly a"
                + " header nor clearly data; say header(true) or header(false)",
                refusal(CsvReader.classification(), p));
        assertEquals(p + ": line 1, column 2: 'abc' is not a number",
                refusal(CsvReader.classification().header(false), p));
        assertEquals(1, CsvReader.classification().header(true).read(p).size());
    }

    @Test
    void anAmbiguousLabelNameIsRefused() throws IOException {
        Path p = write("dup.csv", "y,x,y\n1,2,0\n");
        assertEquals(p + ": line 1: the header names columns 1 and 3 'y'; which is the label is ambiguous",
                refusal(CsvReader.classification().labelColumn("y"), p));
    }

    @Test
    void aGzipStreamDamagedMidwayNamesTheLine() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(i).append(',').append(i % 3).append('\n');
        }
        byte[] zipped = IdxReaderTest.gzip(text.toString().getBytes(StandardCharsets.UTF_8));
        Path p = dir.resolve("cut.csv.gz");
        Files.write(p, java.util.Arrays.copyOf(zipped, zipped.length * 2 / 3));
        String message = refusal(CsvReader.classification(), p);
        assertTrue(message.matches(java.util.regex.Pattern.quote(p.toString())
                + ": line \\d+: cannot read the data \\(Unexpected end of ZLIB input stream\\)"), message);
    }

    @Test
    void aQuoteOrLineBreakCannotBeTheDelimiter() {
        assertThrows(IllegalArgumentException.class, () -> CsvReader.classification().delimiter('"'));
        assertThrows(IllegalArgumentException.class, () -> CsvReader.classification().delimiter('\n'));
    }
}
