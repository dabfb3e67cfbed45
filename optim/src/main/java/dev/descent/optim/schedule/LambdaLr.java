package dev.descent.optim.schedule;

import java.util.Objects;
import java.util.function.LongToDoubleFunction;

/**
 * Any function of t, in one of two forms:
 * <ul>
 *   <li>{@link #factor}: {@code lr(t) = lr₀ · f(t)} — PyTorch's {@code LambdaLR};</li>
 *   <li>{@link #absolute}: {@code lr(t) = f(t)} — Keras's {@code LearningRateScheduler(schedule)}, as in the
 *       lecture's {@code step_decay(epoch)}.</li>
 * </ul>
 * The function must be pure (same t, same rate) for runs to resume exactly.
 */
public final class LambdaLr implements Schedule {
    private final LongToDoubleFunction f;
    private final boolean scalesInitial;

    private LambdaLr(LongToDoubleFunction f, boolean scalesInitial) {
        this.f = Objects.requireNonNull(f, "function");
        this.scalesInitial = scalesInitial;
    }

    /** {@code lr(t) = lr₀ · factor(t)}. */
    public static LambdaLr factor(LongToDoubleFunction factor) {
        return new LambdaLr(factor, true);
    }

    /** {@code lr(t) = rate(t)}, whatever the group's initial rate. */
    public static LambdaLr absolute(LongToDoubleFunction rate) {
        return new LambdaLr(rate, false);
    }

    @Override
    public double lr(long t, double initialLr) {
        double v = f.applyAsDouble(t);
        return scalesInitial ? initialLr * v : v;
    }
}
