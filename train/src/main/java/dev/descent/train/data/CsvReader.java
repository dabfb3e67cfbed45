package dev.descent.train.data;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a numeric CSV file (plain or gzipped) into a {@link Dataset}: one example per line, one column of it the
 * label (or regression target), every other column a feature.
 *
 * <pre>{@code
 * Dataset d = CsvReader.classification().labelColumn("species").read(Path.of("iris.csv"));
 * Dataset r = CsvReader.regression().header(false).read(Path.of("houses.csv"));   // last column is the target
 * }</pre>
 *
 * <p>The format is RFC 4180's, one record per line: cells are trimmed; a cell may be double-quoted, and then holds
 * the delimiter and {@code ""} (one quote) as text (a quoted cell cannot span lines). Line ends may be LF, CRLF or
 * CR; a UTF-8 byte-order mark is skipped; blank lines (also trailing ones) are skipped. The header is detected when
 * not stated: the first line is a header if none of its cells is a number, data if all are; a first line that
 * mixes numbers and text is refused rather than guessed at (a typo in the first row must not silently drop it) —
 * say {@link #header(boolean)}.
 *
 * <p>Every data cell must be a decimal number ({@code -1.5}, {@code .5}, {@code 2e-3}; not Java's {@code 1f},
 * {@code 1d} or hex {@code 0x1p3}) within float32's range. NaN and infinities in any spelling ({@code NaN},
 * {@code nan}, {@code inf}, {@code -Infinity}) are refused, as features and as targets: a missing value must be
 * filled in before reading, since a NaN that reaches training turns every weight it touches into NaN. Every line
 * must have as many cells as the first, and a classification label must be an integer in {@code [0, classCount)}
 * ({@code 2.0} is the integer 2; below 2²⁴ = 16777216, the integers float32 holds exactly). Anything else is a
 * {@link MalformedDataException} naming the file, the 1-based line and, for a cell, the 1-based column.
 *
 * <p>A reader is an immutable description of the format; each setter returns a new one.
 */
public final class CsvReader {
    /** 2²⁴: labels are stored as float32, which holds every integer up to here and not all beyond. */
    private static final int MAX_CLASSES = 1 << 24;

    private final boolean classification;
    private final Boolean header;
    private final int labelIndex;
    private final String labelName;
    private final char delimiter;
    private final int classCount;

    private CsvReader(boolean classification, Boolean header, int labelIndex, String labelName, char delimiter,
                      int classCount) {
        this.classification = classification;
        this.header = header;
        this.labelIndex = labelIndex;
        this.labelName = labelName;
        this.delimiter = delimiter;
        this.classCount = classCount;
    }

    /** A reader for class labels in the last column, the class count inferred (largest label + 1). */
    public static CsvReader classification() {
        return new CsvReader(true, null, -1, null, ',', 0);
    }

    /** A reader for one real-valued target in the last column (targets {@code [N, 1]}). */
    public static CsvReader regression() {
        return new CsvReader(false, null, -1, null, ',', 0);
    }

    /** Whether the first line is a header ({@code true}/{@code false}); unset, it is detected. */
    public CsvReader header(boolean present) {
        return new CsvReader(classification, present, labelIndex, labelName, delimiter, classCount);
    }

    /** The label column by position, 0-based; negative counts from the end ({@code -1} is the last). */
    public CsvReader labelColumn(int index) {
        return new CsvReader(classification, header, index, null, delimiter, classCount);
    }

    /** The label column by its header name (implies a header). */
    public CsvReader labelColumn(String name) {
        return new CsvReader(classification, true, 0, name, delimiter, classCount);
    }

    /**
     * The cell separator, {@code ','} unless set.
     *
     * @throws IllegalArgumentException for a quote or a line break, which cannot separate cells
     */
    public CsvReader delimiter(char c) {
        if (c == '"' || c == '\n' || c == '\r') {
            throw new IllegalArgumentException("delimiter cannot be " + (c == '"' ? "the quote '\"'" : "a line break"));
        }
        return new CsvReader(classification, header, labelIndex, labelName, c, classCount);
    }

    /**
     * The number of classes; a label at or above it is an error. Unset, it is the largest label + 1.
     *
     * @throws IllegalArgumentException unless {@code 1 ≤ classes ≤ 2²⁴}
     */
    public CsvReader classCount(int classes) {
        if (classes < 1 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("classCount must be in [1, " + MAX_CLASSES + "], got " + classes);
        }
        return new CsvReader(classification, header, labelIndex, labelName, delimiter, classes);
    }

