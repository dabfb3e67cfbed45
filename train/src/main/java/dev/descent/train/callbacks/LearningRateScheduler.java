package dev.descent.train.callbacks;

import dev.descent.train.Callback;
import dev.descent.train.Training;

import java.util.Locale;
import java.util.Objects;

/**
 * Keras's {@code LearningRateScheduler(schedule, verbose)}: at the start of every epoch the learning rate becomes
 * {@code schedule(epoch, currentRate)} (epoch 0-based). The lecture's step decay, halving every 10 epochs:
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> 0.1 * Math.pow(0.5, Math.floor((1 + epoch) / 10.0)), true)
 * }</pre>
 * With {@code verbose} it prints {@code Epoch 5: LearningRateScheduler setting learning rate to 0.05.} as Keras does
 * (numbers as Java prints them: {@code 1.0E-5} where Python prints {@code 1e-05}). The rate is set on every
 * parameter group, as Keras sets it on each optimizer of a multi-optimizer; the epoch's {@code learning_rate} metric
 * then records it, as Keras's {@code on_epoch_end} does. The function needs no state of its own: optim's pure
 * {@code Schedule}s also fit through {@code (epoch, lr) -> schedule.lr(epoch, initialLr)}.
 *
 * <p>Differences from Keras: the schedule must return a finite rate ≥ 0 (Keras accepts any float, NaN included);
 * Keras's fallback to a one-argument {@code schedule(epoch)} on {@code TypeError} has no counterpart — write
 * {@code (epoch, lr) -> f(epoch)}.
 */
public final class LearningRateScheduler implements Callback {
    /** The learning rate for an epoch, from the epoch (0-based) and the rate in force. */
    @FunctionalInterface
    public interface Function {
        double lr(int epoch, double currentLr);
    }

    private final Function schedule;
    private final boolean verbose;

    public LearningRateScheduler(Function schedule, boolean verbose) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.verbose = verbose;
    }

    public LearningRateScheduler(Function schedule) {
        this(schedule, false);
    }

    @Override
    public void onEpochBegin(Training training, int epoch) {
        double lr = schedule.lr(epoch, training.learningRate());
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave learning rate " + lr
                    + " for epoch " + epoch + "; it must be finite and ≥ 0");
        }
        training.setLearningRate(lr);
        if (verbose) {
            training.out().println(String.format(Locale.ROOT,
                    "Epoch %d: LearningRateScheduler setting learning rate to %s.", epoch + 1, lr));
        }
    }
}
