package dev.descent.optim.schedule;

import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Applies a {@link Schedule} to every group of an optimizer: group g's learning rate becomes
 * {@code schedule.lr(t, g.initialLr())}, and for a {@link MomentumSchedule} its momentum (or β₁) too.
 *
 * <p>Step it once per epoch or once per iteration — the schedule's t counts whichever you choose — after the
 * optimizer's step, as in PyTorch:
 * <pre>{@code
 * var scheduler = new LrScheduler(optimizer, new StepLr(10, 0.5));   // installs lr(0)
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     trainOneEpoch(optimizer);                                       // runs at lr(epoch)
 *     scheduler.step();                                               // installs lr(epoch + 1)
 * }
 * }</pre>
 * The schedule is a pure function of t, so to resume a run, load the optimizer's state and call {@link #apply} with
 * the t reached.
 */
public final class LrScheduler {
    private final Optimizer<?> optimizer;
    private final Schedule schedule;
    private long t;

    /** Attaches the schedule and installs its values for t = 0. */
    public LrScheduler(Optimizer<?> optimizer, Schedule schedule) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        if (schedule instanceof MomentumSchedule ms && ms.momentum(0).isPresent()) {
            for (ParamGroup<?> g : optimizer.groups()) {
                if (g.options().cycledMomentum().isEmpty()) {
                    throw new IllegalArgumentException(schedule.getClass().getSimpleName() + " cycles momentum, but "
                            + optimizer.name() + " has no momentum or β₁; turn momentum cycling off");
                }
            }
        }
        apply(0);
    }

    /** Advances t by one and installs the values for the new t. */
    public void step() {
        apply(t + 1);
    }

    /** Sets t (≥ 0) and installs the schedule's values for it in every group. */
    public void apply(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("LrScheduler: t must be ≥ 0, got " + t);
        }
        OptionalDouble momentum = schedule instanceof MomentumSchedule ms ? ms.momentum(t) : OptionalDouble.empty();
        for (ParamGroup<?> g : optimizer.groups()) {
            double lr = schedule.lr(t, g.initialLr());
            try {
                g.setLr(lr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("schedule gave learning rate " + lr + " at t = " + t + ": "
                        + e.getMessage(), e);
            }
            if (momentum.isPresent()) {
                setMomentum(g, momentum.getAsDouble());
            }
        }
        this.t = t;
    }

    private static <O extends Hyperparameters<O>> void setMomentum(ParamGroup<O> g, double momentum) {
        g.setOptions(g.options().withCycledMomentum(momentum));
    }

    /** The current t: steps taken since t = 0. */
    public long t() {
        return t;
    }

    /** The schedule being applied. */
    public Schedule schedule() {
        return schedule;
    }
}
