package dev.descent.optim.schedule;

/**
 * Linear warm-up (or decay) of a factor of the initial rate over the first {@code totalIters} steps:
 * <pre>
 * lr(t) = lr₀ · (s + (e − s) · min(t, T) / T)
 * </pre>
 * PyTorch's {@code LinearLR(start_factor=1/3, end_factor=1.0, total_iters=5)}; usually followed by another schedule
 * through {@link Schedule#then}.
 *
 * @param startFactor s in (0, 1]
 * @param endFactor   e in [0, 1]
 * @param totalIters  T ≥ 1
 */
public record LinearLr(double startFactor, double endFactor, long totalIters) implements Schedule {
    public LinearLr {
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearLr startFactor must be in (0, 1], got " + startFactor);
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLr endFactor must be in [0, 1], got " + endFactor);
        }
        if (totalIters < 1) {
            throw new IllegalArgumentException("LinearLr totalIters must be ≥ 1, got " + totalIters);
        }
    }

    /** PyTorch's defaults: from a third of the rate to all of it in 5 steps. */
    public LinearLr() {
        this(1.0 / 3, 1.0, 5);
    }

    @Override
    public double lr(long t, double initialLr) {
        return initialLr * (startFactor + (endFactor - startFactor) * Math.min(t, totalIters) / totalIters);
    }
}
