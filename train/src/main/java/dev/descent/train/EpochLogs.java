package dev.descent.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics of one epoch, by Keras's names, in the order they were recorded: {@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code learning_rate}, {@code seconds}. Callbacks may add their own.
 */
public final class EpochLogs {
    /** Mean training loss over the epoch's examples (training mode: dropout on, batch statistics). */
    public static final String LOSS = "loss";
    /** Fraction of training examples classified correctly during the epoch. */
    public static final String ACCURACY = "accuracy";
    /** Mean loss on the validation data after the epoch (eval mode, no graph). */
    public static final String VAL_LOSS = "val_loss";
    /** Accuracy on the validation data after the epoch. */
    public static final String VAL_ACCURACY = "val_accuracy";
    /** The learning rate in force at the end of the epoch (of the first parameter group). */
    public static final String LEARNING_RATE = "learning_rate";
    /** Wall-clock seconds of the epoch, validation included. */
    public static final String SECONDS = "seconds";

    private final int epoch;
    private final Map<String, Double> values = new LinkedHashMap<>();

    /** Empty logs for {@code epoch} (0-based). */
    public EpochLogs(int epoch) {
        this.epoch = epoch;
    }

    /** The epoch, 0-based. */
    public int epoch() {
        return epoch;
    }

    /** Records {@code name = value}, replacing an earlier value of that name. */
    public EpochLogs put(String name, double value) {
        values.put(name, value);
        return this;
    }

    /** Whether {@code name} was recorded. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * The value of {@code name}.
     *
     * @throws IllegalArgumentException if it was not recorded (the message lists what was)
     */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + name + "' in epoch " + (epoch + 1)
                    + "; available: " + values.keySet());
        }
        return v;
    }

    /** Every metric, in recording order (unmodifiable). */
    public Map<String, Double> values() {
        return Collections.unmodifiableMap(values);
    }

    /** {@code loss: 0.4321 - accuracy: 0.8712 - …}, Keras's way of printing an epoch. */
    public String format() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (s.length() > 0) {
                s.append(" - ");
            }
            s.append(e.getKey()).append(": ").append(formatValue(e.getKey(), e.getValue()));
        }
        return s.toString();
    }

    /** {@code epoch,<name>,…}: the header of {@link #csvRow}. */
    public static String csvHeader(List<String> names) {
        return "epoch," + String.join(",", names);
    }

    /** The epoch (counted from 1) and the values of {@code names}, exact ({@link Double#toString}), empty if absent. */
    public String csvRow(List<String> names) {
        StringBuilder s = new StringBuilder().append(epoch + 1);
        for (String n : names) {
            s.append(',');
            Double v = values.get(n);
            if (v != null) {
                s.append(v);
            }
        }
        return s.toString();
    }

    static String formatValue(String name, double v) {
        if (name.equals(SECONDS)) {
            return String.format(Locale.ROOT, "%.1fs", v);
        }
        if (name.equals(LEARNING_RATE) || (v != 0 && Math.abs(v) < 1e-3)) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public String toString() {
        return "epoch " + (epoch + 1) + ": " + format();
    }
}
