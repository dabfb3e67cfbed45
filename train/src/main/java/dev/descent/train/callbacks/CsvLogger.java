package dev.descent.train.callbacks;

import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes every epoch's metrics to a CSV file as it ends, as Keras's {@code CSVLogger}: a header
 * {@code epoch,loss,accuracy,…} and one row per epoch (epochs counted from 1), flushed at once so the file can be
 * watched or plotted while training runs. Values are written exactly ({@link Double#toString}).
 *
 * <p>Without {@code append} the file is replaced when training begins; with it, rows are added to an existing file
 * (for a resumed run) and the header is written only if the file is new or empty.
 */
public final class CsvLogger implements Callback {
    private final Path file;
    private final boolean append;
    private List<String> columns;

    public CsvLogger(Path file, boolean append) {
        this.file = Objects.requireNonNull(file, "file");
        this.append = append;
    }

    public CsvLogger(Path file) {
        this(file, false);
    }

    @Override
    public void onTrainBegin(Training training) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (append && Files.exists(file) && Files.size(file) > 0) {
                List<String> header = new ArrayList<>(List.of(Files.readAllLines(file, StandardCharsets.UTF_8).get(0)
                        .split(",", -1)));
                header.remove(0); // "epoch"
                columns = header;
            } else {
                Files.writeString(file, "", StandardCharsets.UTF_8);
                columns = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(Training training, EpochLogs logs) {
        StringBuilder text = new StringBuilder();
        if (columns == null) {
            columns = new ArrayList<>(logs.values().keySet());
            text.append(EpochLogs.csvHeader(columns)).append(System.lineSeparator());
        }
        text.append(logs.csvRow(columns)).append(System.lineSeparator());
        try {
            // Opened per epoch: the rows are on disk at once, and nothing stays open if training fails.
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
