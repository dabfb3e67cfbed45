package dev.descent.optim.schedule;

import dev.descent.optim.Check;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter, 2017): anneal over T₀ steps, jump back to the
 * initial rate, anneal over T₀·T_mult steps, and so on.
 * <pre>
 * lr(t) = η_min + (lr₀ − η_min) · (1 + cos(π·T_cur / T_i)) / 2
 * </pre>
 * with T_i the length of the current cycle and T_cur the steps since it began. PyTorch's
 * {@code CosineAnnealingWarmRestarts(T_0, T_mult=1, eta_min=0)}; for per-iteration use express T₀ in iterations.
 *
 * @param t0     T₀ ≥ 1, the first cycle's length
 * @param tMult  T_mult ≥ 1, the growth of each cycle
 * @param etaMin η_min ≥ 0
 */
public record CosineAnnealingWarmRestarts(long t0, long tMult, double etaMin) implements Schedule {
    public CosineAnnealingWarmRestarts {
        if (t0 < 1) {
            throw new IllegalArgumentException("CosineAnnealingWarmRestarts t0 must be ≥ 1, got " + t0);
        }
        if (tMult < 1) {
            throw new IllegalArgumentException("CosineAnnealingWarmRestarts tMult must be ≥ 1, got " + tMult);
        }
        Check.nonNegative("CosineAnnealingWarmRestarts etaMin", etaMin);
    }

    @Override
    public double lr(long t, double initialLr) {
        long tCur = t;
        long tI = t0;
        if (tMult == 1) {
            tCur = t % t0;
        } else {
            while (tCur >= tI) {    // at most ~63 cycles before tI overflows t's range
                tCur -= tI;
                tI *= tMult;
            }
        }
        return etaMin + (initialLr - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
    }
}
