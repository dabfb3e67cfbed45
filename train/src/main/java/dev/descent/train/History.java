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

    /** The last epoch's logs. */
    public EpochLogs last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("the history is empty");
        }
        return epochs.get(epochs.size() - 1);
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
