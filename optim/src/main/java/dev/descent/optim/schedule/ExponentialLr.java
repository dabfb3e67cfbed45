package dev.descent.optim.schedule;

import dev.descent.optim.Check;

/**
 * Exponential decay:
 * <pre>
 * lr(t) = lr₀ · γᵗ
 * </pre>
 * PyTorch's {@code ExponentialLR(gamma)}. Keras's {@code ExponentialDecay(lr₀, decay_steps, decay_rate)} is
 * {@code γ = decay_rate^(1/decay_steps)}.
 */
public record ExponentialLr(double gamma) implements Schedule {
    public ExponentialLr {
        Check.nonNegative("ExponentialLr gamma", gamma);
    }

    @Override
    public double lr(long t, double initialLr) {
        return initialLr * Math.pow(gamma, t);
    }
}
