package dev.descent.train.data;

import dev.descent.train.Fixtures;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated CSV tables, written in every way the format allows (LF, CRLF or CR line ends, a byte-order mark, quoted
 * cells, spaces, blank lines, a header or none, gzipped or not), must read back to exactly the numbers written; the
 * same tables with one bad cell, a ragged row or random edits must be refused with a {@link MalformedDataException}
 * naming the file and the 1-based line (and column) — never another exception, never a non-finite value or a label
 * outside the classes.
 */
class CorruptCsvFileTest {
    static final int CLASSES = 5;
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("descent-corrupt-csv");
    }

    @AfterContainer
    static void deleteFiles() throws IOException {
        Fixtures.deleteTree(dir);
    }

    /** A table of finite floats with integer labels in the last column, and how to write it. */
    record Table(float[][] features, int[] labels, String lineEnd, boolean bom, boolean header, boolean quoted,
                 boolean spaced, int blankAfter, boolean zipped) {
        int columns() {
            return features[0].length + 1;
        }

        /** The text of each row's cells (header names first if there is a header). */
        List<List<String>> cells() {
            List<List<String>> rows = new ArrayList<>();
            if (header) {
                List<String> names = new ArrayList<>();
                for (int j = 0; j < features[0].length; j++) {
                    names.add("feature, " + j); // a delimiter inside a name: only quoting keeps it one cell
                }
                names.add("label");
                rows.add(names);
            }
            for (int r = 0; r < labels.length; r++) {
                List<String> cells = new ArrayList<>();
                for (float v : features[r]) {
                    cells.add(Float.toString(v));
                }
                cells.add(r % 2 == 0 ? Integer.toString(labels[r]) : labels[r] + ".0");
                rows.add(cells);
            }
            return rows;
        }

        /** The lines of the file; a blank line follows every {@code blankAfter}-th row (never, if 0). */
        List<String> lines(List<List<String>> rows) {
            return lines(rows, -1, -1);
        }

        /** As {@link #lines(List)}, with the cell at {@code (rawRow, rawColumn)} written as it is, never quoted. */
        List<String> lines(List<List<String>> rows, int rawRow, int rawColumn) {
            List<String> lines = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < rows.get(r).size(); c++) {
                    String cell = rows.get(r).get(c);
                    boolean quote = (quoted || cell.contains(",") || cell.contains("\""))
                            && !(r == rawRow && c == rawColumn);
                    String text = quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
                    line.append(c == 0 ? "" : ",").append(spaced ? " " + text + " " : text);
                }
                lines.add(line.toString());
                if (blankAfter > 0 && r % blankAfter == 0) {
                    lines.add(spaced ? "  " : "");
                }
            }
            return lines;
        }

        byte[] bytes(List<String> lines) throws IOException {
            String text = (bom ? "\uFEFF" : "") + String.join(lineEnd, lines) + lineEnd + lineEnd;
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            return zipped ? IdxReaderTest.gzip(b) : b;
        }

        /** The 1-based line number of data row {@code r}. */
        int lineOf(int r) {
            int line = 0;
            for (int k = 0; k <= r + (header ? 1 : 0); k++) {
                line++;
                if (blankAfter > 0 && k > 0 && (k - 1) % blankAfter == 0) {
                    line++;
                }
            }
            return line;
        }

        CsvReader reader() {
            return CsvReader.classification().header(header).classCount(CLASSES);
        }
    }

    @Provide
    Arbitrary<Table> tables() {
        Arbitrary<Float> value = Arbitraries.oneOf(Arbitraries.floats().between(-1e6f, 1e6f),
                Arbitraries.floats(), Arbitraries.of(0f, -0f, 1e-45f, Float.MAX_VALUE, -Float.MIN_NORMAL, 0.1f));
        Arbitrary<float[][]> features = Arbitraries.integers().between(1, 4).flatMap(d ->
                value.array(float[].class).ofSize(d).array(float[][].class).ofMinSize(1).ofMaxSize(5));
        Arbitrary<Object[]> layout = Combinators.combine(Arbitraries.of("\n", "\r\n", "\r"),
                Arbitraries.of(false, true), Arbitraries.of(false, true), Arbitraries.of(false, true),
                Arbitraries.of(false, true), Arbitraries.integers().between(0, 3), Arbitraries.of(false, true))
                .as((end, bom, header, quoted, spaced, blank, zipped) ->
                        new Object[] {end, bom, header, quoted, spaced, blank, zipped});
        return Combinators.combine(features, layout, Arbitraries.integers().between(0, CLASSES - 1).array(int[].class)
                .ofSize(5)).as((f, l, labels) -> new Table(f, java.util.Arrays.copyOf(labels, f.length),
                (String) l[0], (boolean) l[1], (boolean) l[2], (boolean) l[3], (boolean) l[4], (int) l[5],
                (boolean) l[6]));
    }

    @Property(tries = 60)
    void wellFormedTablesReadBackExactly(@ForAll("tables") Table t) throws IOException {
        Path f = Files.write(dir.resolve("table.csv"), t.bytes(t.lines(t.cells())));
        Dataset d = t.reader().read(f);
        float[] expected = new float[t.labels().length * (t.columns() - 1)];
        for (int r = 0, i = 0; r < t.labels().length; r++) {
            for (float v : t.features()[r]) {
                expected[i++] = v;
            }
        }
        assertEquals("[" + t.labels().length + ", " + (t.columns() - 1) + "]", d.features().shape().toString());
        assertArrayEquals(expected, d.features().toArray());
        assertArrayEquals(t.labels(), d.labels());
        if (t.header() || t.labels().length > 0) {
            // Detection agrees with the stated header: all names are text, all data numbers.
            assertArrayEquals(t.labels(), CsvReader.classification().classCount(CLASSES).read(f).labels());
        }
    }

    /** Bad feature cells and the problem each must be reported as. */
    static final String[][] BAD_CELLS = {
            {"", "empty cell"},
            {"abc", "'abc' is not a number"},
            {"1,5", null}, // unquoted: one cell too many
            {"NaN", "'NaN' is not finite"},
            {"nan", "'nan' is not finite"},
            {"-inf", "'-inf' is not finite"},
            {"Infinity", "'Infinity' is not finite"},
            {"1e39", "'1e39' is beyond float32's range (±3.4028235E38)"},
            {"-4e38", "'-4e38' is beyond float32's range (±3.4028235E38)"},
            {"1f", "'1f' is not a number"},
            {"2d", "'2d' is not a number"},
            {"0x1p3", "'0x1p3' is not a number"},
            {"1.2.3", "'1.2.3' is not a number"},
            {"1e", "'1e' is not a number"},
            {"--1", "'--1' is not a number"},
            {".", "'.' is not a number"},
            {"\"1", "quoted cell has no closing quote (a cell cannot span lines)"},
            {"\"1\"x", "text 'x' after the closing quote"},
            {"١", "'١' is not a number"}, // an Arabic-Indic digit
    };

    /** Bad labels (for five classes) and their problems; the feature problems above apply to labels too. */
    static final String[][] BAD_LABELS = {
            {"-1", "label '-1' is not a class index in [0, 5)"},
            {"5", "label '5' is not a class index in [0, 5)"},
            {"0.5", "label '0.5' is not a class index in [0, 5)"},
            {"1.0000001", "label '1.0000001' is not a class index in [0, 5)"},
            {"1e10", "label '1e10' is not a class index in [0, 5)"},
    };

    @Property(tries = 80)
    void aBadCellIsNamedByLineAndColumn(@ForAll("tables") Table t, @ForAll @IntRange(max = 100) int row,
                                        @ForAll @IntRange(max = 100) int column,
                                        @ForAll @IntRange(max = BAD_CELLS_AND_LABELS - 1) int bad) throws IOException {
        List<List<String>> rows = t.cells();
        int r = row % t.labels().length, c = column % t.columns();
        boolean label = c == t.columns() - 1 && bad >= BAD_CELLS.length;
        String[] cell = bad < BAD_CELLS.length ? BAD_CELLS[bad] : BAD_LABELS[bad - BAD_CELLS.length];
        if (bad >= BAD_CELLS.length || cell[0].equals("\"1")) {
            c = t.columns() - 1; // an unclosed quote before a quoted cell would close on that cell's quote
        }
        if (cell[1] == null && r == 0 && !t.header()) {
            return; // an extra cell on the first line only makes every line wider
        }
        int at = r + (t.header() ? 1 : 0);
        rows.get(at).set(c, cell[0]);
        Path f = Files.write(dir.resolve("bad.csv"), t.bytes(t.lines(rows, at, c)));
        String message = refusal(t.reader(), f);
        String where = f + ": line " + t.lineOf(r);
        if (cell[1] == null) {
            assertEquals(where + ": found " + (t.columns() + 1) + " cells, expected " + t.columns()
                    + " as on the first line", message);
        } else {
            assertEquals(where + ", column " + (c + 1) + ": " + cell[1], message, label ? "label" : "feature");
        }
    }

    static final int BAD_CELLS_AND_LABELS = 24;

    @Property(tries = 40)
    void raggedRowsNameTheirLine(@ForAll("tables") Table t, @ForAll @IntRange(max = 100) int row,
                                 @ForAll boolean longer) throws IOException {
        List<List<String>> rows = t.cells();
        int r = row % t.labels().length;
        if (r == 0 && !t.header()) {
            return; // the first line sets the column count
        }
        List<String> cells = rows.get(r + (t.header() ? 1 : 0));
        if (longer) {
            cells.add("1");
        } else {
            cells.remove(0);
        }
        Path f = Files.write(dir.resolve("ragged.csv"), t.bytes(t.lines(rows)));
        assertEquals(f + ": line " + t.lineOf(r) + ": found " + cells.size() + " cells, expected " + t.columns()
                + " as on the first line", refusal(t.reader(), f));
    }

    /** Random edits: the result is either a clean refusal naming a real line, or a dataset of finite, valid values. */
    @Property(tries = 120)
    void randomEditsFailCleanly(@ForAll("tables") Table t, @ForAll("edits") List<int[]> edits,
                                @ForAll @IntRange(max = 2) int headerMode) throws IOException {
        StringBuilder text = new StringBuilder(String.join(t.lineEnd(), t.lines(t.cells())));
        String alphabet = ",\"\n\r .e-+0159xNaIf\t\uFEFF";
        for (int[] e : edits) {
            int at = e[0] % (text.length() + 1);
            char ch = alphabet.charAt(e[2] % alphabet.length());
            switch (e[1]) {
                case 0 -> text.insert(at, ch);
                case 1 -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < text.length()) {
                        text.setCharAt(at, ch);
                    }
                }
            }
        }
        Path f = Files.writeString(dir.resolve("edited.csv"), text);
        CsvReader reader = CsvReader.classification().classCount(CLASSES);
        reader = headerMode == 2 ? reader : reader.header(headerMode == 1);
        int lines = text.toString().split("\r\n|\r|\n", -1).length;
        try {
            Dataset d = reader.read(f);
            for (float v : d.features().toArray()) {
                assertTrue(Float.isFinite(v), "read a non-finite feature " + v);
            }
            for (int y : d.labels()) {
                assertTrue(y >= 0 && y < CLASSES, "label " + y);
            }
        } catch (MalformedDataException e) {
            Matcher m = Pattern.compile(Pattern.quote(f.toString()) + ": line (\\d+)(, column (\\d+))?: .+",
                    Pattern.DOTALL).matcher(e.getMessage());
            assertTrue(m.matches(), e.getMessage());
            int line = Integer.parseInt(m.group(1));
            assertTrue(line >= 1 && line <= lines + 1, "line " + line + " of " + lines + ": " + e.getMessage());
            assertEquals(f, e.file());
        }
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 1 << 10)).as((at, kind, ch) -> new int[] {at, kind, ch})
                .list().ofMinSize(1).ofMaxSize(4);
    }

    private static String refusal(CsvReader reader, Path f) throws IOException {
        try {
            Dataset d = reader.read(f);
            fail("read " + d + " from a bad file: " + java.util.Arrays.toString(Files.readAllBytes(f)));
            return null;
        } catch (MalformedDataException e) {
            assertEquals(f, e.file());
            return e.getMessage();
        }
    }
}
