package dev.descent.optim.schedule;

import dev.descent.optim.Check;

/**
 * A constant fraction of the rate for the first {@code totalIters} steps, then the full rate — a step warm-up:
 * <pre>
 * lr(t) = lr₀ · f   for t &lt; T
 * lr(t) = lr₀       for t ≥ T
 * </pre>
 * PyTorch's {@code ConstantLR(factor=1/3, total_iters=5)}; usually followed by another schedule through
 * {@link Schedule#then}.
 *
 * @param factor     f in [0, 1]
 * @param totalIters T ≥ 1
 */
public record ConstantLr(double factor, long totalIters) implements Schedule {
    public ConstantLr {
        Check.closedUnitInterval("ConstantLr factor", factor);
        if (totalIters < 1) {
            throw new IllegalArgumentException("ConstantLr totalIters must be ≥ 1, got " + totalIters);
        }
    }

    /** PyTorch's defaults: a third of the rate for 5 steps. */
    public ConstantLr() {
        this(1.0 / 3, 5);
    }

    @Override
    public double lr(long t, double initialLr) {
        return t < totalIters ? initialLr * factor : initialLr;
    }
}
