package dev.descent.train.callbacks;

import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Training;
import dev.descent.optim.schedule.ReduceLrOnPlateau;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts the learning rate when a monitored metric stops improving: optim's {@link ReduceLrOnPlateau} (PyTorch's
 * rule: a cut once more than {@code patience} epochs pass without an improvement beyond the relative threshold), fed
 * the monitored metric after every epoch.
 *
 * <pre>{@code
 * new ReduceLROnPlateau("val_loss", ReduceLrOnPlateau.defaults().withFactor(0.5).withPatience(2), true)
 * }</pre>
 * The options' mode is taken from the metric when built with {@link #ReduceLROnPlateau(String, Mode, ReduceLrOnPlateau.Options, boolean)};
 * note that Keras's callback of this name counts differently (it cuts at {@code wait ≥ patience}, with an absolute
 * {@code min_delta}). Its state (best value, bad epochs, cooldown) travels in checkpoints.
 */
public final class ReduceLROnPlateau implements Callback {
    private final String monitor;
    private final ReduceLrOnPlateau.Options options;
    private final boolean verbose;
    private ReduceLrOnPlateau plateau;
    private Map<String, Double> pendingState;

    /** Watches {@code monitor} with the given options (their mode as given). */
    public ReduceLROnPlateau(String monitor, ReduceLrOnPlateau.Options options, boolean verbose) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.options = Objects.requireNonNull(options, "options");
        this.verbose = verbose;
    }

    /** Watches {@code monitor}, improving in the direction {@code mode} (AUTO: by the metric's name). */
    public ReduceLROnPlateau(String monitor, Mode mode, ReduceLrOnPlateau.Options options, boolean verbose) {
        this(monitor, options.withMode(mode.resolve(monitor) == Mode.MAX ? ReduceLrOnPlateau.Mode.MAX
                : ReduceLrOnPlateau.Mode.MIN), verbose);
    }

    /** Watches {@code val_loss} with PyTorch's defaults (factor 0.1, patience 10). */
    public ReduceLROnPlateau() {
        this(EpochLogs.VAL_LOSS, ReduceLrOnPlateau.defaults(), false);
    }

    @Override
    public void onTrainBegin(Training training) {
        training.requireMetric("ReduceLROnPlateau", monitor);
        plateau = new ReduceLrOnPlateau(training.optimizer(), options);
        if (pendingState != null) {
            plateau.loadStateDict(pendingState);
            pendingState = null;
        }
    }

    @Override
    public void onEpochEnd(Training training, EpochLogs logs) {
        double before = training.learningRate();
        plateau.step(logs.get(monitor));
        double after = training.learningRate();
        if (verbose && after != before) {
            training.out().println(String.format(Locale.ROOT,
                    "Epoch %d: ReduceLROnPlateau reducing learning rate to %s.", logs.epoch() + 1, after));
        }
    }

    @Override
    public State state() {
        Map<String, Double> s = plateau != null ? plateau.stateDict() : pendingState;
        return new State(s != null ? s : Map.of(), Map.of());
    }

    @Override
    public void restoreState(State state) {
        pendingState = state.scalars().isEmpty() ? null : state.scalars();
    }
}
