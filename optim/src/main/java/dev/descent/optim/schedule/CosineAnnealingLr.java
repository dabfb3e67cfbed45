package dev.descent.optim.schedule;

import dev.descent.optim.Check;

/**
 * Cosine annealing (Loshchilov and Hutter, SGDR, 2017, without restarts):
 * <pre>
 * lr(t) = η_min + (lr₀ − η_min) · (1 + cos(π·t / T_max)) / 2
 * </pre>
 * PyTorch's {@code CosineAnnealingLR(T_max, eta_min=0)}. As there, t is not clamped: past T_max the rate climbs back
 * along the cosine (period 2·T_max). Stop at T_max, or chain a constant with {@link Schedule#then}, to hold η_min.
 *
 * @param tMax   T_max ≥ 1, the half period
 * @param etaMin η_min ≥ 0
 */
public record CosineAnnealingLr(long tMax, double etaMin) implements Schedule {
    public CosineAnnealingLr {
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLr tMax must be ≥ 1, got " + tMax);
        }
        Check.nonNegative("CosineAnnealingLr etaMin", etaMin);
    }

    @Override
    public double lr(long t, double initialLr) {
        return etaMin + (initialLr - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }
}
