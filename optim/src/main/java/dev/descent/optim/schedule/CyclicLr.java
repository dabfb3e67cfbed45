package dev.descent.optim.schedule;

import dev.descent.optim.Check;

import java.util.OptionalDouble;

/**
 * Cyclical learning rates (Smith, 2017): the rate climbs linearly from {@code baseLr} to {@code maxLr} over
 * {@code stepSizeUp} steps, falls back over {@code stepSizeDown}, and repeats, the amplitude scaled by the mode; the
 * momentum (or Adam's β₁) moves the opposite way, from {@code maxMomentum} down to {@code baseMomentum} and back.
 * Meant to be stepped every iteration.
 * <pre>
 * L = up + down,  c = ⌊1 + t/L⌋ (the cycle, from 1),  x = 1 + t/L − c (where in it, [0, 1))
 * s = x / r                  if x ≤ r = up/L   (rising)
 * s = (x − 1) / (r − 1)      otherwise         (falling)
 * lr(t) = baseLr + (maxLr − baseLr) · s · scale      μ(t) = μ_max − (μ_max − μ_base) · s · scale
 * scale: triangular 1;  triangular2 1/2^(c−1) (halved each cycle);  exp_range γᵗ
 * </pre>
 * PyTorch's {@code CyclicLR} with its defaults; as there the rate ignores the group's initial rate. (PyTorch's
 * custom {@code scale_fn} is not offered: {@link LambdaLr} takes any function of t.)
 *
 * @param baseLr        the rate at the bottom of a cycle, ≥ 0
 * @param maxLr         the rate at its top, ≥ 0
 * @param stepSizeUp    steps from bottom to top, ≥ 1 (PyTorch's default 2000)
 * @param stepSizeDown  steps from top to bottom, ≥ 1 (default: stepSizeUp)
 * @param mode          how the amplitude changes from cycle to cycle (default triangular)
 * @param gamma         γ of exp_range, in (0, 1] (default 1)
 * @param cycleMomentum cycle the momentum (default true; needs an optimizer with momentum or β₁)
 * @param baseMomentum  μ_base, the momentum at the top rate (default 0.8)
 * @param maxMomentum   μ_max, the momentum at the bottom rate (default 0.9)
 */
public record CyclicLr(double baseLr, double maxLr, long stepSizeUp, long stepSizeDown, Mode mode, double gamma,
                       boolean cycleMomentum, double baseMomentum, double maxMomentum) implements MomentumSchedule {
    /** How the amplitude of the cycles changes. */
    public enum Mode { TRIANGULAR, TRIANGULAR2, EXP_RANGE }

    public CyclicLr {
        Check.nonNegative("CyclicLr baseLr", baseLr);
        Check.nonNegative("CyclicLr maxLr", maxLr);
        if (stepSizeUp < 1 || stepSizeDown < 1) {
            throw new IllegalArgumentException("CyclicLr stepSizeUp and stepSizeDown must be ≥ 1, got " + stepSizeUp
                    + " and " + stepSizeDown);
        }
        if (mode == null) {
            throw new IllegalArgumentException("CyclicLr mode must be TRIANGULAR, TRIANGULAR2 or EXP_RANGE, got null");
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("CyclicLr gamma must be in (0, 1], got " + gamma);
        }
        Check.unitInterval("CyclicLr baseMomentum", baseMomentum);
        Check.unitInterval("CyclicLr maxMomentum", maxMomentum);
    }

    /** PyTorch's defaults between two rates, climbing for {@code stepSizeUp} steps and falling as long. */
    public static CyclicLr of(double baseLr, double maxLr, long stepSizeUp) {
        return new CyclicLr(baseLr, maxLr, stepSizeUp, stepSizeUp, Mode.TRIANGULAR, 1, true, 0.8, 0.9);
    }

    public CyclicLr withStepSizeDown(long stepSizeDown) {
        return new CyclicLr(baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma, cycleMomentum, baseMomentum,
                maxMomentum);
    }

    /** Another mode; {@code gamma} matters only for EXP_RANGE. */
    public CyclicLr withMode(Mode mode, double gamma) {
        return new CyclicLr(baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma, cycleMomentum, baseMomentum,
                maxMomentum);
    }

    /** Cycle the momentum between these two values. */
    public CyclicLr withMomentum(double baseMomentum, double maxMomentum) {
        return new CyclicLr(baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma, true, baseMomentum, maxMomentum);
    }

    /** Leave the optimizer's momentum alone. */
    public CyclicLr withoutMomentumCycling() {
        return new CyclicLr(baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma, false, baseMomentum, maxMomentum);
    }

    @Override
    public double lr(long t, double initialLr) {
        return baseLr + (maxLr - baseLr) * rise(t) * scale(t);
    }

    @Override
    public OptionalDouble momentum(long t) {
        return cycleMomentum ? OptionalDouble.of(maxMomentum - (maxMomentum - baseMomentum) * rise(t) * scale(t))
                : OptionalDouble.empty();
    }

    private double length() {
        return (double) stepSizeUp + stepSizeDown;
    }

    /** s at step t, in [0, 1]: the way from the bottom of the current cycle to its top. */
    private double rise(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("CyclicLr: step must be ≥ 0, got " + t);
        }
        double ratio = stepSizeUp / length();
        double x = 1 + t / length() - cycle(t);
        return x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    }

    /** The cycle t is in, from 1. */
    private double cycle(long t) {
        return Math.floor(1 + t / length());
    }

    /** The mode's scale of the amplitude at step t. */
    private double scale(long t) {
        return switch (mode) {
            case TRIANGULAR -> 1;
            case TRIANGULAR2 -> 1 / Math.pow(2, cycle(t) - 1);
            case EXP_RANGE -> Math.pow(gamma, t);
        };
    }
}
