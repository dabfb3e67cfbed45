package dev.descent.train.callbacks;

import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;

/** Overwrites a metric with scripted values, epoch by epoch, so callbacks can be tested on known sequences. */
final class ScriptedMetric implements Callback {
    private final String name;
    private final double[] values;

    ScriptedMetric(String name, double... values) {
        this.name = name;
        this.values = values;
    }

    @Override
    public void onEpochEnd(Training training, EpochLogs logs) {
        logs.put(name, values[logs.epoch()]);
    }
}
