package dev.descent.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every epoch's metrics, as Keras's {@code History}: what learning-curve charts are drawn from.
 *
 * <pre>{@code
 * History h = trainer.fit(...);
 * double[] valLoss = h.metric("val_loss");   // one value per epoch
 * }</pre>
 */
public final class History {
    private final List<EpochLogs> epochs = new ArrayList<>();
    private String stopReason;

    /** Appends an epoch's logs. */
    public void add(EpochLogs logs) {
        epochs.add(logs);
    }

    /** The number of epochs recorded. */
    public int size() {
        return epochs.size();
    }

    /** The logs of the {@code i}-th recorded epoch. */
    public EpochLogs epoch(int i) {
        return epochs.get(i);
    }

    /** All recorded epochs, in order (unmodifiable). */
    public List<EpochLogs> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The names of all metrics recorded, in first-seen order. */
    public List<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (EpochLogs e : epochs) {
            names.addAll(e.values().keySet());
        }
        return List.copyOf(names);
    }

    /**
     * {@code name}'s value for every recorded epoch; NaN where an epoch lacks it.
     *
     * @throws IllegalArgumentException if no epoch recorded it
     */
    public double[] metric(String name) {
        if (!metricNames().contains(name)) {
            throw new IllegalArgumentException("no metric '" + name + "' in the history; recorded: " + metricNames());
        }
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            EpochLogs e = epochs.get(i);
            out[i] = e.has(name) ? e.get(name) : Double.NaN;
        }
        return out;
    }

    /** Why training stopped before its last epoch (early stopping, a diverging loss), or null if it ran to the end. */
    public String stopReason() {
        return stopReason;
    }

    void setStopReason(String reason) {
        this.stopReason = reason;
    }

    /** The last epoch's logs. */
    public EpochLogs last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("the history is empty");
        }
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The history as CSV: a header {@code epoch,<metric>,…} and one row per epoch (epochs counted from 1), every
     * value written so that {@link #parseCsv} gives back the same bits; a missing value is empty.
     */
    public String toCsv() {
        List<String> names = metricNames();
        StringBuilder s = new StringBuilder(EpochLogs.csvHeader(names)).append('\n');
        for (EpochLogs e : epochs) {
            s.append(e.csvRow(names)).append('\n');
        }
        return s.toString();
    }

    /**
     * The history written by {@link #toCsv}.
     *
     * @throws IllegalArgumentException if the text is not such a table, naming the line
     */
    public static History parseCsv(String csv) {
        History h = new History();
        String[] lines = csv.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("epoch")) {
            throw new IllegalArgumentException("history CSV must start with a header 'epoch,…'");
        }
        String[] names = lines[0].split(",", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            if (cells.length != names.length) {
                throw new IllegalArgumentException("history CSV line " + (i + 1) + " has " + cells.length
                        + " cells for " + names.length + " columns");
            }
            try {
                EpochLogs e = new EpochLogs(Integer.parseInt(cells[0]) - 1);
                for (int c = 1; c < cells.length; c++) {
                    if (!cells[c].isEmpty()) {
                        e.put(names[c], Double.parseDouble(cells[c]));
                    }
                }
                h.add(e);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("history CSV line " + (i + 1) + ": " + ex.getMessage(), ex);
            }
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("History[");
        for (EpochLogs e : epochs) {
            s.append("\n  ").append(e);
        }
        return s.append(epochs.isEmpty() ? "]" : "\n]").toString();
    }
}
