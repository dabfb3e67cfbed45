package dev.descent.train.callbacks;

import dev.descent.optim.ParamGroup;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts the learning rate when a monitored metric stops improving: Keras 3's {@code ReduceLROnPlateau}, decision for
 * decision (replayed against a transliteration of Keras 3.15.1's source in the tests) — or, built with
 * {@link ReduceLrOnPlateau.Options}, PyTorch's.
 *
 * <p>Keras's rule, after each epoch, with {@code improves(a, b)} ⇔ MIN: {@code a + minDelta < b}, MAX:
 * {@code a − minDelta > b} ({@link Mode#improves}; the first value always improves, a NaN never):
 * <pre>
 * if cooldownCounter &gt; 0:  cooldownCounter ← cooldownCounter − 1, wait ← 0
 * if improves(current, best):  best ← current, wait ← 0
 * else if cooldownCounter = 0:
 *     wait ← wait + 1
 *     if wait ≥ patience:  every group with lr &gt; minLr: lr ← max(lr·factor, minLr)
 *                          if some group was cut: cooldownCounter ← cooldown, wait ← 0
 * </pre>
 * So {@code minDelta} is absolute (a tie exactly at it is no improvement); a cut comes on the {@code patience}-th
 * epoch without improvement ({@code patience} 0: at every one); no epoch of the cooldown counts towards patience,
 * including the epoch that ends it (the counter is reset to 0 before the test); improvements still update the best
 * during the cooldown; and once every rate sits at {@code minLr}, {@code wait} keeps growing and nothing more
 * happens. Every fit starts afresh (Keras's {@code on_train_begin}) unless it resumes from a checkpoint, which carries
 * {@code best}, {@code wait} and the cooldown counter.
 *
 * <p>Differences from Keras: Keras holds the rate in a float32 variable (and compares {@code lr > float32(minLr)}),
 * Descent in a double, so rates agree to float32 precision; a NaN first value is not taken as the best (Keras 3
 * takes it, and then nothing ever improves); {@code factor} must lie in (0, 1) and the other options be ≥ 0 (Keras
 * only refuses {@code factor ≥ 1}).
 *
 * <p>PyTorch's rule (optim's {@link ReduceLrOnPlateau}: {@code threshold} relative by default,
 * {@code m < best·(1 − threshold)}, a cut once <em>more than</em> {@code patience} epochs pass without improvement,
 * cuts smaller than {@code eps} skipped, the bad-epoch count zeroed during cooldown after the comparison) is there
 * for runs that must match a PyTorch script; with the same numbers it cuts one epoch later than Keras.
 *
 * <p><b>With a schedule.</b> The cut is written into the optimizer's rate. Descent's schedules compute each rate from
 * the group's initial rate and the step count alone, so a schedule stepped after a cut replaces it — as Keras's
 * {@code LearningRateScheduler} does with a schedule that ignores the current rate, and as PyTorch's closed-form
 * schedulers ({@code LambdaLR}, {@code OneCycleLR}) do; PyTorch's chained ones ({@code StepLR},
 * {@code ExponentialLR}) multiply the cut rate instead. Use this callback or a schedule, not both.
 *
 * <pre>{@code
 * new ReduceLROnPlateau("val_loss").factor(0.2).patience(5).minLr(1e-3)                        // Keras's rule
 * new ReduceLROnPlateau("val_loss", ReduceLrOnPlateau.defaults().withPatience(5), false)      // PyTorch's rule
 * }</pre>
 */
public final class ReduceLROnPlateau implements Callback {
    private static final String NAME = "ReduceLROnPlateau";
    private final String monitor;
    private final ReduceLrOnPlateau.Options pytorch; // null: Keras's rule
    private boolean verbose;

    private Mode mode = Mode.AUTO;
    private double factor = 0.1;
    private int patience = 10;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private Mode direction;
    private double best = Double.NaN; // NaN: no best yet
    private int wait;
    private int cooldownCounter;
    private boolean resumed;

    private ReduceLrOnPlateau plateau;
    private Map<String, Double> pendingState;

    /**
     * Keras's rule watching {@code monitor}, with Keras's defaults: mode AUTO, factor 0.1, patience 10, minDelta
     * 1e-4, cooldown 0, minLr 0.
     */
    public ReduceLROnPlateau(String monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.pytorch = null;
    }

    /** Keras's rule and defaults, watching {@code val_loss}. */
    public ReduceLROnPlateau() {
        this(EpochLogs.VAL_LOSS);
    }

    /** PyTorch's rule watching {@code monitor}, with the given options (their mode as given). */
    public ReduceLROnPlateau(String monitor, ReduceLrOnPlateau.Options options, boolean verbose) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.pytorch = Objects.requireNonNull(options, "options");
        this.verbose = verbose;
    }

    /** PyTorch's rule watching {@code monitor}, improving in the direction {@code mode} (AUTO: by the name). */
    public ReduceLROnPlateau(String monitor, Mode mode, ReduceLrOnPlateau.Options options, boolean verbose) {
        this(monitor, options.withMode(mode.resolve(monitor) == Mode.MAX ? ReduceLrOnPlateau.Mode.MAX
                : ReduceLrOnPlateau.Mode.MIN), verbose);
    }

    /** MIN, MAX or AUTO (by the metric's name, {@link Mode#AUTO}; the default). */
    public ReduceLROnPlateau mode(Mode mode) {
        kerasOption("mode");
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** The multiplier of a cut, in (0, 1) (default 0.1). */
    public ReduceLROnPlateau factor(double factor) {
        kerasOption("factor");
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        }
        this.factor = factor;
        return this;
    }

    /** Epochs without improvement before a cut, the cut coming on the last of them (default 10). */
    public ReduceLROnPlateau patience(int epochs) {
        kerasOption("patience");
        this.patience = OptionChecks.nonNegative(NAME, "patience", epochs);
        return this;
    }

    /** The smallest change that counts as an improvement, absolute (default 1e-4). */
    public ReduceLROnPlateau minDelta(double delta) {
        kerasOption("minDelta");
        this.minDelta = OptionChecks.finiteNonNegative(NAME, "minDelta", delta);
        return this;
    }

    /** Epochs after a cut during which no epoch counts towards patience (default 0). */
    public ReduceLROnPlateau cooldown(int epochs) {
        kerasOption("cooldown");
        this.cooldown = OptionChecks.nonNegative(NAME, "cooldown", epochs);
        return this;
    }

    /** The floor of the learning rate (default 0). */
    public ReduceLROnPlateau minLr(double lr) {
        kerasOption("minLr");
        this.minLr = OptionChecks.finiteNonNegative(NAME, "minLr", lr);
        return this;
    }

    /** Whether to print each cut, as Keras's {@code verbose=1}. */
    public ReduceLROnPlateau verbose(boolean on) {
        this.verbose = on;
        return this;
    }

    private void kerasOption(String name) {
        if (pytorch != null) {
            throw new IllegalStateException("ReduceLROnPlateau: " + name + " is an option of Keras's rule; this "
                    + "instance follows PyTorch's, whose options are its ReduceLrOnPlateau.Options");
        }
    }

    /** The best value so far (Keras's rule), NaN before any. */
    public double best() {
        return pytorch != null && plateau != null ? plateau.best() : best;
    }

    /** Epochs without improvement counted towards patience (Keras's {@code wait}; PyTorch's bad epochs). */
    public int waitCount() {
        return pytorch != null ? (plateau != null ? plateau.badEpochs() : 0) : wait;
    }

    /** Epochs of cooldown left (Keras's rule). */
    public int cooldownLeft() {
        return cooldownCounter;
    }

    @Override
    public void onTrainBegin(Training training) {
        training.requireMetric("ReduceLROnPlateau", monitor);
        if (pytorch != null) {
            plateau = new ReduceLrOnPlateau(training.optimizer(), pytorch);
            if (pendingState != null) {
                plateau.loadStateDict(pendingState);
                pendingState = null;
            }
            return;
        }
        direction = mode.resolve(monitor);
        if (!resumed) {
            best = Double.NaN;
            wait = 0;
            cooldownCounter = 0;
        }
        resumed = false;
    }

    @Override
    public void onEpochEnd(Training training, EpochLogs logs) {
        double before = training.learningRate();
        if (pytorch != null) {
            plateau.step(logs.get(monitor));
        } else {
            kerasStep(training, logs.get(monitor));
        }
        double after = training.learningRate();
        if (verbose && after != before) {
            training.out().println(String.format(Locale.ROOT,
                    "Epoch %d: ReduceLROnPlateau reducing learning rate to %s.", logs.epoch() + 1, after));
        }
    }

    private void kerasStep(Training training, double current) {
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (direction.improves(current, best, minDelta)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                boolean reduced = false;
                for (ParamGroup<?> g : training.optimizer().groups()) {
                    if (g.lr() > minLr) {
                        g.setLr(Math.max(g.lr() * factor, minLr));
                        reduced = true;
                    }
                }
                if (reduced) {
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }

    @Override
    public State state() {
        if (pytorch != null) {
            Map<String, Double> s = plateau != null ? plateau.stateDict() : pendingState;
            return new State(s != null ? s : Map.of(), Map.of());
        }
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("wait", (double) wait);
        s.put("cooldownCounter", (double) cooldownCounter);
        return new State(s, Map.of());
    }

    @Override
    public void restoreState(State state) {
        if (pytorch != null) {
            pendingState = state.scalars().isEmpty() ? null : state.scalars();
            return;
        }
        double restoredBest = state.scalar("best");
        int restoredWait = state.count("wait", 0);
        int restoredCooldown = state.count("cooldownCounter", 0);
        best = restoredBest;
        wait = restoredWait;
        cooldownCounter = restoredCooldown;
        resumed = true;
    }
}
