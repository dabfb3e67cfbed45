package dev.descent.train.callbacks;

import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes every epoch's metrics to a CSV file as it ends, as Keras's {@code CSVLogger(filename, separator=",",
 * append=False)}: a header {@code epoch,loss,accuracy,…} and one row per epoch, flushed at once so the file can be
 * watched or plotted while training runs. Values are written exactly ({@link Double#toString}: they read back to
 * the same bits).
 *
 * <p>Without {@code append} the file is replaced when training begins; with it, rows are added to an existing file
 * (for a resumed run) and the header is written only if the file is new or empty — as Keras. Appending keeps the
 * file's own columns, and refuses (before training) a fit that records a metric the file has no column for.
 *
 * <p>Differences from Keras, deliberate, so that {@link dev.descent.train.History#parseCsv} reads the file back
 * and it lines up with the printed epochs: the epoch column counts from 1 (Keras writes the 0-based epoch); the
 * columns are in recording order (Keras sorts them by name, and adds empty {@code val_} columns to a run without
 * validation); a value missing from an epoch is an empty cell (Keras writes {@code NA}); non-finite values are
 * {@code NaN}, {@code Infinity}, {@code -Infinity} (Keras writes Python's {@code nan}, {@code inf}, {@code -inf};
 * Python's {@code float()} and NumPy read both spellings). A metric name containing the separator, a quote or a line
 * break is an error (Keras would quote it).
 */
public final class CsvLogger implements Callback {
    private final Path file;
    private final boolean append;
    private char separator = ',';
    private List<String> columns;

    public CsvLogger(Path file, boolean append) {
        this.file = Objects.requireNonNull(file, "file");
        this.append = append;
    }

    public CsvLogger(Path file) {
        this(file, false);
    }

    /**
     * The character between cells (default {@code ','}; {@code ';'} or {@code '\t'} are common). Letters, digits,
     * {@code . + -}, quotes and line breaks would make the numbers unreadable and are refused.
     */
    public CsvLogger separator(char c) {
        if (Character.isLetterOrDigit(c) || ".+-\"\r\n".indexOf(c) >= 0) {
            throw new IllegalArgumentException("CsvLogger: separator '" + c + "' would be confused with the numbers, "
                    + "quotes or line breaks; use for example ',', ';' or '\\t'");
        }
        this.separator = c;
        return this;
    }

    @Override
    public void onTrainBegin(Training training) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            columns = null;
            if (append && Files.exists(file) && Files.size(file) > 0) {
                List<String> header = new ArrayList<>(List.of(firstLine().split(Pattern.quote(
                        String.valueOf(separator)), -1)));
                header.remove(0); // "epoch"
                List<String> missing = new ArrayList<>(training.metricNames());
                missing.removeAll(header);
                if (!missing.isEmpty()) {
                    throw new IllegalArgumentException("CsvLogger: cannot append to " + file + ": its columns "
                            + header + " have no place for " + missing);
                }
                columns = header;
            } else {
                Files.writeString(file, "", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private String firstLine() throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? "" : line;
        }
    }

    @Override
    public void onEpochEnd(Training training, EpochLogs logs) {
        StringBuilder text = new StringBuilder();
        if (columns == null) {
            columns = new ArrayList<>(logs.values().keySet());
            for (String name : columns) {
                if (name.indexOf(separator) >= 0 || name.indexOf('"') >= 0 || name.indexOf('\n') >= 0
                        || name.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("CsvLogger: metric name '" + name + "' holds the separator '"
                            + separator + "', a quote or a line break");
                }
            }
            String sep = String.valueOf(separator);
            text.append("epoch").append(sep).append(String.join(sep, columns)).append(System.lineSeparator());
        }
        // A row holds only numbers and the commas between them.
        text.append(logs.csvRow(columns).replace(',', separator)).append(System.lineSeparator());
        try {
            // Opened per epoch: the rows are on disk at once, and nothing stays open if training fails.
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
