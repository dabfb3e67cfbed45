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
 * <p>Cells are trimmed and may be double-quoted; blank lines are skipped. The header is detected when not stated:
 * the first line is a header if one of its cells is not a number. Every cell must be a finite number, every line
 * must have as many cells as the first, and a classification label must be an integer in {@code [0, classCount)};
 * anything else is a {@link MalformedDataException} naming the file, line and column.
 *
 * <p>A reader is an immutable description of the format; each setter returns a new one.
 */
public final class CsvReader {
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

    /** The cell separator, {@code ','} unless set. */
    public CsvReader delimiter(char c) {
        return new CsvReader(classification, header, labelIndex, labelName, c, classCount);
    }

    /** The number of classes; a label at or above it is an error. Unset, it is the largest label + 1. */
    public CsvReader classCount(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classCount must be ≥ 1, got " + classes);
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
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (!line.isBlank()) {
                p.line(split(line), lineNumber);
            }
        }
        if (p.rows == 0) {
            throw new MalformedDataException(name, "line " + Math.max(lineNumber, 1), "no data rows");
        }
        return p.dataset();
    }

    private List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                String cell = line.substring(start, i).strip();
                if (cell.length() >= 2 && cell.charAt(0) == '"' && cell.charAt(cell.length() - 1) == '"') {
                    cell = cell.substring(1, cell.length() - 1).strip();
                }
                cells.add(cell);
                start = i + 1;
            }
        }
        return cells;
    }

    private static boolean isNumber(String cell) {
        try {
            Float.parseFloat(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
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
                boolean isHeader = header != null ? header : !cells.stream().allMatch(CsvReader::isNumber);
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

        int labelColumn(List<String> cells, boolean isHeader, int lineNumber) throws MalformedDataException {
            if (labelName != null) {
                int at = isHeader ? cells.indexOf(labelName) : -1;
                if (at < 0) {
                    throw new MalformedDataException(name, "line " + lineNumber, "no column named '" + labelName
                            + "' in the header " + cells);
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
            float v;
            try {
                v = Float.parseFloat(text);
            } catch (NumberFormatException e) {
                throw new MalformedDataException(name, where(lineNumber, column),
                        text.isEmpty() ? "empty cell" : "'" + text + "' is not a number");
            }
            if (!Float.isFinite(v)) {
                throw new MalformedDataException(name, where(lineNumber, column), "'" + text + "' is not finite");
            }
            return v;
        }

        float checkedTarget(float v, String text, int lineNumber, int column) throws MalformedDataException {
            if (classification && (v < 0 || v != Math.rint(v) || (classCount > 0 && v >= classCount))) {
                throw new MalformedDataException(name, where(lineNumber, column), "label '" + text
                        + "' is not a class index in [0, " + (classCount > 0 ? classCount : "∞") + ")");
            }
            return v;
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
