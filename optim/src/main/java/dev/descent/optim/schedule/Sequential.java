package dev.descent.optim.schedule;

import java.util.Objects;

/**
 * One schedule for the first {@code steps} steps, then another restarted at 0 — PyTorch's {@code SequentialLR} with
 * one milestone. Made by {@link Schedule#then}; chain {@code then} for more phases.
 */
record Sequential(Schedule first, long steps, Schedule next) implements Schedule {
    Sequential {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(next, "next");
        if (steps < 0) {
            throw new IllegalArgumentException("Schedule.then: steps must be ≥ 0, got " + steps);
        }
    }

    @Override
    public double lr(long t, double initialLr) {
        return t < steps ? first.lr(t, initialLr) : next.lr(t - steps, initialLr);
    }
}