    /** The dataset in {@code file}. */
    public Dataset read(Path file) throws IOException {
        try (InputStream in = DataFiles.open(file)) {
            return read(in, file);
        }
    }

    /** The dataset in {@code in} (decompressed if gzip); {@code name} is what error messages call it. */
    public Dataset read(InputStream in, Path name) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(DataFiles.decompressing(in, name),
                StandardCharsets.UTF_8), 1 << 16);
        Parsed p = new Parsed(name);
        String line;
        int lineNumber = 0;
        while ((line = readLine(reader, name, lineNumber + 1)) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // the byte-order mark some tools (Excel) put first
            }
            if (!line.isBlank()) {
                p.line(p.split(line, lineNumber), lineNumber);
            }
        }
        if (p.rows == 0) {
            throw new MalformedDataException(name, "line " + Math.max(lineNumber, 1), "no data rows");
        }
        return p.dataset();
    }

    /** The next line; a damaged gzip stream is reported at the line it broke in. */
    private static String readLine(BufferedReader reader, Path name, int lineNumber) throws MalformedDataException {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new MalformedDataException(name, "line " + lineNumber, "cannot read the data ("
                    + DataFiles.reason(e) + ")", e);
        }
    }

    /** Whether {@code s} is a plain decimal number: {@code [+-] digits [. digits] [(e|E) [+-] digits]}. */
    static boolean isDecimal(String s) {
        int i = 0, n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        for (; i < n && isDigit(s.charAt(i)); i++) {
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            for (i++; i < n && isDigit(s.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            for (; i < n && isDigit(s.charAt(i)); i++) {
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** NaN or an infinity as NumPy, pandas, R or Java spell them. */
    private static boolean isNonFinite(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** The rows read so far. */
    private final class Parsed {
        final Path name;
        int columns = -1;
        int label;
        int rows;
        float[] features = new float[1024];
        float[] targets = new float[64];

        Parsed(Path name) {
            this.name = name;
        }

        void line(List<String> cells, int lineNumber) throws MalformedDataException {
            if (columns < 0) {
                columns = cells.size();
                if (columns < 2) {
                    throw new MalformedDataException(name, "line " + lineNumber, "found " + columns
                            + " column; need at least a feature and a label (is the delimiter '" + delimiter + "'?)");
                }
                boolean isHeader = header != null ? header : detectHeader(cells, lineNumber);
                label = labelColumn(cells, isHeader, lineNumber);
                if (isHeader) {
                    return;
                }
            }
            if (cells.size() != columns) {
                throw new MalformedDataException(name, "line " + lineNumber, "found " + cells.size()
                        + " cells, expected " + columns + " as on the first line");
            }
            int d = columns - 1;
            if ((long) (rows + 1) * d > Integer.MAX_VALUE - 8) {
                throw new MalformedDataException(name, "line " + lineNumber, "too many values for one tensor");
            }
            if ((rows + 1) * d > features.length) {
                features = Arrays.copyOf(features, Math.max((rows + 1) * d, features.length * 2));
            }
            if (rows == targets.length) {
                targets = Arrays.copyOf(targets, targets.length * 2);
            }
            for (int c = 0, j = rows * d; c < columns; c++) {
                float v = cell(cells.get(c), lineNumber, c);
                if (c == label) {
                    targets[rows] = checkedTarget(v, cells.get(c), lineNumber, c);
                } else {
                    features[j++] = v;
                }
            }
            rows++;
        }

        /** A header if no cell is a number, data if every cell is; refused if mixed. */
        boolean detectHeader(List<String> cells, int lineNumber) throws MalformedDataException {
            long numbers = cells.stream().filter(c -> isDecimal(c) || isNonFinite(c)).count();
            if (numbers > 0 && numbers < cells.size()) {
                throw new MalformedDataException(name, "line " + lineNumber, "the first line mixes numbers and text "
                        + cells + ", so it is neither clearly a header nor clearly data; say header(true) or"
                        + " header(false)");
            }
            return numbers == 0;
        }

        int labelColumn(List<String> cells, boolean isHeader, int lineNumber) throws MalformedDataException {
            if (labelName != null) {
                int at = isHeader ? cells.indexOf(labelName) : -1;
                if (at < 0) {
                    throw new MalformedDataException(name, "line " + lineNumber, "no column named '" + labelName
                            + "' in the header " + cells);
                }
                if (cells.lastIndexOf(labelName) != at) {
                    throw new MalformedDataException(name, "line " + lineNumber, "the header names columns "
                            + (at + 1) + " and " + (cells.lastIndexOf(labelName) + 1) + " '" + labelName
                            + "'; which is the label is ambiguous");
                }
                return at;
            }
            int at = labelIndex < 0 ? columns + labelIndex : labelIndex;
            if (at < 0 || at >= columns) {
                throw new MalformedDataException(name, "line " + lineNumber, "label column " + labelIndex
                        + " does not exist in " + columns + " columns");
            }
            return at;
        }

        float cell(String text, int lineNumber, int column) throws MalformedDataException {
            String problem;
            if (text.isEmpty()) {
                problem = "empty cell";
            } else if (isNonFinite(text)) {
                problem = "'" + text + "' is not finite";
            } else if (!isDecimal(text)) {
                problem = "'" + text + "' is not a number";
            } else {
                float v = Float.parseFloat(text);
                if (Float.isFinite(v)) {
                    return v;
                }
                problem = "'" + text + "' is beyond float32's range (±" + Float.MAX_VALUE + ")";
            }
            throw new MalformedDataException(name, where(lineNumber, column), problem);
        }

        float checkedTarget(float v, String text, int lineNumber, int column) throws MalformedDataException {
            if (!classification) {
                return v;
            }
            double exact = Double.parseDouble(text); // "1.0000001" is 1 in float32 but no integer
            int bound = classCount > 0 ? classCount : MAX_CLASSES;
            if (!(exact >= 0 && exact == Math.rint(exact) && exact < bound)) {
                throw new MalformedDataException(name, where(lineNumber, column), "label '" + text
                        + "' is not a class index in [0, " + bound + ")" + (classCount > 0 ? ""
                        : " (labels are float32, exact only below 2^24)"));
            }
            return v;
        }

        /** The cells of {@code line}: split at the delimiter outside double quotes, trimmed; {@code ""} is a quote. */
        List<String> split(String line, int lineNumber) throws MalformedDataException {
            List<String> cells = new ArrayList<>();
            int i = 0, n = line.length();
            while (true) {
                int start = i;
                while (i < n && line.charAt(i) != delimiter && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i < n && line.charAt(i) == '"') {
                    StringBuilder cell = new StringBuilder();
                    int column = cells.size();
                    for (i++; ; i++) {
                        if (i >= n) {
                            throw new MalformedDataException(name, where(lineNumber, column),
                                    "quoted cell has no closing quote (a cell cannot span lines)");
                        }
                        if (line.charAt(i) == '"') {
                            if (i + 1 < n && line.charAt(i + 1) == '"') {
                                i++;
                            } else {
                                break;
                            }
                        }
                        cell.append(line.charAt(i));
                    }
                    int end = ++i;
                    while (i < n && line.charAt(i) != delimiter) {
                        i++;
                    }
                    if (!line.substring(end, i).isBlank()) {
                        throw new MalformedDataException(name, where(lineNumber, column), "text '"
                                + line.substring(end, i).strip() + "' after the closing quote");
                    }
                    cells.add(cell.toString().strip());
                } else {
                    while (i < n && line.charAt(i) != delimiter) {
                        i++;
                    }
                    cells.add(line.substring(start, i).strip());
                }
                if (i >= n) {
                    return cells;
                }
                i++; // past the delimiter
            }
        }

        String where(int lineNumber, int column) {
            return "line " + lineNumber + ", column " + (column + 1);
        }

        Dataset dataset() {
            Tensor x = Tensor.wrap(Arrays.copyOf(features, rows * (columns - 1)), 0, Shape.of(rows, columns - 1));
            if (!classification) {
                return Dataset.regression(x, Tensor.wrap(Arrays.copyOf(targets, rows), 0, Shape.of(rows, 1)));
            }
            Tensor y = Tensor.wrap(Arrays.copyOf(targets, rows), 0, Shape.of(rows));
            return classCount > 0 ? Dataset.classification(x, y, classCount) : Dataset.classification(x, y);
        }
    }
}
