package dev.descent.optim.schedule;

import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Applies a {@link Schedule} to every group of an optimizer: group g's learning rate becomes
 * {@code schedule.lr(t, g.initialLr())}, and for a {@link MomentumSchedule} its momentum (or β₁) too.
 *
 * <p>Or one schedule per group, in the groups' order — PyTorch's list arguments ({@code OneCycleLR(max_lr=[…])},
 * {@code CyclicLR(base_lr=[…], max_lr=[…])}, {@code LambdaLR(lr_lambda=[…])}), as in discriminative fine-tuning,
 * where earlier layers peak at a smaller rate:
 * <pre>{@code
 * new LrScheduler(sgd, List.of(OneCycleLr.of(0.01, steps), OneCycleLr.of(0.1, steps)));   // body, head
 * }</pre>
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
    /** One per group, in the groups' order. */
    private final List<Schedule> schedules;
    private long t;

    /** Attaches the schedule to every group and installs its values for t = 0. */
    public LrScheduler(Optimizer<?> optimizer, Schedule schedule) {
        this(optimizer, Collections.nCopies(Objects.requireNonNull(optimizer, "optimizer").groups().size(),
                Objects.requireNonNull(schedule, "schedule")));
    }

    /**
     * Attaches {@code perGroup.get(g)} to group g and installs their values for t = 0.
     *
     * @throws IllegalArgumentException if there is not exactly one schedule per group
     */
    public LrScheduler(Optimizer<?> optimizer, List<? extends Schedule> perGroup) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.schedules = List.copyOf(Objects.requireNonNull(perGroup, "perGroup"));
        List<? extends ParamGroup<?>> groups = optimizer.groups();
        if (schedules.size() != groups.size()) {
            throw new IllegalArgumentException("LrScheduler: " + schedules.size() + " schedules for "
                    + groups.size() + " parameter groups of " + optimizer.name() + "; give one per group");
        }
        for (int g = 0; g < groups.size(); g++) {
            Schedule schedule = schedules.get(g);
            if (schedule instanceof MomentumSchedule ms && ms.momentum(0).isPresent()
                    && groups.get(g).options().cycledMomentum().isEmpty()) {
                throw new IllegalArgumentException(schedule.getClass().getSimpleName() + " cycles momentum, but "
                        + optimizer.name() + (groups.size() > 1 ? " group " + g : "")
                        + " has no momentum or β₁; turn momentum cycling off");
            }
        }
        apply(0);
    }

    /** Advances t by one and installs the values for the new t. */
    public void step() {
        apply(t + 1);
    }

    /**
     * Sets t (≥ 0) and installs the schedules' values for it in every group — all or nothing: a value a group
     * refuses (a negative rate, say) leaves every group as it was.
     */
    public void apply(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("LrScheduler: t must be ≥ 0, got " + t);
        }
        List<? extends ParamGroup<?>> groups = optimizer.groups();
        List<Runnable> installs = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            installs.add(prepare(groups.get(i), schedules.get(i), t, groups.size() > 1 ? " for group " + i : ""));
        }
        installs.forEach(Runnable::run);
        this.t = t;
    }

    /** Group g's options for step t, checked now, installed when the returned action runs. */
    private static <O extends Hyperparameters<O>> Runnable prepare(ParamGroup<O> g, Schedule schedule, long t,
                                                                    String group) {
        double lr = schedule.lr(t, g.initialLr());
        O options;
        try {
            options = g.options().withLr(lr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule gave learning rate " + lr + " at t = " + t + group + ": "
                    + e.getMessage(), e);
        }
        OptionalDouble momentum = schedule instanceof MomentumSchedule ms ? ms.momentum(t) : OptionalDouble.empty();
        O next = momentum.isPresent() ? options.withCycledMomentum(momentum.getAsDouble()) : options;
        next.validate();
        return () -> g.setOptions(next);
    }

    /** The current t: steps taken since t = 0. */
    public long t() {
        return t;
    }

    /** The schedules being applied, one per group in the groups' order (the same one repeated if one was given). */
    public List<Schedule> schedules() {
        return schedules;
    }
}
