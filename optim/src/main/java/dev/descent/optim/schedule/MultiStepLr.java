package dev.descent.optim.schedule;

import dev.descent.optim.Check;

import java.util.Arrays;

/**
 * Multiply the rate by γ at each milestone:
 * <pre>
 * lr(t) = lr₀ · γ^(number of milestones ≤ t)
 * </pre>
 * PyTorch's {@code MultiStepLR(milestones, gamma=0.1)}; a milestone listed twice counts twice, as there.
 */
public final class MultiStepLr implements Schedule {
    private final long[] milestones;
    private final double gamma;

    public MultiStepLr(double gamma, long... milestones) {
        Check.nonNegative("MultiStepLr gamma", gamma);
        this.gamma = gamma;
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        if (this.milestones.length > 0 && this.milestones[0] < 0) {
            throw new IllegalArgumentException("MultiStepLr milestones must be ≥ 0, got "
                    + Arrays.toString(milestones));
        }
    }

    @Override
    public double lr(long t, double initialLr) {
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= t) {
            passed++;
        }
        return initialLr * Math.pow(gamma, passed);
    }
}
