package dev.descent.train.callbacks;

import dev.descent.core.Tensor;
import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a monitored metric has stopped improving, as Keras's {@code EarlyStopping}.
 *
 * <p>After each epoch {@code e ≥ startFromEpoch}, with {@code current} the monitored value:
 * <pre>
 * improvement  ⇔  MIN: current + minDelta &lt; best      MAX: current − minDelta &gt; best
 * wait ← wait + 1
 * improvement:  best ← current, bestEpoch ← e, snapshot the weights (if restoring);
 *               wait ← 0 unless a baseline is set and current does not beat it too
 * otherwise:    if wait ≥ patience and e &gt; 0, stop
 * </pre>
 * {@code minDelta} is absolute. With {@code restoreBestWeights} the model gets the weights (and buffers, e.g. batch
 * normalization's running statistics) of its best epoch back when training ends — as Keras 3 does, also when the
 * run reaches its last epoch without stopping. A NaN value is never an improvement.
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
    private double best;
    private int bestEpoch = -1;
    private int wait;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    /** Watches {@code monitor} (for example {@code "val_loss"}) with patience 0, as Keras's defaults. */
    public EarlyStopping(String monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** MIN, MAX or AUTO (by the metric's name; the default). */
    public EarlyStopping mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Epochs without improvement to tolerate before stopping (default 0). */
    public EarlyStopping patience(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be ≥ 0, got " + epochs);
        }
        this.patience = epochs;
        return this;
    }

    /** The smallest change that counts as an improvement, absolute (default 0). */
    public EarlyStopping minDelta(double delta) {
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be finite and ≥ 0, got " + delta);
        }
        this.minDelta = delta;
        return this;
    }

    /** Whether to put the best epoch's weights back when training ends (default false). */
    public EarlyStopping restoreBestWeights(boolean on) {
        this.restoreBestWeights = on;
        return this;
    }

    /** A value the metric must beat before patience starts to be reset (default: none). */
    public EarlyStopping baseline(double value) {
        this.baseline = value;
        return this;
    }

    /** Epochs to train before monitoring starts (default 0). */
    public EarlyStopping startFromEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("EarlyStopping: startFromEpoch must be ≥ 0, got " + epoch);
        }
        this.startFromEpoch = epoch;
        return this;
    }

    /** Whether to print when stopping and restoring. */
    public EarlyStopping verbose(boolean on) {
        this.verbose = on;
        return this;
    }

    /** The best value seen so far. */
    public double best() {
        return best;
    }

    /** The (0-based) epoch of the best value, or −1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The (0-based) epoch after which training was stopped, or −1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public void onTrainBegin(Training training) {
        training.requireMetric("EarlyStopping", monitor);
        Mode resolved = mode.resolve(monitor);
        if (direction == null) { // not restored from a checkpoint
            direction = resolved;
            best = direction == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
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
        }
        wait++;
        if (isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = snapshot(training);
            }
            if (Double.isNaN(baseline) || isImprovement(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            training.stop("EarlyStopping: " + monitor + " did not improve on " + best + " (epoch " + (bestEpoch + 1)
                    + ") for " + wait + " epoch" + (wait == 1 ? "" : "s"));
        }
    }

    private boolean isImprovement(double value, double reference) {
        return direction == Mode.MIN ? value + minDelta < reference : value - minDelta > reference;
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
        s.put("direction", direction == null ? 0.0 : direction == Mode.MIN ? -1.0 : 1.0);
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
        double d = state.scalar("direction");
        direction = d == 0 ? null : d < 0 ? Mode.MIN : Mode.MAX;
        best = state.scalar("best");
        bestEpoch = (int) state.scalar("bestEpoch");
        wait = (int) state.scalar("wait");
        stoppedEpoch = (int) state.scalar("stoppedEpoch");
        bestWeights = null;
        if (!state.tensors().isEmpty()) {
            bestWeights = new LinkedHashMap<>();
            state.tensors().forEach((k, v) -> bestWeights.put(k.substring("best.".length()), v.copy()));
        }
    }
}
