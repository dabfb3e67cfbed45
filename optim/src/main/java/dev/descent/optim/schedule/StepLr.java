package dev.descent.optim.schedule;

import dev.descent.optim.Check;

/**
 * Step decay: multiply the rate by γ every {@code stepSize} steps — the lecture's "drop by half every 10 epochs" is
 * {@code new StepLr(10, 0.5)}.
 * <pre>
 * lr(t) = lr₀ · γ^⌊t / stepSize⌋
 * </pre>
 * PyTorch's {@code StepLR(step_size, gamma=0.1)}.
 */
public record StepLr(long stepSize, double gamma) implements Schedule {
    public StepLr {
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLr stepSize must be ≥ 1, got " + stepSize);
        }
        Check.nonNegative("StepLr gamma", gamma);
    }

    @Override
    public double lr(long t, double initialLr) {
        return initialLr * Math.pow(gamma, Math.floorDiv(t, stepSize));
    }
}
