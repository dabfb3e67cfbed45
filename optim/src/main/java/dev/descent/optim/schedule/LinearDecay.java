package dev.descent.optim.schedule;

import dev.descent.optim.Check;

/**
 * The Deep Learning book's linear decay (§8.3.1): decay linearly from ε₀ to ε_τ over τ steps, then stay:
 * <pre>
 * ε_k = (1 − α)·ε₀ + α·ε_τ,   α = k/τ,   for k ≤ τ
 * ε_k = ε_τ                              for k &gt; τ
 * </pre>
 * ε₀ is the group's initial rate; the book suggests ε_τ ≈ 1% of ε₀ and τ a few hundred passes over the data.
 *
 * @param tau     τ ≥ 1, the step at which the decay ends
 * @param finalLr ε_τ ≥ 0
 */
public record LinearDecay(long tau, double finalLr) implements Schedule {
    public LinearDecay {
        if (tau < 1) {
            throw new IllegalArgumentException("LinearDecay tau must be ≥ 1, got " + tau);
        }
        Check.nonNegative("LinearDecay finalLr", finalLr);
    }

    @Override
    public double lr(long k, double initialLr) {
        if (k >= tau) {
            return finalLr;
        }
        double alpha = (double) k / tau;
        return (1 - alpha) * initialLr + alpha * finalLr;
    }
}
