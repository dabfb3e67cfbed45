package dev.descent.optim.schedule;

import dev.descent.optim.Check;

/**
 * Polynomial decay to zero over {@code totalIters} steps, then zero:
 * <pre>
 * lr(t) = lr₀ · (1 − min(t, T)/T)^p
 * </pre>
 * p = 1 is a linear decay to 0; p = 2 falls fast at first and flattens near the end. PyTorch's
 * {@code PolynomialLR(total_iters=5, power=1.0)}.
 *
 * @param totalIters T ≥ 1
 * @param power      p ≥ 0
 */
public record PolynomialLr(long totalIters, double power) implements Schedule {
    public PolynomialLr {
        if (totalIters < 1) {
            throw new IllegalArgumentException("PolynomialLr totalIters must be ≥ 1, got " + totalIters);
        }
        Check.nonNegative("PolynomialLr power", power);
        Check.finite("PolynomialLr power", power);
    }

    @Override
    public double lr(long t, double initialLr) {
        return initialLr * Math.pow(1.0 - (double) Math.min(t, totalIters) / totalIters, power);
    }
}
