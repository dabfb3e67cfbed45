package dev.descent.train.callbacks;

import dev.descent.core.Tensor;
import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a monitored metric has stopped improving: Keras 3's {@code EarlyStopping}, decision for
 * decision (its options, defaults and counting; replayed against a transliteration of Keras 3.15.1's source in the
 * tests).
 *
 * <p>After each epoch {@code e ≥ startFromEpoch}, with {@code current} the monitored value and
 * {@code improves(a, b)} ⇔ MIN: {@code a + minDelta < b}, MAX: {@code a − minDelta > b} ({@link Mode#improves}):
 * <pre>
 * if restoring and no snapshot yet: snapshot the weights, bestEpoch ← e
 * wait ← wait + 1
 * if improves(current, best):  best ← current, bestEpoch ← e, snapshot the weights (if restoring);
 *                              wait ← 0 only if there is no baseline or improves(current, baseline)
 * else if wait ≥ patience and e &gt; 0: stop after this epoch
 * </pre>
 * {@code minDelta} is absolute and a tie exactly at it is no improvement. The first monitored value is always an
 * improvement (there is no best yet), so {@code patience} counts epochs without improvement after it. A baseline
 * does not seed the best: improvements that do not also beat the baseline leave {@code wait} running (an
 * improving epoch itself never stops training), so a run that never reaches the baseline stops at the first
 * non-improving epoch once {@code patience} epochs have been monitored. With {@code restoreBestWeights} the model
 * gets the weights (and buffers, e.g. batch normalization's running statistics) of the best epoch back when
 * training ends, also when the run reaches its last epoch without stopping (Keras 3; Keras 2 restored only after an
 * early stop). Every fit starts afresh (Keras's {@code on_train_begin}) unless it resumes from a checkpoint, which
 * carries the counters and the best weights.
 *
 * <p>Deliberate differences from Keras: a NaN is never the best — Keras 3 takes a NaN first value as its best, after
 * which nothing improves and training stops {@code patience} epochs later; here a NaN simply does not improve.
 * Negative {@code patience}, {@code minDelta} or {@code startFromEpoch} are errors (Keras takes
 * {@code abs(min_delta)} and lets the others through), and a monitored metric that the fit does not record is an
 * error before training (Keras warns every epoch and skips).
 *
 * <pre>{@code
 * new EarlyStopping("val_loss").patience(5).minDelta(1e-3).restoreBestWeights(true)
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private Mode mode = Mode.AUTO;
    private int patience;
    private double minDelta;
    private boolean restoreBestWeights;
    private double baseline = Double.NaN;
    private int startFromEpoch;
    private boolean verbose;

    private Mode direction;
    private double best = Double.NaN; // NaN: no best yet
    private int bestEpoch = -1;
    private int wait;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;
    private boolean resumed;

    /** Watches {@code monitor} (for example {@code "val_loss"}) with patience 0, as Keras's defaults. */
    public EarlyStopping(String monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** MIN, MAX or AUTO (by the metric's name, Keras 3's rule: {@link Mode#AUTO}; the default). */
    public EarlyStopping mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Epochs without improvement to tolerate before stopping (default 0). */
    public EarlyStopping patience(int epochs) {
        this.patience = OptionChecks.nonNegative("EarlyStopping", "patience", epochs);
        return this;
    }

    /** The smallest change that counts as an improvement, absolute (default 0). */
    public EarlyStopping minDelta(double delta) {
        this.minDelta = OptionChecks.finiteNonNegative("EarlyStopping", "minDelta", delta);
        return this;
    }

    /** Whether to put the best epoch's weights back when training ends (default false). */
    public EarlyStopping restoreBestWeights(boolean on) {
        this.restoreBestWeights = on;
        return this;
    }

    /**
     * A value the metric must also beat (by more than {@code minDelta}) for an improvement to reset the patience
     * count (default: none; NaN means none).
     */
    public EarlyStopping baseline(double value) {
        this.baseline = value;
        return this;
    }

    /** Epochs to train before monitoring starts (default 0). */
    public EarlyStopping startFromEpoch(int epoch) {
        this.startFromEpoch = OptionChecks.nonNegative("EarlyStopping", "startFromEpoch", epoch);
        return this;
    }

    /** Whether to print when stopping and restoring. */
    public EarlyStopping verbose(boolean on) {
        this.verbose = on;
        return this;
    }

    /** The best value seen so far, NaN before any. */
    public double best() {
        return best;
    }

    /**
     * The (0-based) epoch of the best value — or of the first monitored epoch while restoring without a best yet,
     * whose weights a restore would give — or −1 if no epoch was monitored.
     */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Epochs counted towards patience (Keras's {@code wait}). */
    public int waitCount() {
        return wait;
    }

    /** The (0-based) epoch after which training was stopped, or −1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public void onTrainBegin(Training training) {
        training.requireMetric("EarlyStopping", monitor);
        direction = mode.resolve(monitor);
        if (!resumed) { // each fit starts afresh, as Keras's on_train_begin
            best = Double.NaN;
            bestEpoch = -1;
            wait = 0;
            stoppedEpoch = -1;
            bestWeights = null;
        }
        resumed = false;
    }

    @Override
    public void onEpochEnd(Training training, EpochLogs logs) {
        int epoch = logs.epoch();
        if (epoch < startFromEpoch) {
            return;
        }
        double current = logs.get(monitor);
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = snapshot(training);
            bestEpoch = epoch;
        }
        wait++;
        if (direction.improves(current, best, minDelta)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = snapshot(training);
            }
            if (Double.isNaN(baseline) || direction.improves(current, baseline, minDelta)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            training.stop("EarlyStopping: " + monitor + (Double.isNaN(best) ? " was NaN"
                    : " did not improve on " + best + " (epoch " + (bestEpoch + 1) + ")") + " for " + wait + " epoch"
                    + (wait == 1 ? "" : "s"));
        }
    }

    private static Map<String, Tensor> snapshot(Training training) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        training.model().stateDict().forEach((k, t) -> copy.put(k, t.copy()));
        return copy;
    }

    @Override
    public void onTrainEnd(Training training) {
        if (verbose && stoppedEpoch >= 0) {
            training.out().println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        }
        if (restoreBestWeights && bestWeights != null) {
            if (verbose) {
                training.out().println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1)
                        + ".");
            }
            training.model().loadStateDict(bestWeights);
        }
    }

    @Override
    public State state() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("bestEpoch", (double) bestEpoch);
        s.put("wait", (double) wait);
        s.put("stoppedEpoch", (double) stoppedEpoch);
        Map<String, Tensor> t = new LinkedHashMap<>();
        if (bestWeights != null) {
            bestWeights.forEach((k, v) -> t.put("best." + k, v));
        }
        return new State(s, t);
    }

    @Override
    public void restoreState(State state) {
        // Everything is read and checked before any field changes, so a refused state leaves this callback as it was.
        double restoredBest = state.scalar("best");
        int restoredBestEpoch = state.count("bestEpoch", -1);
        int restoredWait = state.count("wait", 0);
        int restoredStoppedEpoch = state.count("stoppedEpoch", -1);
        Map<String, Tensor> restoredWeights = null;
        if (!state.tensors().isEmpty()) {
            restoredWeights = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
                if (!e.getKey().startsWith("best.")) {
                    throw new IllegalArgumentException("callback state tensor '" + e.getKey()
                            + "' is not a best weight (best.*)");
                }
                restoredWeights.put(e.getKey().substring("best.".length()), e.getValue().copy());
            }
        }
        resumed = true;
        best = restoredBest;
        bestEpoch = restoredBestEpoch;
        wait = restoredWait;
        stoppedEpoch = restoredStoppedEpoch;
        bestWeights = restoredWeights;
    }
}
