package dev.descent.optim.schedule;

/**
 * A learning-rate schedule: a pure function from the step count t — epochs or iterations, the caller's choice — and a
 * parameter group's initial learning rate to the learning rate for step t. Nothing is remembered between calls, so
 * a schedule can be asked for any t in any order, and a resumed run only needs its t.
 *
 * <p>Values match PyTorch's schedulers in their closed form ({@code base_lr} is {@code initialLr}; PyTorch's
 * {@code last_epoch} is t). {@link LrScheduler} applies a schedule to an optimizer's groups; {@link #then} composes
 * schedules in time, as PyTorch's {@code SequentialLR}:
 * <pre>{@code
 * Schedule warmupThenCosine = new LinearLr(0.01, 1.0, 500).then(500, new CosineAnnealingLr(9_500, 0));
 * }</pre>
 */
@FunctionalInterface
public interface Schedule {
    /**
     * The learning rate for step {@code t ≥ 0}.
     *
     * @param t         the number of steps (epochs or iterations) already taken; 0 for the first
     * @param initialLr the learning rate the group started with (PyTorch's {@code base_lr})
     */
    double lr(long t, double initialLr);

    /**
     * This schedule for steps {@code 0 … steps−1}, then {@code next} started afresh: step {@code t ≥ steps} gets
     * {@code next.lr(t − steps, initialLr)}.
     */
    default Schedule then(long steps, Schedule next) {
        return new Sequential(this, steps, next);
    }

    /** The initial learning rate, unchanged. */
    static Schedule constant() {
        return (t, initialLr) -> initialLr;
    }
}
